package io.hcoguard.placement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test fixtures: nodes as a healthy KubeVirt worker looks, and objects from inline YAML. */
final class Topology {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Topology() {
    }

    /** Ready, schedulable, labelled as kubelet and virt-handler label an amd64 worker. */
    static NodeSnapshot node(String name) {
        return new NodeSnapshot(name, Map.of(
                NodeSnapshot.HOSTNAME_LABEL, name,
                SchedulingConstraints.SCHEDULABLE_LABEL, "true",
                SchedulingConstraints.ARCH_LABEL, "amd64"), List.of(), false, true, Map.of());
    }

    static NodeSnapshot labelled(NodeSnapshot node, String key, String value) {
        Map<String, String> labels = new HashMap<>(node.labels());
        labels.put(key, value);
        return new NodeSnapshot(node.name(), labels, node.taints(), node.unschedulable(), node.ready(),
                node.machineConfigAnnotations());
    }

    static NodeSnapshot unlabelled(NodeSnapshot node, String key) {
        Map<String, String> labels = new HashMap<>(node.labels());
        labels.remove(key);
        return new NodeSnapshot(node.name(), labels, node.taints(), node.unschedulable(), node.ready(),
                node.machineConfigAnnotations());
    }

    static NodeSnapshot tainted(NodeSnapshot node, String key, String value, String effect) {
        List<Taint> taints = new ArrayList<>(node.taints());
        taints.add(new Taint(key, value, effect));
        return new NodeSnapshot(node.name(), node.labels(), taints, node.unschedulable(), node.ready(),
                node.machineConfigAnnotations());
    }

    static NodeSnapshot cordoned(NodeSnapshot node) {
        NodeSnapshot withTaint = tainted(node, Taint.CORDON.key(), "", Taint.NO_SCHEDULE);
        return new NodeSnapshot(node.name(), node.labels(), withTaint.taints(), true, node.ready(),
                node.machineConfigAnnotations());
    }

    static NodeSnapshot notReady(NodeSnapshot node) {
        return new NodeSnapshot(node.name(), node.labels(), node.taints(), node.unschedulable(), false,
                node.machineConfigAnnotations());
    }

    /** A VMI's spec from a flow-style YAML map, as fabric8 hands it over. */
    static Map<String, Object> spec(String yaml) {
        try {
            return YAML.readValue(yaml, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SchedulingConstraints vmi(String specYaml) {
        return SchedulingConstraints.from(spec(specYaml));
    }

    static <T> T object(String yaml, Class<T> type) {
        return SERIALIZATION.unmarshal(yaml, type);
    }

    static NodeSelectorRequirement req(String key, String operator, String... values) {
        return NodeSelectorRequirement.of(key, operator, values);
    }
}
