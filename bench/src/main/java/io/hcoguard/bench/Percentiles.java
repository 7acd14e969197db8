package io.hcoguard.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a few hundred samples at most, in milliseconds. */
record Percentiles(double[] sortedMillis) {

    static Percentiles of(double[] millis) {
        double[] copy = millis.clone();
        Arrays.sort(copy);
        return new Percentiles(copy);
    }

    double at(double percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sortedMillis.length);
        return sortedMillis[Math.max(0, Math.min(sortedMillis.length - 1, rank - 1))];
    }

    double max() {
        return sortedMillis[sortedMillis.length - 1];
    }

    String summary() {
        return "p50 %.1f ms, p90 %.1f ms, max %.1f ms (n=%d)".formatted(at(50), at(90), max(), sortedMillis.length);
    }
}
