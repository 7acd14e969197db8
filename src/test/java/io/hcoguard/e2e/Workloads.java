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

    /** A VM and its running VMI with the given eviction strategy, whose root disk is the PVC. */
    GenericKubernetesResource runningVm(String namespace, String name, String runStrategy, String evictionStrategy, String pvc) {
        GenericKubernetesResource vm = vm(namespace, name, runStrategy, evictionStrategy, pvc);
        startVmi(vm, evictionStrategy, pvc);
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

    /**
     * What virt-controller does when it starts a VM: a VMI owned by the VM, then status Running.
     * A null eviction strategy leaves the VMI to the cluster default.
     */
    GenericKubernetesResource startVmi(GenericKubernetesResource vm, String evictionStrategy, String pvc) {
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
                  domain: {devices: {}}
                  volumes: [{name: root, persistentVolumeClaim: {claimName: %s}}]
                """.formatted(name, namespace, name, vm.getMetadata().getUid(), evictionStrategyEntry(evictionStrategy), pvc)))
                .create();
        vmi.setAdditionalProperty("status", Map.of("phase", "Running"));
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

    static GenericKubernetesResource parse(String yaml) {
        return Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    }

    private static ResourceDefinitionContext context(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("kubevirt.io").withVersion("v1").withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }
}
