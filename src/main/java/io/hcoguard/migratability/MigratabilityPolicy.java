package io.hcoguard.migratability;

import java.util.Set;

/**
 * The configurable part of "cannot live migrate".
 *
 * @param hostpathProvisioners StorageClass provisioners whose volumes live on one node's disk
 * @param sriovBlocks count SR-IOV interfaces as making a migration fail (KubeVirt migrates them since
 *     v0.57; set for clusters whose target nodes lack free VFs)
 */
public record MigratabilityPolicy(Set<String> hostpathProvisioners, boolean sriovBlocks) {

    public static final Set<String> DEFAULT_HOSTPATH_PROVISIONERS =
            Set.of("kubevirt.io.hostpath-provisioner", "kubevirt.io/hostpath-provisioner");

    public MigratabilityPolicy {
        hostpathProvisioners = Set.copyOf(hostpathProvisioners);
    }

    public static MigratabilityPolicy defaults() {
        return new MigratabilityPolicy(DEFAULT_HOSTPATH_PROVISIONERS, false);
    }
}
