package io.hcoguard.upgrade;

import io.hcoguard.config.EnvironmentConfig;
import io.hcoguard.config.GuardConfig;
import java.util.List;
import java.util.Set;

/**
 * The configurable part of the upgrade gate.
 *
 * @param overrideGroups groups whose members may override the gate; empty: nobody may
 * @param failClosed deny gated requests while the cluster view is not synced
 * @param csvNamePrefixes ClusterServiceVersion name prefixes that mark an OKD Virtualization InstallPlan
 * @param subscriptionPackages Subscription package names ({@code spec.name}) that get warnings
 * @param maxListed blocking VMIs listed in a denial at most; the rest are counted
 * @param externalBlocks VMIs with evictionStrategy External block a cluster upgrade (else a warning names them)
 */
public record GatePolicy(
        Set<String> overrideGroups,
        boolean failClosed,
        List<String> csvNamePrefixes,
        Set<String> subscriptionPackages,
        int maxListed,
        boolean externalBlocks) {

    public GatePolicy {
        overrideGroups = Set.copyOf(overrideGroups);
        csvNamePrefixes = List.copyOf(csvNamePrefixes);
        subscriptionPackages = Set.copyOf(subscriptionPackages);
        if (maxListed < 0) {
            throw new IllegalArgumentException("maxListed must be 0 or more, was " + maxListed);
        }
    }

    /** The gate's part of the configuration: the webhook's, the report's and the CLI's. */
    public static GatePolicy of(GuardConfig.Upgrade upgrade) {
        return new GatePolicy(
                Set.copyOf(upgrade.overrideGroups().orElse(List.of())),
                upgrade.failClosed(),
                upgrade.csvPrefixes(),
                Set.copyOf(upgrade.subscriptionPackages()),
                upgrade.maxListedVms(),
                upgrade.externalBlocks());
    }

    /** Every key of guard.upgrade at its default (GuardConfig). */
    public static GatePolicy defaults() {
        return of(EnvironmentConfig.defaults().upgrade());
    }

    public GatePolicy withOverrideGroups(Set<String> groups) {
        return new GatePolicy(groups, failClosed, csvNamePrefixes, subscriptionPackages, maxListed, externalBlocks);
    }

    public GatePolicy withFailClosed(boolean value) {
        return new GatePolicy(overrideGroups, value, csvNamePrefixes, subscriptionPackages, maxListed, externalBlocks);
    }

    public GatePolicy withMaxListed(int value) {
        return new GatePolicy(overrideGroups, failClosed, csvNamePrefixes, subscriptionPackages, value, externalBlocks);
    }

    public GatePolicy withExternalBlocks(boolean value) {
        return new GatePolicy(overrideGroups, failClosed, csvNamePrefixes, subscriptionPackages, maxListed, value);
    }
}
