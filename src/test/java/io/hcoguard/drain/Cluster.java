package io.hcoguard.drain;

import io.hcoguard.migratability.KubeObjects;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pools and nodes shaped as on an OpenShift cluster, built from flow-style YAML as the API server would hand them over. */
final class Cluster {

    static final String ROLE = "node-role.kubernetes.io/";

    private Cluster() {
    }

    /** A MachineConfigPool; {@code selectors} are flow-style YAML for spec.nodeSelector and spec.machineConfigSelector ("" leaves a field out). */
    static MachineConfigPoolSnapshot pool(String name, String nodeSelector, String machineConfigSelector, boolean paused,
            String specConfiguration, String statusConfiguration) {
        return MachineConfigPoolSnapshot.from(KubeObjects.resource("""
                apiVersion: machineconfiguration.openshift.io/v1
                kind: MachineConfigPool
                metadata:
                  name: %1$s
                  labels: {pools.operator.machineconfiguration.openshift.io/%1$s: ""}
                spec:
                  %2$s
                  %3$s
                  paused: %4$s
                  configuration: {name: "%5$s"}
                status:
                  configuration: {name: "%6$s"}
                """.formatted(name, field("nodeSelector", nodeSelector), field("machineConfigSelector", machineConfigSelector),
                paused, specConfiguration, statusConfiguration)));
    }

    private static String field(String name, String yaml) {
        return yaml.isEmpty() ? "" : name + ": " + yaml;
    }

    /** A built-in or custom pool as the documentation creates it, nothing pending. */
    static MachineConfigPoolSnapshot rolePool(String role, boolean paused, String... machineConfigRoles) {
        String roles = machineConfigRoles.length == 0 ? role : String.join(", ", machineConfigRoles);
        return pool(role, "{matchLabels: {" + ROLE + role + ": \"\"}}",
                "{matchExpressions: [{key: machineconfiguration.openshift.io/role, operator: In, values: [" + roles + "]}]}",
                paused, "rendered-" + role + "-1", "rendered-" + role + "-1");
    }

    static final MachineConfigPoolSnapshot MASTER = rolePool("master", false);
    static final MachineConfigPoolSnapshot WORKER = rolePool("worker", false);
    static final MachineConfigPoolSnapshot INFRA = rolePool("infra", false, "worker", "infra");
    static final MachineConfigPoolSnapshot WORKER_CNV = rolePool("worker-cnv", false, "worker", "worker-cnv");
    static final MachineConfigPoolSnapshot PAUSED_WORKER_CNV = rolePool("worker-cnv", true, "worker", "worker-cnv");

    static final List<MachineConfigPoolSnapshot> POOLS = List.of(MASTER, WORKER, INFRA, WORKER_CNV);

    /** A node with the given role labels (node-role.kubernetes.io/ROLE: "") and extra key=value labels. */
    static NodeLabels node(String name, String... labels) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("kubernetes.io/hostname", name);
        map.put("kubernetes.io/os", "linux");
        for (String label : labels) {
            if (label.contains("=")) {
                String[] parts = label.split("=", 2);
                map.put(parts[0], parts[1]);
            } else {
                map.put(ROLE + label, "");
            }
        }
        return new NodeLabels(name, map);
    }

    static final NodeLabels MASTER_0 = node("master-0", "master", "control-plane");
    static final NodeLabels WORKER_1 = node("worker-1", "worker");
    static final NodeLabels WORKER_2 = node("worker-2", "worker");
    static final NodeLabels INFRA_1 = node("infra-1", "worker", "infra");
    static final NodeLabels CNV_1 = node("cnv-1", "worker", "worker-cnv");
    /** Selected by two custom pools: the machine-config operator refuses it. */
    static final NodeLabels BOTH_1 = node("both-1", "worker", "infra", "worker-cnv");
    static final NodeLabels LONELY = node("lonely");
    static final NodeLabels WINDOWS_1 = node("win-1", "worker", "kubernetes.io/os=windows");

    static final List<NodeLabels> NODES = List.of(MASTER_0, WORKER_1, WORKER_2, INFRA_1, CNV_1, BOTH_1, LONELY, WINDOWS_1);

    /** A single-node OpenShift node: master and worker at once. */
    static final NodeLabels SNO_0 = node("sno-0", "master", "control-plane", "worker");

    static List<MachineConfigPoolSnapshot> pools(MachineConfigPoolSnapshot... pools) {
        return Arrays.asList(pools);
    }
}
