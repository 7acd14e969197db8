package io.hcoguard.hyperconverged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected values are what Go 1.x's time.ParseDuration and Duration.String() return for the same input. */
class GoDurationTest {

    @ParameterizedTest(name = "\"{0}\" is {1} ns, printed \"{2}\"")
    @CsvSource(delimiter = '|', value = {
        "0                          | 0                    | 0s",
        "-0                         | 0                    | 0s",
        "+0                         | 0                    | 0s",
        "0s                         | 0                    | 0s",
        "1ns                        | 1                    | 1ns",
        "1us                        | 1000                 | 1µs",
        "1µs                        | 1000                 | 1µs",
        "1μs                        | 1000                 | 1µs",
        "1ms                        | 1000000              | 1ms",
        "1s                         | 1000000000           | 1s",
        "1m                         | 60000000000          | 1m0s",
        "1h                         | 3600000000000        | 1h0m0s",
        "90s                        | 90000000000          | 1m30s",
        "60s                        | 60000000000          | 1m0s",
        "1.5s                       | 1500000000           | 1.5s",
        "1.5m                       | 90000000000          | 1m30s",
        "1.5h                       | 5400000000000        | 1h30m0s",
        "300ms                      | 300000000            | 300ms",
        "1000ms                     | 1000000000           | 1s",
        "0.5s                       | 500000000            | 500ms",
        ".5s                        | 500000000            | 500ms",
        "1.s                        | 1000000000           | 1s",
        "1h2m3.5s                   | 3723500000000        | 1h2m3.5s",
        "3m3m                       | 360000000000         | 6m0s",
        "1h0m0s                     | 3600000000000        | 1h0m0s",
        "1m0s                       | 60000000000          | 1m0s",
        "100h                       | 360000000000000      | 100h0m0s",
        "1.000000001s               | 1000000001           | 1.000000001s",
        "1.0000000001s              | 1000000000           | 1s",
        "-90s                       | -90000000000         | -1m30s",
        "+90s                       | 90000000000          | 1m30s",
        "0.000000001s               | 1                    | 1ns",
        "1.1ms                      | 1100000              | 1.1ms",
        "1.23456789ms               | 1234567              | 1.234567ms",
        "59.999999999s              | 59999999999          | 59.999999999s",
        "3600s                      | 3600000000000        | 1h0m0s",
        "86400s                     | 86400000000000       | 24h0m0s",
        "00001s                     | 1000000000           | 1s",
        "0.0000000000000000000000000001h | 0               | 0s",
        "1.00000000000000000000001s | 1000000000           | 1s",
        "0.9999999999999999999999h  | 3600000000000        | 1h0m0s",
        "2562047h47m16.854775807s   | 9223372036854775807  | 2562047h47m16.854775807s",
        "9223372036854775807ns      | 9223372036854775807  | 2562047h47m16.854775807s",
        "-2562047h47m16.854775808s  | -9223372036854775808 | -2562047h47m16.854775808s",
        "-9223372036854775808ns     | -9223372036854775808 | -2562047h47m16.854775808s",
    })
    void parsesAndPrintsLikeGo(String text, long nanoseconds, String printed) {
        GoDuration duration = GoDuration.parse(text);

        assertThat(duration.nanoseconds()).isEqualTo(nanoseconds);
        assertThat(duration).hasToString(printed);
    }

    @ParameterizedTest(name = "{0} ns prints \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "0                    | 0s",
        "1                    | 1ns",
        "999                  | 999ns",
        "1000                 | 1µs",
        "1001                 | 1.001µs",
        "1500                 | 1.5µs",
        "999999               | 999.999µs",
        "1000000              | 1ms",
        "1200000              | 1.2ms",
        "999999999            | 999.999999ms",
        "1000000000           | 1s",
        "1000000001           | 1.000000001s",
        "1500000000           | 1.5s",
        "59999999999          | 59.999999999s",
        "60000000000          | 1m0s",
        "90000000000          | 1m30s",
        "3600000000000        | 1h0m0s",
        "3661000000000        | 1h1m1s",
        "86400000000000       | 24h0m0s",
        "-1                   | -1ns",
        "-1500                | -1.5µs",
        "-90000000000         | -1m30s",
        "9223372036854775807  | 2562047h47m16.854775807s",
        "-9223372036854775808 | -2562047h47m16.854775808s",
    })
    void printsLikeGo(long nanoseconds, String printed) {
        assertThat(new GoDuration(nanoseconds)).hasToString(printed);
    }

    @ParameterizedTest(name = "\"{0}\" is rejected: {1}")
    @CsvSource(delimiter = '|', emptyValue = "", value = {
        "''                            | empty",
        "-                             | expected a number",
        "+                             | expected a number",
        ".s                            | expected a number",
        "s                             | expected a number",
        "abc                           | expected a number",
        "-.s                           | expected a number",
        "1                             | missing unit",
        "1.5.3s                        | missing unit",
        "1e3s                          | unknown unit \"e\"",
        "'1 h'                         | unknown unit \" h\"",
        "'1h '                         | unknown unit \"h \"",
        "10S                           | unknown unit \"S\"",
        "5mins                         | unknown unit \"mins\"",
        "1h-1m                         | unknown unit \"h-\"",
        "1d                            | unknown unit \"d\", days are not a Go unit, use \"24h\"",
        "2days                         | unknown unit \"days\", days are not a Go unit, use \"24h\"",
        "2562047h47m16.854775808s      | out of range",
        "9223372036854775808ns         | out of range",
        "9223372036854775808000000000ns| out of range",
        "2562048h                      | out of range",
        "-2562047h47m16.854775809s     | out of range",
    })
    void rejectsWhatGoRejectsSayingWhy(String text, String reason) {
        assertThatIllegalArgumentException().isThrownBy(() -> GoDuration.parse(text)).withMessage(reason);
    }

    @Test
    void onlyDurationsAboveZeroArePositive() {
        assertThat(GoDuration.parse("1ns").isPositive()).isTrue();
        assertThat(GoDuration.parse("0s").isPositive()).isFalse();
        assertThat(GoDuration.parse("-1h").isPositive()).isFalse();
    }

    @Test
    void printedFormParsesBackToTheSameDuration() {
        long[] samples = {1, 999, 1_001, 999_999_999, 1_000_000_001, 59_999_999_999L, 3_661_000_000_000L,
            Long.MAX_VALUE, Long.MIN_VALUE, -1, -86_400_000_000_000L};
        for (long nanoseconds : samples) {
            GoDuration duration = new GoDuration(nanoseconds);
            assertThat(GoDuration.parse(duration.toString())).isEqualTo(duration);
        }
    }
}
