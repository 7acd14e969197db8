package io.hcoguard.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the app's CPU went during a JFR recording: each execution sample is put in the first
 * bucket whose rule matches its stack (so a TLS frame under the JSON decoder counts as TLS), and
 * the total GC pause time is added. Answers "why is saturation below the floor" with shares.
 *
 * <pre>java -cp ... io.hcoguard.bench.ProfileSummary RECORDING.jfr</pre>
 */
public final class ProfileSummary {

    private record Bucket(String name, List<String> leafPrefixes, List<String> anywhere) {

        boolean matches(List<RecordedFrame> frames) {
            if (!frames.isEmpty() && leafPrefixes.stream().anyMatch(methodOf(frames.get(0))::startsWith)) {
                return true;
            }
            for (RecordedFrame frame : frames) {
                String method = methodOf(frame);
                if (anywhere.stream().anyMatch(method::startsWith)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final List<Bucket> BUCKETS = List.of(
            new Bucket("TLS (JDK SSLEngine: AES-GCM, handshakes)",
                    List.of("sun.security.", "com.sun.crypto.", "javax.crypto.", "java.lang.invoke.VarHandleByteArrayAs"),
                    List.of("sun.security.ssl.")),
            new Bucket("logging (a line per denied request)", List.of(), List.of("org.jboss.logmanager.", "org.jboss.logging.")),
            new Bucket("metrics (Micrometer counters, timer)", List.of(), List.of("io.micrometer.")),
            new Bucket("AdmissionReview JSON decode", List.of(), List.of("io.hcoguard.admission.AdmissionReviewCodec.decode")),
            new Bucket("AdmissionReview JSON encode", List.of(),
                    List.of("io.hcoguard.admission.AdmissionReviewCodec.write", "io.hcoguard.admission.AdmissionReviewCodec.response")),
            new Bucket("decision (gate, HyperConverged rules)", List.of(), List.of("io.hcoguard.")),
            new Bucket("HTTP stack (Vert.x, Netty, Quarkus REST, executor)", List.of(),
                    List.of("io.vertx.", "io.netty.", "org.jboss.resteasy.", "io.quarkus.", "org.jboss.threads.")),
            new Bucket("other", List.of(""), List.of()));

    private ProfileSummary() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> counts = new LinkedHashMap<>();
        BUCKETS.forEach(b -> counts.put(b.name(), 0));
        int total = 0;
        Duration gcPauses = Duration.ZERO;
        Duration recorded = Duration.ZERO;
        java.time.Instant first = null;
        java.time.Instant last = null;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            first = first == null || event.getStartTime().isBefore(first) ? event.getStartTime() : first;
            last = last == null || event.getEndTime().isAfter(last) ? event.getEndTime() : last;
            String type = event.getEventType().getName();
            if ("jdk.GCPhasePause".equals(type)) {
                gcPauses = gcPauses.plus(event.getDuration());
            }
            if (!"jdk.ExecutionSample".equals(type)) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null) {
                continue;
            }
            total++;
            for (Bucket bucket : BUCKETS) {
                if (bucket.matches(stack.getFrames())) {
                    counts.merge(bucket.name(), 1, Integer::sum);
                    break;
                }
            }
        }
        if (first != null) {
            recorded = Duration.between(first, last);
        }
        System.out.printf("  %d CPU samples of Java threads in %.1f s; GC pauses %.0f ms in total%n",
                total, recorded.toMillis() / 1000.0, gcPauses.toNanos() / 1e6);
        for (Map.Entry<String, Integer> entry : counts.entrySet()) {
            System.out.printf("  %-52s %5.1f%%%n", entry.getKey(), total == 0 ? 0 : 100.0 * entry.getValue() / total);
        }
    }

    private static String methodOf(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
