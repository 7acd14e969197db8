package io.hcoguard.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of hco-guard and its default, in one place (prefix {@code guard}). Each key can be
 * set in application.properties, as a system property or by environment variable, e.g.
 * {@code GUARD_UPGRADE_FAIL_CLOSED=false}. The webhook reads it through Quarkus, the CLI through
 * SmallRye Config standalone ({@link EnvironmentConfig}): same keys, same variables, same defaults.
 * The README lists them with their meaning.
 */
@ConfigMapping(prefix = "guard")
public interface GuardConfig {

    Tls tls();

    Migratability migratability();

    Upgrade upgrade();

    Events events();

    Inventory inventory();

    interface Tls {
        /** PEM serving certificate (chain); env GUARD_TLS_CERT. certs/generate.sh writes this pair. */
        @WithDefault("certs/out/tls.crt")
        String cert();

        /** PEM private key of the serving certificate; env GUARD_TLS_KEY. */
        @WithDefault("certs/out/tls.key")
        String key();

        /** How often the files are checked for a renewal, served without a restart (io.hcoguard.tls.CertificateReload). */
        @WithDefault("10s")
        Duration reloadPeriod();
    }

    interface Migratability {
        /** StorageClass provisioners whose volumes are node-local, so their VMIs cannot migrate. */
        @WithDefault("kubevirt.io.hostpath-provisioner,kubevirt.io/hostpath-provisioner")
        List<String> hostpathProvisioners();

        /**
         * SR-IOV interfaces make a migration fail. KubeVirt migrates them since v0.57 and its
         * LiveMigratable condition decides (false); set true where target nodes lack free VFs.
         */
        @WithDefault("false")
        boolean sriovBlocks();
    }

    interface Upgrade {
        /** Groups whose members may override the gate with the allow-upgrade-with-blockers annotation. */
        Optional<List<String>> overrideGroups();

        /** Deny gated requests while the cluster view is not synced (true), or allow them with a warning. */
        @WithDefault("true")
        boolean failClosed();

        /** ClusterServiceVersion name prefixes that identify OKD Virtualization in an InstallPlan. */
        @WithDefault("kubevirt-hyperconverged-operator.")
        List<String> csvPrefixes();

        /** Subscription package names that get the channel/approval warnings. */
        @WithDefault("kubevirt-hyperconverged")
        List<String> subscriptionPackages();

        /** How many blocking VMs a denial lists before "and N more". */
        @WithDefault("10")
        int maxListedVms();

        /**
         * VMIs with evictionStrategy External block a cluster upgrade (false: a warning counts them;
         * KubeVirt leaves them to an external controller by design).
         */
        @WithDefault("false")
        boolean externalBlocks();
    }

    interface Inventory {
        /**
         * Longest a watch may go without proof from the API server itself that it is alive (an answer,
         * an event, a bookmark) before the cluster view counts as not synced (io.hcoguard.inventory.StalenessBound):
         * gated requests are then denied as not verifiable (README, "A stale view").
         */
        @WithDefault("60s")
        Duration maxStaleness();
    }

    interface Events {
        /** Write a Kubernetes Event on each denied (non-dry-run) upgrade request. */
        @WithDefault("true")
        boolean enabled();
    }
}
