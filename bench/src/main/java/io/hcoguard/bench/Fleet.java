package io.hcoguard.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The synthetic cluster every benchmark uses: {@code size} VirtualMachines, each with a running VMI
 * and a root-disk PVC, spread over namespaces of 500. The first {@code blockers} VMs sit on a
 * hostpath ReadWriteOnce disk with evictionStrategy LiveMigrate (each would stall a node drain);
 * the rest are on a ReadWriteMany class and can migrate. The VMI is shaped like the one in
 * hack/samples/41-vmi-db.yaml, so the JSON each watch event carries is realistic in size.
 */
public record Fleet(int size, int blockers) {

    public static final int PER_NAMESPACE = 500;
    public static final String SHARED_CLASS = "bench-shared-rwx";
    public static final String HOSTPATH_CLASS = "bench-hostpath";
    public static final ResourceDefinitionContext VM = kubevirt("VirtualMachine", "virtualmachines");
    public static final ResourceDefinitionContext VMI = kubevirt("VirtualMachineInstance", "virtualmachineinstances");

    public Fleet {
        if (blockers > size) {
            throw new IllegalArgumentException("more blockers (" + blockers + ") than VMs (" + size + ")");
        }
    }

    public List<String> namespaces() {
        int count = Math.max(1, (size + PER_NAMESPACE - 1) / PER_NAMESPACE);
        return IntStream.range(0, count).mapToObj(Fleet::namespaceName).toList();
    }

    public static String namespaceName(int n) {
        return "bench-%02d".formatted(n);
    }

    public static String namespace(int i) {
        return namespaceName(i / PER_NAMESPACE);
    }

    public static String name(int i) {
        return "vm-%05d".formatted(i);
    }

    public boolean blocking(int i) {
        return i < blockers;
    }

    public static List<StorageClass> storageClasses() {
        return List.of(
                Serialization.unmarshal("""
                        {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
                         "metadata": {"name": "%s"}, "provisioner": "nfs.csi.k8s.io",
                         "reclaimPolicy": "Delete", "volumeBindingMode": "Immediate"}
                        """.formatted(SHARED_CLASS), StorageClass.class),
                Serialization.unmarshal("""
                        {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
                         "metadata": {"name": "%s"}, "provisioner": "kubevirt.io.hostpath-provisioner",
                         "reclaimPolicy": "Delete", "volumeBindingMode": "WaitForFirstConsumer"}
                        """.formatted(HOSTPATH_CLASS), StorageClass.class));
    }

    public PersistentVolumeClaim pvc(int i) {
        boolean hostpath = blocking(i);
        return Serialization.unmarshal("""
                {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                 "metadata": {"name": "%s-root", "namespace": "%s", "labels": {"app": "bench"}},
                 "spec": {"storageClassName": "%s", "accessModes": ["%s"], "volumeMode": "Filesystem",
                          "resources": {"requests": {"storage": "30Gi"}}}}
                """.formatted(name(i), namespace(i), hostpath ? HOSTPATH_CLASS : SHARED_CLASS,
                hostpath ? "ReadWriteOnce" : "ReadWriteMany"), PersistentVolumeClaim.class);
    }

    public GenericKubernetesResource vm(int i) {
        return Serialization.unmarshal("""
                {"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine",
                 "metadata": {"name": "%1$s", "namespace": "%2$s", "labels": {"app": "bench"}},
                 "spec": {"runStrategy": "Always",
                  "template": {"metadata": {"labels": {"kubevirt.io/domain": "%1$s"}},
                   "spec": %3$s}}}
                """.formatted(name(i), namespace(i), instanceSpec(i)), GenericKubernetesResource.class);
    }

    /** The VMI spec: the VM's template spec, copied into each VMI as virt-controller does. */
    private static String instanceSpec(int i) {
        return """
                {"evictionStrategy": "LiveMigrate",
                 "domain": {"cpu": {"cores": 2}, "memory": {"guest": "4Gi"},
                  "devices": {"disks": [{"name": "rootdisk", "disk": {"bus": "virtio"}},
                                        {"name": "cloudinitdisk", "disk": {"bus": "virtio"}}],
                              "interfaces": [{"name": "default", "masquerade": {}}]},
                  "machine": {"type": "pc-q35-rhel9.4.0"}},
                 "networks": [{"name": "default", "pod": {}}],
                 "terminationGracePeriodSeconds": 180,
                 "volumes": [{"name": "rootdisk", "persistentVolumeClaim": {"claimName": "%s-root"}},
                             {"name": "cloudinitdisk", "cloudInitNoCloud": {"userData": "#cloud-config\\nuser: cloud-user\\n"}}]}
                """.formatted(name(i));
    }

    /** The VMI virt-controller would create for VM {@code i} (owned by it), status Running included. */
    public GenericKubernetesResource vmi(int i, String vmUid) {
        GenericKubernetesResource vmi = Serialization.unmarshal("""
                {"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachineInstance",
                 "metadata": {"name": "%1$s", "namespace": "%2$s",
                  "labels": {"app": "bench", "kubevirt.io/domain": "%1$s", "kubevirt.io/nodeName": "worker-%3$d"},
                  "ownerReferences": [{"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine", "name": "%1$s",
                                       "uid": "%4$s", "controller": true, "blockOwnerDeletion": true}]},
                 "spec": %5$s}
                """.formatted(name(i), namespace(i), i % 20, vmUid, instanceSpec(i)), GenericKubernetesResource.class);
        vmi.setAdditionalProperty("status", status(i, false));
        return vmi;
    }

    /**
     * The VMI's status as virt-handler reports it. {@code liveMigratableFalse} makes KubeVirt's own
     * verdict "cannot migrate" (the change the report-latency benchmark toggles).
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> status(int i, boolean liveMigratableFalse) {
        boolean migratable = !blocking(i) && !liveMigratableFalse;
        return Serialization.unmarshal("""
                {"phase": "Running", "nodeName": "worker-%d",
                 "launcherContainerImageVersion": "quay.io/kubevirt/virt-launcher:v1.6.0",
                 "conditions": [
                  {"type": "Ready", "status": "True", "lastProbeTime": null, "lastTransitionTime": "2025-11-03T09:14:27Z"},
                  {"type": "LiveMigratable", "status": "%s", %s "lastProbeTime": null, "lastTransitionTime": null}]}
                """.formatted(i % 20, migratable ? "True" : "False",
                migratable ? "" : "\"reason\": \"DisksNotLiveMigratable\","), Map.class);
    }

    private static ResourceDefinitionContext kubevirt(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("kubevirt.io").withVersion("v1").withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }
}
