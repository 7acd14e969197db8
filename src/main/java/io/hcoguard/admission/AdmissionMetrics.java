package io.hcoguard.admission;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the admission paths count: decisions, bodies refused (400, 413), internal errors (500), and
 * the time to judge one AdmissionReview as a histogram, whose buckets reach the API server's default
 * webhook timeout (10 s), so a p99 can be read and alerted on.
 */
@Singleton
public class AdmissionMetrics {

    /** The webhook paths, which are also the {@code webhook} label of every admission metric. */
    public static final Set<String> WEBHOOKS = Set.of("mutate-hyperconverged", "validate-hyperconverged", "validate-upgrade");

    static final Duration[] LATENCY_BUCKETS = {
        Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();

    public AdmissionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Time to judge one AdmissionReview, from a decoded request to a decision or an internal error. */
    Timer latency(String webhook) {
        return latency.computeIfAbsent(webhook, name -> Timer.builder("hco_guard_admission_duration_seconds")
                .description("Time to judge one AdmissionReview")
                .tag("webhook", name)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry));
    }

    void decided(String webhook, Decision decision, boolean dryRun) {
        registry.counter("hco_guard_admission_decisions_total", "webhook", webhook,
                "allowed", Boolean.toString(decision.allowed()), "dry_run", Boolean.toString(dryRun)).increment();
    }

    /** A body answered 400 or 413 (not a v1 AdmissionReview, or over the size limit). */
    void invalid(String webhook) {
        counter("hco_guard_admission_invalid_requests_total", "AdmissionReviews refused with 400 or 413", webhook).increment();
    }

    /** A request answered 500: a rule failed on it. */
    void failed(String webhook) {
        counter("hco_guard_admission_errors_total", "AdmissionReviews answered 500: a rule failed on them", webhook).increment();
    }

    private Counter counter(String name, String description, String webhook) {
        return Counter.builder(name).description(description).tag("webhook", webhook).register(registry);
    }
}
