package org.pairforge.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one grammar of every time flag: a number with ms, s, m (or min) or h; a bare number is seconds. */
final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min|h)?");

    private Durations() {
    }

    /** @throws IllegalArgumentException naming the flag and the value */
    static Duration parse(String flag, String value) {
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(flag + " " + value + " is not a duration (e.g. 120s, 2m, 500ms, 1h)");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double ms = switch (unit) {
            case "ms" -> n;
            case "m", "min" -> n * 60_000;
            case "h" -> n * 3_600_000;
            default -> n * 1000;
        };
        if (ms < 1) {
            throw new IllegalArgumentException(flag + " " + value + " must be at least 1ms");
        }
        return Duration.ofMillis(Math.round(ms));
    }
}
