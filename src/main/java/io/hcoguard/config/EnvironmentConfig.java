package io.hcoguard.config;

import io.hcoguard.migratability.MigratabilityPolicy;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@link GuardConfig} for code that runs without Quarkus (the {@code hco-guard} CLI): each key from
 * its environment variable, named as Quarkus names it ({@code guard.migratability.sriov-blocks} ->
 * {@code GUARD_MIGRATABILITY_SRIOV_BLOCKS}), else its {@link GuardDefaults} value. So the CLI judges
 * with the webhook's defaults, and the same variables change both.
 */
public final class EnvironmentConfig {

    private final UnaryOperator<String> environment;

    /** @param environment a variable's value by name, null when unset ({@code System::getenv}) */
    public EnvironmentConfig(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    /** The migratability settings, as a GuardConfig section. */
    public GuardConfig.Migratability migratability() {
        return new Migratability(
                list("guard.migratability.hostpath-provisioners", GuardDefaults.MIGRATABILITY_HOSTPATH_PROVISIONERS),
                bool("guard.migratability.sriov-blocks", GuardDefaults.MIGRATABILITY_SRIOV_BLOCKS));
    }

    /** {@code guard.upgrade.external-blocks}: External VMIs block a cluster upgrade. */
    public boolean externalBlocks() {
        return bool("guard.upgrade.external-blocks", GuardDefaults.UPGRADE_EXTERNAL_BLOCKS);
    }

    /** {@code guard.upgrade.csv-prefixes}: the name prefixes of OKD Virtualization's ClusterServiceVersions. */
    public List<String> csvPrefixes() {
        return list("guard.upgrade.csv-prefixes", GuardDefaults.UPGRADE_CSV_PREFIXES);
    }

    /** {@code guard.openshift.cluster-operator}: hco-guard writes ClusterOperator hco-guard. */
    public boolean clusterOperator() {
        return bool("guard.openshift.cluster-operator", GuardDefaults.OPENSHIFT_CLUSTER_OPERATOR);
    }

    /** {@code guard.upgrade.hold-virtualization-updates}: hco-guard holds OKD Virtualization updates. */
    public boolean holdVirtualizationUpdates() {
        return bool("guard.upgrade.hold-virtualization-updates", GuardDefaults.UPGRADE_HOLD_VIRTUALIZATION_UPDATES);
    }

    /** What the classifier reads of the migratability settings: the one conversion the webhook uses too. */
    public static MigratabilityPolicy policy(GuardConfig.Migratability config) {
        return new MigratabilityPolicy(Set.copyOf(config.hostpathProvisioners()), config.sriovBlocks());
    }

    /** The environment variable of a key: upper case, every character but letters and digits an underscore. */
    public static String variable(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private record Migratability(List<String> hostpathProvisioners, boolean sriovBlocks) implements GuardConfig.Migratability {
    }

    private String value(String key, String defaultValue) {
        String value = environment.apply(variable(key));
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    private List<String> list(String key, String defaultValue) {
        return Arrays.stream(value(key, defaultValue).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private boolean bool(String key, String defaultValue) {
        String value = value(key, defaultValue);
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(variable(key) + " must be true or false, got \"" + value + "\"");
        }
        return Boolean.parseBoolean(value);
    }
}
