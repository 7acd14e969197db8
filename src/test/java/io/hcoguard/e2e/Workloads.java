package io.hcoguard.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;

/** Creates VMs, running VMIs and their storage on the test API server, as KubeVirt would report them. */
final class Workloads {

    static final ResourceDefinitionContext VM = context("VirtualMachine", "virtualmachines");
    static final ResourceDefinitionContext VMI = context("VirtualMachineInstance", "virtualmachineinstances");
    static final String HOSTPATH_CLASS = "e2e-hostpath";

    private final KubernetesClient admin;

    Workloads(KubernetesClient admin) {
        this.admin = admin;
    }

    void namespace(String name) {
        admin.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).serverSideApply();
    }

    void hostpathPvc(String namespace, String name) {
        admin.resource(new StorageClassBuilder().withNewMetadata().withName(HOSTPATH_CLASS).endMetadata()
                .withProvisioner("kubevirt.io.hostpath-provisioner").withVolumeBindingMode("WaitForFirstConsumer").build())
                .serverSideApply();
        admin.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withStorageClassName(HOSTPATH_CLASS).withAccessModes("ReadWriteOnce")
                .withNewResources().withRequests(Map.of("storage", new Quantity("10Gi"))).endResources().endSpec().build())
                .serverSideApply();
    }

    /** A ReadWriteMany PVC on shared (not hostpath) storage: KubeVirt can migrate VMIs on it. */
    void sharedPvc(String namespace, String name) {
        admin.resource(new StorageClassBuilder().withNewMetadata().withName("e2e-shared").endMetadata()
                .withProvisioner("rbd.csi.ceph.com").build()).serverSideApply();
        admin.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withStorageClassName("e2e-shared").withAccessModes("ReadWriteMany")
                .withNewResources().withRequests(Map.of("storage", new Quantity("10Gi"))).endResources().endSpec().build())
                .serverSideApply();
    }

    /** The node every test VMI runs on, as virt-handler reports it in status.nodeName. */
    static final String NODE = "worker-1";
    /** What virt-controller writes for a VMI on a ReadWriteOnce PVC (the hostpath PVC here). */
    static final String NOT_MIGRATABLE = "False:DisksNotLiveMigratable";
    static final String MIGRATABLE = "True";

    /**
     * A VM and its running VMI with the given eviction strategy, whose root disk is the PVC, with
     * the LiveMigratable=False condition KubeVirt writes for the ReadWriteOnce hostpath PVC.
     */
    GenericKubernetesResource runningVm(String namespace, String name, String runStrategy, String evictionStrategy, String pvc) {
        GenericKubernetesResource vm = vm(namespace, name, runStrategy, evictionStrategy, pvc);
        startVmi(vm, evictionStrategy, pvc, NOT_MIGRATABLE);
        return vm;
    }

    /** A VM (applied, so a test may re-declare it) with the given strategies; null leaves a strategy unset. */
    GenericKubernetesResource vm(String namespace, String name, String runStrategy, String evictionStrategy, String pvc) {
        return admin.genericKubernetesResources(VM).inNamespace(namespace).resource(parse("""
                apiVersion: kubevirt.io/v1
                kind: VirtualMachine
                metadata: {name: %s, namespace: %s}
                spec:
                  runStrategy: %s
                  template:
                    spec:
                      %s
                      domain: {devices: {}}
                      volumes: [{name: root, persistentVolumeClaim: {claimName: %s}}]
                """.formatted(name, namespace, runStrategy, evictionStrategyEntry(evictionStrategy), pvc)))
                .forceConflicts().serverSideApply();
    }

    GenericKubernetesResource startVmi(GenericKubernetesResource vm, String evictionStrategy, String pvc) {
        return startVmi(vm, evictionStrategy, pvc, NOT_MIGRATABLE);
    }

    /**
     * What virt-controller and virt-handler do when they start a VM: a VMI owned by the VM, then
     * status Running on {@link #NODE} with the LiveMigratable condition ("True", "False:Reason",
     * or null: not reported yet). A null eviction strategy leaves the VMI to the cluster default.
     */
    GenericKubernetesResource startVmi(GenericKubernetesResource vm, String evictionStrategy, String pvc, String liveMigratable) {
        return startVmi(vm, evictionStrategy, pvc, liveMigratable, "");
    }

    /** As above, with more of {@code spec.domain.devices} (flow-style YAML entries, e.g. interfaces). */
    GenericKubernetesResource startVmi(
            GenericKubernetesResource vm, String evictionStrategy, String pvc, String liveMigratable, String devices) {
        return startVmi(vm, NODE, evictionStrategy, pvc, liveMigratable, devices, "");
    }

    /**
     * As above, running on {@code node}, with more of {@code spec} ({@code specEntry}: one flow-style
     * YAML entry such as {@code affinity: {...}}, or empty).
     */
    GenericKubernetesResource startVmi(GenericKubernetesResource vm, String node, String evictionStrategy, String pvc,
            String liveMigratable, String devices, String specEntry) {
        String namespace = vm.getMetadata().getNamespace();
        String name = vm.getMetadata().getName();
        GenericKubernetesResource vmi = admin.genericKubernetesResources(VMI).inNamespace(namespace).resource(parse("""
                apiVersion: kubevirt.io/v1
                kind: VirtualMachineInstance
                metadata:
                  name: %s
                  namespace: %s
                  ownerReferences:
                  - {apiVersion: kubevirt.io/v1, kind: VirtualMachine, name: %s, uid: %s, controller: true}
                spec:
                  %s
                  %s
                  domain: {devices: {%s}}
                  volumes: [{name: root, persistentVolumeClaim: {claimName: %s}}]
                """.formatted(name, namespace, name, vm.getMetadata().getUid(), evictionStrategyEntry(evictionStrategy),
                specEntry, devices, pvc)))
                .create();
        Map<String, Object> status = new java.util.LinkedHashMap<>(Map.of("phase", "Running", "nodeName", node));
        if (liveMigratable != null) {
            String[] condition = liveMigratable.split(":", 2);
            Map<String, Object> entry = new java.util.LinkedHashMap<>(Map.of("type", "LiveMigratable", "status", condition[0]));
            if (condition.length > 1) {
                entry.put("reason", condition[1]);
            }
            status.put("conditions", java.util.List.of(entry));
        }
        vmi.setAdditionalProperty("status", status);
        return admin.genericKubernetesResources(VMI).inNamespace(namespace).resource(vmi).updateStatus();
    }

    private static String evictionStrategyEntry(String evictionStrategy) {
        return evictionStrategy == null ? "" : "evictionStrategy: " + evictionStrategy;
    }

    /**
     * Deletes the namespace's VMIs, VMs and PVCs, so no blocker outlives its test. There is no
     * controller-manager: nothing empties a deleted namespace, and nothing removes the
     * pvc-protection finalizer but this.
     */
    void clear(String namespace) {
        admin.genericKubernetesResources(VMI).inNamespace(namespace).withGracePeriod(0).delete();
        admin.genericKubernetesResources(VM).inNamespace(namespace).delete();
        for (PersistentVolumeClaim pvc : admin.persistentVolumeClaims().inNamespace(namespace).list().getItems()) {
            admin.persistentVolumeClaims().inNamespace(namespace).withName(pvc.getMetadata().getName())
                    .edit(claim -> new PersistentVolumeClaimBuilder(claim).editMetadata().withFinalizers(List.of()).endMetadata()
                            .build());
        }
        admin.persistentVolumeClaims().inNamespace(namespace).delete();
    }

    void deleteVmi(String namespace, String name) {
        admin.genericKubernetesResources(VMI).inNamespace(namespace).withName(name).withGracePeriod(0).delete();
    }

    /** Deletes one PVC for good, its pvc-protection finalizer lifted as in {@link #clear}. */
    void deletePvc(String namespace, String name) {
        admin.persistentVolumeClaims().inNamespace(namespace).withName(name)
                .edit(claim -> new PersistentVolumeClaimBuilder(claim).editMetadata().withFinalizers(List.of()).endMetadata().build());
        admin.persistentVolumeClaims().inNamespace(namespace).withName(name).delete();
    }

    /**
     * The ClusterVersion singleton "version", to request updates on: applied over whatever an earlier
     * test left (its updates own spec.channel under another field manager).
     */
    void clusterVersion(String channel) {
        admin.genericKubernetesResources(UpgradeGateE2ETest.CLUSTER_VERSION).resource(parse("""
                apiVersion: config.openshift.io/v1
                kind: ClusterVersion
                metadata: {name: version}
                spec: {clusterID: 6a0c8d4e-0000-4000-8000-000000000001, channel: %s}
                """.formatted(channel))).forceConflicts().serverSideApply();
    }

    static GenericKubernetesResource parse(String yaml) {
        return Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    }

    private static ResourceDefinitionContext context(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("kubevirt.io").withVersion("v1").withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }
}
