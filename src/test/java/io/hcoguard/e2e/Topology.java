package io.hcoguard.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.hcoguard.inventory.WatchedKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Nodes, MachineConfigPools, the Infrastructure, NodeMaintenances and MachineConfigs on the test API
 * server, as kubelets and OpenShift's operators would report them. No kubelet runs here: a Node is
 * created, then its Ready condition written through the status subresource, as a kubelet would.
 * Everything created (or labelled) through one instance is deleted (or unlabelled) again by
 * {@link #deleteCreated()}.
 */
final class Topology {

    static final ResourceDefinitionContext MACHINE_CONFIG_POOL = WatchedKind.MACHINE_CONFIG_POOL.context();
    static final ResourceDefinitionContext INFRASTRUCTURE = WatchedKind.INFRASTRUCTURE.context();
    static final ResourceDefinitionContext NODE_MAINTENANCE = WatchedKind.NODE_MAINTENANCE.context();
    static final ResourceDefinitionContext MACHINE_CONFIG = new ResourceDefinitionContext.Builder()
            .withGroup("machineconfiguration.openshift.io").withVersion("v1").withKind("MachineConfig")
            .withPlural("machineconfigs").withNamespaced(false).build();
    /** machine-config-operator {@code ctrlcommon.MachineConfigRoleLabel}: which pools render a MachineConfig. */
    static final String MACHINE_CONFIG_ROLE = "machineconfiguration.openshift.io/role";
    static final String HOSTNAME = "kubernetes.io/hostname";
    /** kubernetes plugin/pkg/admission/nodetaint {@code TaintNodeNotReady}. */
    static final String NOT_READY = "node.kubernetes.io/not-ready";

    private final KubernetesClient admin;
    /** Deletions of what this instance created, latest first. */
    private final List<Runnable> deletions = new ArrayList<>();

    Topology(KubernetesClient admin) {
        this.admin = admin;
    }

    /**
     * A Ready Node with the labels a kubelet and virt-handler give it ({@code kubernetes.io/hostname},
     * {@code kubernetes.io/os}, {@code kubevirt.io/schedulable=true}) and {@code node-role.kubernetes.io/<role>}
     * for each role. A master carries the control plane's NoSchedule taint, as on OpenShift.
     */
    Node node(String name, String... roles) {
        NodeBuilder node = new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels(HOSTNAME, name)
                .addToLabels("kubernetes.io/os", "linux")
                .addToLabels("kubevirt.io/schedulable", "true")
                .endMetadata();
        for (String role : roles) {
            node.editMetadata().addToLabels("node-role.kubernetes.io/" + role, "").endMetadata();
        }
        if (List.of(roles).contains("master")) {
            node.withNewSpec().addNewTaint().withKey("node-role.kubernetes.io/master").withEffect("NoSchedule").endTaint().endSpec();
        }
        admin.nodes().resource(node.build()).create();
        deletions.add(0, () -> admin.nodes().withName(name).delete());
        // The API server's TaintNodesAtCreation admission adds the not-ready taint; the node lifecycle
        // controller (not running here) removes it once the node is Ready.
        admin.nodes().withName(name).edit(created -> new NodeBuilder(created).editSpec()
                .withTaints(created.getSpec().getTaints().stream().filter(t -> !NOT_READY.equals(t.getKey())).toList())
                .endSpec().build());
        // Ready last: a watcher that sees the node Ready has seen it without the not-ready taint too.
        return admin.nodes().withName(name).editStatus(untainted -> new NodeBuilder(untainted).withNewStatus()
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                .withMessage("kubelet is posting ready status").endCondition().endStatus().build());
    }

    /** Labels the node; {@link #deleteCreated()} removes the label again. */
    void label(String node, String key, String value) {
        admin.nodes().withName(node).edit(n -> new NodeBuilder(n).editMetadata().addToLabels(key, value).endMetadata().build());
        deletions.add(0, () -> admin.nodes().withName(node)
                .edit(n -> new NodeBuilder(n).editMetadata().removeFromLabels(key).endMetadata().build()));
    }

    /**
     * A MachineConfigPool selecting the nodes with role {@code nodeRole} and the MachineConfigs of
     * {@code machineConfigRoles} (a custom pool lists worker too, as OpenShift's documentation has it),
     * that should run {@code specConfiguration} while its nodes run {@code statusConfiguration}.
     */
    GenericKubernetesResource pool(String name, boolean paused, String nodeRole, List<String> machineConfigRoles,
            String specConfiguration, String statusConfiguration) {
        GenericKubernetesResource pool = admin.genericKubernetesResources(MACHINE_CONFIG_POOL).resource(Workloads.parse("""
                apiVersion: machineconfiguration.openshift.io/v1
                kind: MachineConfigPool
                metadata: {name: %s}
                spec:
                  paused: %s
                  nodeSelector: {matchLabels: {node-role.kubernetes.io/%s: ""}}
                  machineConfigSelector: {matchExpressions: [{key: %s, operator: In, values: [%s]}]}
                  configuration: {name: %s}
                """.formatted(name, paused, nodeRole, MACHINE_CONFIG_ROLE, String.join(", ", machineConfigRoles),
                specConfiguration))).create();
        deleteLater(MACHINE_CONFIG_POOL, name);
        pool.setAdditionalProperty("status", Map.of("configuration", Map.of("name", statusConfiguration)));
        return admin.genericKubernetesResources(MACHINE_CONFIG_POOL).resource(pool).updateStatus();
    }

    /** The Infrastructure {@code cluster} with this control-plane topology (and the same infrastructure topology). */
    void infrastructure(String topology) {
        GenericKubernetesResource infrastructure = admin.genericKubernetesResources(INFRASTRUCTURE).resource(Workloads.parse("""
                apiVersion: config.openshift.io/v1
                kind: Infrastructure
                metadata: {name: cluster}
                spec: {cloudConfig: {name: ""}}
                """)).create();
        deleteLater(INFRASTRUCTURE, "cluster");
        infrastructure.setAdditionalProperty("status", Map.of("controlPlaneTopology", topology, "infrastructureTopology", topology));
        admin.genericKubernetesResources(INFRASTRUCTURE).resource(infrastructure).updateStatus();
    }

    /** Creates a NodeMaintenance as an admin would (it is deleted again, created or not). */
    GenericKubernetesResource nodeMaintenance(KubernetesClient client, String name, String node, Map<String, String> annotations) {
        deleteLater(NODE_MAINTENANCE, name);
        GenericKubernetesResource maintenance = Workloads.parse("""
                apiVersion: nodemaintenance.medik8s.io/v1beta1
                kind: NodeMaintenance
                metadata: {name: %s}
                spec: {nodeName: %s, reason: "replace a DIMM"}
                """.formatted(name, node));
        maintenance.getMetadata().setAnnotations(annotations);
        return client.genericKubernetesResources(NODE_MAINTENANCE).resource(maintenance).create();
    }

    /** Deletes what this instance created, newest first; what is gone already is skipped. */
    void deleteCreated() {
        List<Runnable> pending = new ArrayList<>(deletions);
        deletions.clear();
        pending.forEach(Runnable::run);
    }

    /** Deletes the cluster-scoped object of this kind in {@link #deleteCreated()}: for what a test creates by kubectl. */
    void deleteLater(ResourceDefinitionContext kind, String name) {
        deletions.add(0, () -> admin.genericKubernetesResources(kind).withName(name).delete());
    }
}
