package io.hcoguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 2. HTTPS on loopback: the app's two endpoints beside a bare Vert.x floor (and the floor with the
 * app's JSON decode), at a fixed rate, at a low rate and flat out, then where the app's CPU goes.
 */
record HttpSection(Knobs knobs, Cluster cluster, Load load, int lowRate) implements Bench.Section {

    @Override
    public void run() throws Exception {
        App app = cluster.app();
        Path validate = knobs.payload("validate-upgrade.json");
        Path mutate = knobs.payload("mutate-hyperconverged.json");
        Floor floor = floor("");
        Floor floorDecode = floor("decode");
        List<Load.Target> targets = List.of(
                load.target("floor", "floor: bare Vert.x, canned answer", floor.url(), validate),
                load.target("floor-decode", "floor + the app's JSON decode", floorDecode.url(), validate),
                load.target("validate", "app /validate-upgrade", "https://127.0.0.1:" + app.port + "/validate-upgrade", validate),
                load.target("mutate", "app /mutate-hyperconverged", "https://127.0.0.1:" + app.port + "/mutate-hyperconverged", mutate));

        System.out.printf("## 2. HTTPS on loopback (app: %d VMIs in its inventory, %d blocking: the ClusterVersion update is denied;%n",
                knobs.vmis(), knobs.blockers());
        System.out.println("   dry run, so no Event is written). Load generators run on the same 2 cores.");
        System.out.println();
        System.out.printf("### fixed rate: %d req/s for %d s over HTTP/2 (vegeta), after a 25 s ramp-up%n", load.rate(), load.fixedSeconds());
        fixedTable(targets, load.rate(), true);
        System.out.println();
        System.out.printf("### low rate: %d req/s for %d s (the regime of the end-to-end benchmark: idle between requests)%n",
                lowRate, load.fixedSeconds());
        fixedTable(targets, lowRate, false);

        System.out.println();
        System.out.printf("### saturation: 3 interleaved rounds of %d s per target and tool; median (min-max) req/s%n", load.saturationSeconds());
        Map<Load.Target, double[]> wrk = new LinkedHashMap<>();
        Map<Load.Target, double[]> vegeta = new LinkedHashMap<>();
        for (int round = 0; round < 3; round++) {
            for (Load.Target target : targets) {
                wrk.computeIfAbsent(target, t -> new double[3])[round] = load.wrkRps(target);
                String v = load.vegetaMaxRps(target);
                if (v.equals("errors")) {
                    Bench.log("vegeta saw errors at saturation on " + target.url() + ": counted as 0 req/s");
                }
                vegeta.computeIfAbsent(target, t -> new double[3])[round] = v.equals("errors") ? 0 : Double.parseDouble(v);
            }
            Bench.log("saturation round " + (round + 1) + " done (load " + Bench.loadavg() + ")");
        }
        Table table = new Table().row("  target", "| wrk, HTTP/1.1, 16 connections", "| of floor", "| vegeta, HTTP/2, 64 in flight", "| of floor");
        long floorWrk = (long) Percentiles.of(wrk.get(targets.get(0))).at(50);
        long floorVegeta = (long) Percentiles.of(vegeta.get(targets.get(0))).at(50);
        for (Load.Target target : targets) {
            Percentiles w = Percentiles.of(wrk.get(target));
            Percentiles v = Percentiles.of(vegeta.get(target));
            table.row("  " + target.title(), "| %d (%d-%d)".formatted((long) w.at(50), (long) w.at(0), (long) w.max()),
                    "| " + share((long) w.at(50), floorWrk),
                    "| %d (%d-%d)".formatted((long) v.at(50), (long) v.at(0), (long) v.max()),
                    "| " + share((long) v.at(50), floorVegeta));
        }
        table.print();

        System.out.println();
        System.out.printf("### where the app's CPU goes at saturation (JFR, default settings, %d s of wrk on /validate-upgrade)%n",
                load.saturationSeconds());
        Path recording = knobs.work().resolve("saturation.jfr");
        Jdk.jcmd(knobs, app, "JFR.start", "name=bench", "filename=" + recording);
        long rps = load.wrkRps(targets.get(2));
        Jdk.jcmd(knobs, app, "JFR.stop", "name=bench");
        System.out.println("  (" + rps + " req/s while recording)");
        ProfileSummary.main(new String[] {recording.toString()});

        Children.stop(floor.process());
        Children.stop(floorDecode.process());
        System.out.println();
        System.out.printf("  app after the run: RSS %d MB, heap used %d MB%n", app.rssMb(), app.heapUsedMb());
        System.out.println("  check: " + check(knobs, targets.get(2).url(), validate));
        System.out.println("  check: " + check(knobs, targets.get(3).url(), mutate));
    }

    private static String share(long rps, long floor) {
        return floor == 0 ? "-" : 100 * rps / floor + "%";
    }

    private void fixedTable(List<Load.Target> targets, int rate, boolean warm) throws Exception {
        Table table = new Table().row(Load.fixedHeader().toArray());
        for (Load.Target target : targets) {
            table.row(load.fixedRow(target.title(), target, rate, warm).toArray());
        }
        table.print();
    }

    private record Floor(Process process, String url) {
    }

    /** A FloorServer (mode "" or "decode") in a JVM of its own on a free port, once it listens. */
    private Floor floor(String mode) throws Exception {
        int port = App.freePort();
        Path log = knobs.work().resolve("floor-" + port + ".log");
        Process floor = Children.start(new ProcessBuilder(Children.java(knobs, FloorServer.class.getName(), String.valueOf(port),
                knobs.certs().resolve("tls.crt").toString(), knobs.certs().resolve("tls.key").toString(), mode))
                .redirectErrorStream(true).redirectOutput(log.toFile()));
        for (int i = 0; i < 300; i++) {
            if (Files.exists(log) && Files.readString(log).contains("listening")) {
                return new Floor(floor, "https://127.0.0.1:" + port + "/validate-upgrade");
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("floor server did not start; see " + log);
    }

    /**
     * One request by hand, its answer in brief: allowed and the message's first line for a validation,
     * allowed and the decoded JSON patch for a mutation.
     */
    static String check(Knobs knobs, String url, Path body) throws Exception {
        HttpClient tls = LocalTls.client(knobs.certs().resolve("ca.crt"));
        JsonNode response = Load.JSON.readTree(tls.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofFile(body)).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("response");
        ObjectNode brief = Load.JSON.createObjectNode().set("allowed", response.get("allowed"));
        if (response.hasNonNull("patch")) {
            brief.set("patch", Load.JSON.readTree(Base64.getDecoder().decode(response.get("patch").asText())));
        } else {
            brief.put("message", response.path("status").path("message").asText().split("\n")[0]);
        }
        return brief.toString();
    }
}
