package io.hcoguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prints the sampled results of {@link TopologyBenchmark} (JMH's JSON) as one row per measurement: the
 * median and p99 with the topology beside the same in the flat view of the same run, and their ratio.
 *
 * <pre>java -cp ... io.hcoguard.bench.SampleTable jmh-topology.json</pre>
 */
public final class SampleTable {

    /** Benchmark name (without the _placed / _flat suffix) to the row's words, in the order printed. */
    private static final Map<String, String> ROWS = new LinkedHashMap<>();

    static {
        ROWS.put("baseline_decisionAllow", "baseline: Decision.allow() (the timer's floor)");
        ROWS.put("baseline_decodeAdmissionReview", "baseline: decode the ClusterVersion AdmissionReview (4.5 KB)");
        ROWS.put("clusterUpgrade", "ClusterVersion desiredUpdate: denied both (flat: every node counts)");
        ROWS.put("poolUnpause", "MachineConfigPool worker-cnv unpaused, configuration pending: denied (flat: no node known, allowed)");
        ROWS.put("maintenanceBlockedNode", "NodeMaintenance create, a node with a blocker: denied");
        ROWS.put("maintenanceFreeNode", "NodeMaintenance create, a node without: allowed");
        ROWS.put("vmiChange", "event: one VMI's verdict changes; rebuild; first decision");
        ROWS.put("nodeLabelChange", "event: a Node label placement reads; every VMI re-judged; rebuild; first decision");
        ROWS.put("nodeConfigAnnotationChange", "event: a Node's machine-config annotations; topology rebuilt; first decision");
        ROWS.put("nodeHeartbeat", "event: a Node annotation the view does not keep; first decision");
    }

    private SampleTable() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, JsonNode> results = new LinkedHashMap<>();
        for (JsonNode result : new ObjectMapper().readTree(new File(args[0]))) {
            String name = result.path("benchmark").asText();
            results.put(name.substring(name.lastIndexOf('.') + 1), result.path("primaryMetric"));
        }
        String format = "  %-104s | %10s %10s | %10s %10s | %6s | %s%n";
        System.out.printf(format, "median and p99 per operation", "placed p50", "p99", "flat p50", "p99", "p50 x",
                "samples (placed / flat)");
        ROWS.forEach((name, words) -> {
            JsonNode alone = results.get(name);
            JsonNode placed = alone != null ? alone : results.get(name + "_placed");
            JsonNode flat = results.get(name + "_flat");
            if (placed != null) {
                System.out.printf(format, words, time(placed, "50.0"), time(placed, "99.0"), time(flat, "50.0"), time(flat, "99.0"),
                        flat == null ? "" : "%.1f".formatted(percentile(placed, "50.0") / percentile(flat, "50.0")),
                        samples(placed) + (flat == null ? "" : " / " + samples(flat)));
            }
            JsonNode withoutVolumes = results.get(name + "_placedWithoutVolumes");
            if (withoutVolumes != null) {
                System.out.printf(format, "  the same, no PersistentVolume in the view", time(withoutVolumes, "50.0"),
                        time(withoutVolumes, "99.0"), "", "", "", samples(withoutVolumes));
            }
        });
    }

    private static double percentile(JsonNode metric, String percentile) {
        return metric.path("scorePercentiles").path(percentile).asDouble();
    }

    /** Microseconds as read: µs below a millisecond, ms below a second, s above. */
    private static String time(JsonNode metric, String percentile) {
        if (metric == null) {
            return "-";
        }
        double micros = percentile(metric, percentile);
        if (micros < 1_000) {
            return "%.2f µs".formatted(micros);
        }
        return micros < 1_000_000 ? "%.2f ms".formatted(micros / 1_000) : "%.2f s".formatted(micros / 1_000_000);
    }

    private static long samples(JsonNode metric) {
        long count = 0;
        for (JsonNode iteration : metric.path("rawDataHistogram").path(0)) {
            for (JsonNode bucket : iteration) {
                count += bucket.path(1).asLong();
            }
        }
        return count;
    }
}
