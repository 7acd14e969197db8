package io.hcoguard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The CLI's reading of GuardConfig: the mapping's defaults, overridden by the webhook's environment variables. */
class EnvironmentConfigTest {

    @Test
    void everyKeyHasTheMappingsDefault() {
        GuardConfig config = EnvironmentConfig.read(Map.of());

        assertThat(config.tls().cert()).isEqualTo("certs/out/tls.crt");
        assertThat(config.tls().key()).isEqualTo("certs/out/tls.key");
        assertThat(config.tls().reloadPeriod()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.migratability().hostpathProvisioners())
                .containsExactly("kubevirt.io.hostpath-provisioner", "kubevirt.io/hostpath-provisioner");
        assertThat(config.migratability().sriovBlocks()).isFalse();
        assertThat(config.upgrade().overrideGroups()).isEmpty();
        assertThat(config.upgrade().failClosed()).isTrue();
        assertThat(config.upgrade().csvPrefixes()).containsExactly("kubevirt-hyperconverged-operator.");
        assertThat(config.upgrade().subscriptionPackages()).containsExactly("kubevirt-hyperconverged");
        assertThat(config.upgrade().maxListedVms()).isEqualTo(10);
        assertThat(config.upgrade().externalBlocks()).isFalse();
        assertThat(config.inventory().maxStaleness()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.events().enabled()).isTrue();
    }

    @Test
    void environmentVariablesAreNamedAndReadAsQuarkusReadsThem() {
        GuardConfig config = EnvironmentConfig.read(Map.of(
                "GUARD_TLS_RELOAD_PERIOD", "30s",
                "GUARD_MIGRATABILITY_HOSTPATH_PROVISIONERS", "example.com/local,example.com/lvm",
                "GUARD_MIGRATABILITY_SRIOV_BLOCKS", "true",
                "GUARD_UPGRADE_OVERRIDE_GROUPS", "virt-admins",
                "GUARD_UPGRADE_MAX_LISTED_VMS", "3",
                "GUARD_INVENTORY_MAX_STALENESS", "2m",
                "UNRELATED_VARIABLE", "x"));

        assertThat(config.tls().reloadPeriod()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.migratability().hostpathProvisioners()).containsExactly("example.com/local", "example.com/lvm");
        assertThat(config.migratability().sriovBlocks()).isTrue();
        assertThat(config.upgrade().overrideGroups()).isEqualTo(Optional.of(List.of("virt-admins")));
        assertThat(config.upgrade().maxListedVms()).isEqualTo(3);
        assertThat(config.inventory().maxStaleness()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aValueOfTheWrongTypeIsNamedWithItsKey() {
        assertThatThrownBy(() -> EnvironmentConfig.read(Map.of("GUARD_TLS_RELOAD_PERIOD", "soon")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SRCFG00039: The config property guard.tls.reload-period with the config value \"soon\"");
    }
}
