package io.hcoguard.upgrade;

/** The kinds the upgrade webhook is registered for; anything else is a configuration mistake. */
public enum GatedKind {
    CLUSTER_VERSION("config.openshift.io", "ClusterVersion"),
    INSTALL_PLAN("operators.coreos.com", "InstallPlan"),
    SUBSCRIPTION("operators.coreos.com", "Subscription"),
    MACHINE_CONFIG_POOL("machineconfiguration.openshift.io", "MachineConfigPool"),
    NODE_MAINTENANCE("nodemaintenance.medik8s.io", "NodeMaintenance"),
    NODE("", "Node"),
    MACHINE_CONFIG("machineconfiguration.openshift.io", "MachineConfig"),
    KUBELET_CONFIG("machineconfiguration.openshift.io", "KubeletConfig"),
    CONTAINER_RUNTIME_CONFIG("machineconfiguration.openshift.io", "ContainerRuntimeConfig"),
    OTHER("", "");

    private final String group;
    private final String kind;

    GatedKind(String group, String kind) {
        this.group = group;
        this.kind = kind;
    }

    /** From the AdmissionReview's {@code request.kind} group and kind (the version does not matter). */
    public static GatedKind of(String group, String kind) {
        for (GatedKind candidate : values()) {
            if (candidate != OTHER && candidate.group.equals(group) && candidate.kind.equals(kind) && !kind.isEmpty()) {
                return candidate;
            }
        }
        return OTHER;
    }
}
