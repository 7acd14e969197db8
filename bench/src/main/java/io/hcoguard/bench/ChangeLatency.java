package io.hcoguard.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long a VMI change takes to show in hco-guard's report: flips KubeVirt's LiveMigratable
 * condition of one running VMI (status subresource, as virt-handler does), which makes it block
 * upgrades and back, and times until the {@code hco_guard_blocking_vmis} gauge on /q/metrics
 * says so. Baselines in the same run: the API write's round trip, and the moment a watch of the
 * same VMI opened by this process receives the change (the API server's own delivery time).
 *
 * <pre>java -cp ... io.hcoguard.bench.ChangeLatency METRICS_URL FLEET_SIZE BLOCKERS VMI_INDEX ITERATIONS</pre>
 */
public final class ChangeLatency {

    private ChangeLatency() {
    }

    public static void main(String[] args) throws Exception {
        URI metrics = URI.create(args[0]);
        Fleet fleet = new Fleet(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        int index = Integer.parseInt(args[3]);
        int iterations = Integer.parseInt(args[4]);
        String namespace = Fleet.namespace(index);
        String name = Fleet.name(index);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Map<String, Long> seenAt = new ConcurrentHashMap<>();

        try (KubernetesClient client = Populate.client(4);
                Watch watch = client.genericKubernetesResources(Fleet.VMI).inNamespace(namespace).withName(name)
                        .watch(new Watcher<>() {
                            @Override
                            public void eventReceived(Action action, GenericKubernetesResource vmi) {
                                seenAt.putIfAbsent(vmi.getMetadata().getResourceVersion(), System.nanoTime());
                            }

                            @Override
                            public void onClose(WatcherException cause) {
                            }
                        })) {
            long base = gauge(http, metrics);
            if (base != fleet.blockers()) {
                System.out.println("note: gauge reads " + base + " before the first change, the fleet has " + fleet.blockers());
            }
            double[] ack = new double[iterations];
            double[] watched = new double[iterations];
            double[] reported = new double[iterations];
            Thread.sleep(500); // the watch is open
            for (int k = 0; k < iterations; k++) {
                boolean block = k % 2 == 0;
                long expected = block ? base + 1 : base;
                GenericKubernetesResource vmi = client.genericKubernetesResources(Fleet.VMI).inNamespace(namespace)
                        .withName(name).get();
                vmi.setAdditionalProperty("status", fleet.status(index, block));
                long t0 = System.nanoTime();
                GenericKubernetesResource written = client.genericKubernetesResources(Fleet.VMI).inNamespace(namespace)
                        .resource(vmi).updateStatus();
                long tAck = System.nanoTime();
                long tReport;
                while (true) {
                    if (gauge(http, metrics) == expected) {
                        tReport = System.nanoTime();
                        break;
                    }
                    if (System.nanoTime() - t0 > 30_000_000_000L) {
                        throw new IllegalStateException("the report did not reflect change " + k + " within 30 s");
                    }
                    Thread.sleep(1);
                }
                String version = written.getMetadata().getResourceVersion();
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (!seenAt.containsKey(version) && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                ack[k] = (tAck - t0) / 1e6;
                watched[k] = (seenAt.getOrDefault(version, Long.MAX_VALUE) - t0) / 1e6;
                reported[k] = (tReport - t0) / 1e6;
                Thread.sleep(250);
            }
            System.out.printf("VMI %s/%s, LiveMigratable flipped %d times (blocking VMIs %d <-> %d):%n",
                    namespace, name, iterations, base, base + 1);
            System.out.println("  baseline: API write round trip          " + Percentiles.of(ack).summary());
            System.out.println("  baseline: watch event in this process   " + Percentiles.of(watched).summary());
            System.out.println("  hco_guard_blocking_vmis reflects change " + Percentiles.of(reported).summary());
        }
        System.exit(0); // the client's Vert.x event loops are not daemon threads
    }

    /** The gauge's value; the scrape itself (about 1 ms) bounds the resolution. */
    static long gauge(HttpClient http, URI metrics) throws Exception {
        String body = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String line : body.split("\n")) {
            if (line.startsWith("hco_guard_blocking_vmis{upgrade=\"cluster\"")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new IllegalStateException("no hco_guard_blocking_vmis in " + metrics);
    }
}
