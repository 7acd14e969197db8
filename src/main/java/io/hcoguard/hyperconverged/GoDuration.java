package io.hcoguard.hyperconverged;

import java.util.Map;

/**
 * A Go {@code time.Duration}: KubeVirt reads {@code batchEvictionInterval} with Go's
 * {@code time.ParseDuration}, so this parses exactly what Go accepts and prints exactly what
 * Go's {@code Duration.String()} prints (the form KubeVirt and HCO write back).
 *
 * @param nanoseconds the signed length in nanoseconds, as Go stores it
 */
public record GoDuration(long nanoseconds) {

    private static final long NANOSECOND = 1L;
    private static final long MICROSECOND = 1_000L * NANOSECOND;
    private static final long MILLISECOND = 1_000L * MICROSECOND;
    private static final long SECOND = 1_000L * MILLISECOND;
    private static final long MINUTE = 60L * SECOND;
    private static final long HOUR = 60L * MINUTE;

    /** 2^63 as an unsigned 64-bit value: Go's parser works in uint64 and allows it for negatives only. */
    private static final long TWO_POW_63 = Long.MIN_VALUE;

    /** The units Go accepts, as an admin would list them. */
    public static final String UNITS = "ns, us, ms, s, m, h";

    private static final Map<String, Long> UNIT_NANOSECONDS = Map.of(
            "ns", NANOSECOND,
            "us", MICROSECOND,
            "\u00b5s", MICROSECOND, // micro sign
            "\u03bcs", MICROSECOND, // Greek small letter mu
            "ms", MILLISECOND,
            "s", SECOND,
            "m", MINUTE,
            "h", HOUR);

    /**
     * Parses like Go's {@code time.ParseDuration}: {@code [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+}, or "0".
     *
     * @throws IllegalArgumentException saying in a few words why Go would reject the text
     */
    public static GoDuration parse(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return new GoDuration(0);
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException(text.isEmpty() ? "empty" : "expected a number");
        }
        long total = 0; // unsigned, at most 2^63
        while (!s.isEmpty()) {
            char first = s.charAt(0);
            if (first != '.' && !isDigit(first)) {
                throw new IllegalArgumentException("expected a number");
            }
            int digits = leadingDigits(s, 0);
            long whole = wholeNumber(s.substring(0, digits));
            boolean before = digits > 0;
            s = s.substring(digits);
            long fraction = 0;
            double scale = 1;
            boolean after = false;
            if (!s.isEmpty() && s.charAt(0) == '.') {
                int fractionDigits = leadingDigits(s, 1) - 1;
                after = fractionDigits > 0;
                // Go keeps accumulating fraction digits only while they fit; the rest are dropped.
                for (int i = 1; i <= fractionDigits; i++) {
                    long next = fraction * 10 + (s.charAt(i) - '0');
                    if (Long.compareUnsigned(fraction, Long.MAX_VALUE / 10) > 0
                            || Long.compareUnsigned(next, TWO_POW_63) > 0) {
                        break;
                    }
                    fraction = next;
                    scale *= 10;
                }
                s = s.substring(fractionDigits + 1);
            }
            if (!before && !after) {
                throw new IllegalArgumentException("expected a number");
            }
            int unitLength = 0;
            while (unitLength < s.length() && s.charAt(unitLength) != '.' && !isDigit(s.charAt(unitLength))) {
                unitLength++;
            }
            if (unitLength == 0) {
                throw new IllegalArgumentException("missing unit");
            }
            String unitName = s.substring(0, unitLength);
            s = s.substring(unitLength);
            Long unit = UNIT_NANOSECONDS.get(unitName);
            if (unit == null) {
                throw new IllegalArgumentException(unknownUnit(unitName));
            }
            if (Long.compareUnsigned(whole, Long.divideUnsigned(TWO_POW_63, unit)) > 0) {
                throw new IllegalArgumentException("out of range");
            }
            long value = whole * unit;
            if (fraction != 0) {
                // Go uses float64 here too, which is nanosecond-exact for fractions of an hour.
                value += (long) (unsignedToDouble(fraction) * ((double) unit / scale));
                if (Long.compareUnsigned(value, TWO_POW_63) > 0) {
                    throw new IllegalArgumentException("out of range");
                }
            }
            total += value;
            if (Long.compareUnsigned(total, TWO_POW_63) > 0) {
                throw new IllegalArgumentException("out of range");
            }
        }
        if (negative) {
            return new GoDuration(-total);
        }
        if (total < 0) { // exactly 2^63: only -2^63 fits in a signed 64-bit duration
            throw new IllegalArgumentException("out of range");
        }
        return new GoDuration(total);
    }

    public boolean isPositive() {
        return nanoseconds > 0;
    }

    public boolean isNegative() {
        return nanoseconds < 0;
    }

    public boolean isZero() {
        return nanoseconds == 0;
    }

    /** Go's {@code Duration.String()}: "1h0m0s", "1m30s", "1.5s", "500ms", "1µs", "0s". */
    @Override
    public String toString() {
        long u = nanoseconds < 0 ? -nanoseconds : nanoseconds; // unsigned: -2^63 stays 2^63
        StringBuilder reversed = new StringBuilder(32);
        if (Long.compareUnsigned(u, SECOND) < 0) {
            // Under a second Go switches to a smaller unit, like 1.2ms.
            if (u == 0) {
                return "0s";
            }
            int precision;
            if (u < MICROSECOND) {
                precision = 0;
                reversed.append("sn");
            } else if (u < MILLISECOND) {
                precision = 3;
                reversed.append("s\u00b5");
            } else {
                precision = 6;
                reversed.append("sm");
            }
            u = appendFraction(reversed, u, precision);
            appendInteger(reversed, u);
        } else {
            reversed.append('s');
            u = appendFraction(reversed, u, 9);
            appendInteger(reversed, Long.remainderUnsigned(u, 60));
            u = Long.divideUnsigned(u, 60);
            if (u > 0) {
                reversed.append('m');
                appendInteger(reversed, u % 60);
                u /= 60;
                // Go stops at hours because days can differ in length.
                if (u > 0) {
                    reversed.append('h');
                    appendInteger(reversed, u);
                }
            }
        }
        if (nanoseconds < 0) {
            reversed.append('-');
        }
        return reversed.reverse().toString();
    }

    private static String unknownUnit(String unit) {
        String quoted = "unknown unit \"" + unit + "\"";
        // Admins reach for days; Go stops at hours on purpose.
        if (unit.equals("d") || unit.equals("day") || unit.equals("days")) {
            return quoted + ", days are not a Go unit, use \"24h\"";
        }
        return quoted;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int leadingDigits(String s, int from) {
        int i = from;
        while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Go's leadingInt: digits into an unsigned value of at most 2^63. */
    private static long wholeNumber(String digits) {
        long x = 0;
        for (int i = 0; i < digits.length(); i++) {
            if (Long.compareUnsigned(x, Long.divideUnsigned(TWO_POW_63, 10)) > 0) {
                throw new IllegalArgumentException("out of range");
            }
            x = x * 10 + (digits.charAt(i) - '0');
            if (Long.compareUnsigned(x, TWO_POW_63) > 0) {
                throw new IllegalArgumentException("out of range");
            }
        }
        return x;
    }

    private static double unsignedToDouble(long value) {
        return value >= 0 ? (double) value : ((value >>> 1) | (value & 1)) * 2.0;
    }

    /** Go's fmtFrac: the last {@code precision} digits as ".ddd" without trailing zeros. */
    private static long appendFraction(StringBuilder reversed, long value, int precision) {
        boolean print = false;
        long v = value;
        for (int i = 0; i < precision; i++) {
            long digit = Long.remainderUnsigned(v, 10);
            print = print || digit != 0;
            if (print) {
                reversed.append((char) ('0' + digit));
            }
            v = Long.divideUnsigned(v, 10);
        }
        if (print) {
            reversed.append('.');
        }
        return v;
    }

    private static void appendInteger(StringBuilder reversed, long value) {
        reversed.append(new StringBuilder(Long.toUnsignedString(value)).reverse());
    }
}
