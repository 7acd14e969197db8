package io.hcoguard.migratability;

import java.util.Set;

/**
 * The configurable part of "cannot live migrate" (its defaults: io.hcoguard.config.GuardConfig.Migratability).
 *
 * @param hostpathProvisioners StorageClass provisioners whose volumes live on one node's disk
 * @param sriovBlocks count SR-IOV interfaces as making a migration fail (KubeVirt migrates them since
 *     v0.57; set for clusters whose target nodes lack free VFs)
 */
public record MigratabilityPolicy(Set<String> hostpathProvisioners, boolean sriovBlocks) {

    public MigratabilityPolicy {
        hostpathProvisioners = Set.copyOf(hostpathProvisioners);
    }
}
