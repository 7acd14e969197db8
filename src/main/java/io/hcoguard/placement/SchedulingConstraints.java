package io.hcoguard.placement;

import io.hcoguard.unstructured.Unstructured;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where the migration target pod of a VMI may run, as KubeVirt renders it from the VMI's spec
 * (kubevirt {@code pkg/virt-controller/services/template.go} {@code renderLaunchManifest},
 * {@code nodeselectorrenderer.go}): the VMI's {@code nodeSelector}, required node affinity and
 * tolerations, and what KubeVirt adds itself:
 * <ul>
 *   <li>nodeSelector {@code kubevirt.io/schedulable=true} (virt-handler runs and is healthy there),
 *       {@code kubernetes.io/arch} for {@code spec.architecture}, {@code cpumanager=true} for
 *       {@code dedicatedCpuPlacement} (KubeVirt 1.8 selects {@code kubevirt.io/cpumanager}; its
 *       virt-handler sets both labels alike), {@code cpu-model.node.kubevirt.io/<model>} for a named CPU
 *       model, {@code cpu-feature.node.kubevirt.io/<name>} for each required feature,
 *       {@code kubevirt.io/realtime}; these win over the VMI's own entry for the same key;
 *   <li>into every term of the required node affinity: {@code node-labeller.kubevirt.io/obsolete-host-model
 *       DoesNotExist} for a host-model (or unset) CPU model, {@code cpu-feature.node.kubevirt.io/<name>
 *       DoesNotExist} for each forbidden feature.
 * </ul>
 * The source node is excluded by {@link Placement}, as KubeVirt's pod anti-affinity does
 * ({@code createMigrationPodAntiAffinityRule}).
 *
 * <p>Left out, so a verdict may see a target KubeVirt would not: the host-model CPU labels the migration
 * controller copies from the source node ({@code host-model-cpu.node.kubevirt.io}, since it reads the
 * source pod), the CPU vendor label (KubeVirt 1.8+), the machine-type and TSC-frequency labels (read from
 * the VMI's status), Hyper-V and launch-security (SEV, TDX, Secure Execution) labels, KubeVirt's
 * cluster-wide {@code developerConfiguration.nodeSelectors}, a project's default node selector,
 * pod (anti-)affinity other than to the source, topology spread, and capacity (CPU, memory, devices).
 *
 * @param nodeSelector the target pod's nodeSelector entries that come from the VMI's {@code spec.nodeSelector}
 * @param kubevirtNodeSelector the entries KubeVirt sets itself (disjoint from {@code nodeSelector})
 * @param requiredAffinity the target pod's required node affinity: the VMI's, with KubeVirt's additions
 */
public record SchedulingConstraints(
        Map<String, String> nodeSelector,
        Map<String, String> kubevirtNodeSelector,
        Optional<NodeSelector> requiredAffinity,
        List<Toleration> tolerations) {

    // kubevirt staging/src/kubevirt.io/api/core/v1/types.go
    public static final String SCHEDULABLE_LABEL = "kubevirt.io/schedulable";
    public static final String ARCH_LABEL = "kubernetes.io/arch";
    public static final String CPU_MANAGER_LABEL = "cpumanager";
    public static final String REALTIME_LABEL = "kubevirt.io/realtime";
    public static final String CPU_MODEL_LABEL_PREFIX = "cpu-model.node.kubevirt.io/";
    public static final String CPU_FEATURE_LABEL_PREFIX = "cpu-feature.node.kubevirt.io/";
    public static final String OBSOLETE_HOST_MODEL_LABEL = "node-labeller.kubevirt.io/obsolete-host-model";
    static final String HOST_MODEL = "host-model";
    static final String HOST_PASSTHROUGH = "host-passthrough";

    public SchedulingConstraints {
        nodeSelector = sorted(nodeSelector);
        kubevirtNodeSelector = sorted(kubevirtNodeSelector);
        requiredAffinity = requiredAffinity == null ? Optional.empty() : requiredAffinity;
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
    }

    /**
     * From a VMI's {@code spec} as fabric8's {@code GenericKubernetesResource} holds it. Total: a missing
     * or mistyped field reads as absent; a mistyped affinity term or requirement matches nothing, and a
     * toleration that is not an object is dropped.
     */
    public static SchedulingConstraints from(Map<String, Object> spec) {
        Unstructured root = Unstructured.of(spec);
        Unstructured cpu = root.path("domain", "cpu");
        String model = cpu.path("model").rawText();
        List<Unstructured> features = cpu.path("features").items();

        // NewNodeSelectorRenderer: KubeVirt's defaults, then the VMI's entries over them ...
        Map<String, String> kubevirt = new TreeMap<>();
        kubevirt.put(SCHEDULABLE_LABEL, "true");
        String architecture = root.path("architecture").rawText();
        if (!architecture.isEmpty()) {
            kubevirt.put(ARCH_LABEL, architecture.toLowerCase(Locale.ROOT));
        }
        Map<String, String> own = root.path("nodeSelector").rawTextMap();
        kubevirt.keySet().removeAll(own.keySet());
        // ... then Render() enables its labels over both.
        List<String> enabled = new ArrayList<>();
        if (cpu.path("dedicatedCpuPlacement").bool().orElse(false)) {
            enabled.add(CPU_MANAGER_LABEL);
        }
        if (!model.isEmpty()) {
            if (!HOST_MODEL.equals(model) && !HOST_PASSTHROUGH.equals(model)) {
                enabled.add(CPU_MODEL_LABEL_PREFIX + model);
            }
            for (Unstructured feature : features) {
                String policy = feature.path("policy").rawText();
                if (policy.isEmpty() || "require".equals(policy)) {
                    enabled.add(CPU_FEATURE_LABEL_PREFIX + feature.path("name").rawText());
                }
            }
        }
        if (cpu.path("realtime").value() instanceof Map) {
            enabled.add(REALTIME_LABEL);
        }
        for (String label : enabled) {
            own.remove(label);
            kubevirt.put(label, "true");
        }

        Unstructured required = root.path("affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution");
        Optional<NodeSelector> affinity = required.value() instanceof Map
                ? Optional.of(NodeSelector.parse(required))
                : Optional.empty();
        // setNodeAffinityForHostModelCpuModel, then setNodeAffinityForbiddenFeaturePolicy
        if (model.isEmpty() || HOST_MODEL.equals(model)) {
            affinity = rejectLabel(affinity, OBSOLETE_HOST_MODEL_LABEL);
        }
        for (Unstructured feature : features) {
            if ("forbid".equals(feature.path("policy").rawText())) {
                affinity = rejectLabel(affinity, CPU_FEATURE_LABEL_PREFIX + feature.path("name").rawText());
            }
        }

        List<Toleration> tolerations = new ArrayList<>();
        for (Unstructured toleration : root.path("tolerations").items()) {
            if (toleration.value() instanceof Map) {
                tolerations.add(Toleration.parse(toleration));
            }
        }
        return new SchedulingConstraints(own, kubevirt, affinity, tolerations);
    }

    /** The target pod's whole nodeSelector. */
    public Map<String, String> targetNodeSelector() {
        Map<String, String> all = new TreeMap<>(nodeSelector);
        all.putAll(kubevirtNodeSelector);
        return Collections.unmodifiableMap(all);
    }

    /** Tolerating the cordon taint lets a pod onto a cordoned node (scheduler {@code NodeUnschedulable} filter). */
    public boolean toleratesCordon() {
        return Toleration.anyTolerates(tolerations, Taint.CORDON);
    }

    /** KubeVirt's {@code modifyNodeAffintyToRejectLabel}: into every term, or as the only term when there is none. */
    private static Optional<NodeSelector> rejectLabel(Optional<NodeSelector> affinity, String label) {
        NodeSelectorRequirement absent = NodeSelectorRequirement.of(label, NodeSelectorRequirement.DOES_NOT_EXIST);
        return Optional.of(affinity
                .map(selector -> selector.withRequirementInEveryTerm(absent))
                .orElseGet(() -> NodeSelector.of(NodeSelectorTerm.of(absent))));
    }

    private static Map<String, String> sorted(Map<String, String> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(map));
    }
}
