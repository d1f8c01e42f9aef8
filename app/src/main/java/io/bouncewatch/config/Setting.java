package io.bouncewatch.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One setting: its key, default, meaning, and how a text value becomes a typed one. A parser throws
 * {@link IllegalArgumentException} with what is allowed; {@link Settings} adds the key and value.
 *
 * @param key property name, e.g. {@code http.port}
 * @param defaultValue default as text; empty for none
 * @param doc one sentence for --help and the README
 * @param allowed what values are allowed, said the way an error message says it
 * @param parser text to typed value
 */
public record Setting(
        String key,
        String defaultValue,
        String doc,
        String allowed,
        Function<String, Object> parser) {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern SIZE =
            Pattern.compile("(\\d+)\\s*(B|KB|MB|GB|TB)?", Pattern.CASE_INSENSITIVE);

    /**
     * Environment variable of this setting: {@code BOUNCEWATCH_} and the key upper-cased, with .
     * and - as _.
     */
    public String environmentVariable() {
        return environmentVariable(key);
    }

    static String environmentVariable(String key) {
        return "BOUNCEWATCH_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Command-line option of this setting: {@code --} and the key with . as -. */
    public String option() {
        return "--" + key.replace('.', '-');
    }

    Object parse(String text) {
        return parser.apply(text.trim());
    }

    static Setting integer(String key, int defaultValue, int min, int max, String doc) {
        String allowed = "a whole number from " + min + " to " + max;
        return new Setting(
                key,
                Integer.toString(defaultValue),
                doc,
                allowed,
                text -> {
                    int value;
                    try {
                        value = Integer.parseInt(text);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(allowed);
                    }
                    if (value < min || value > max) {
                        throw new IllegalArgumentException(allowed);
                    }
                    return value;
                });
    }

    /** A decimal above {@code min} (exclusive) and at most {@code max}. */
    static Setting decimal(
            String key,
            String defaultValue,
            double min,
            double max,
            boolean maxInclusive,
            String doc) {
        String allowed =
                "a number greater than "
                        + format(min)
                        + (max == Double.MAX_VALUE
                                ? ""
                                : (maxInclusive ? " and at most " : " and below ") + format(max));
        return new Setting(
                key,
                defaultValue,
                doc,
                allowed,
                text -> {
                    double value;
                    try {
                        value = Double.parseDouble(text);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(allowed);
                    }
                    boolean inRange = value > min && (maxInclusive ? value <= max : value < max);
                    if (!inRange || Double.isNaN(value) || Double.isInfinite(value)) {
                        throw new IllegalArgumentException(allowed);
                    }
                    return value;
                });
    }

    static Setting bool(String key, boolean defaultValue, String doc) {
        String allowed = "true or false";
        return new Setting(
                key,
                Boolean.toString(defaultValue),
                doc,
                allowed,
                text -> {
                    String lower = text.toLowerCase(Locale.ROOT);
                    if (!lower.equals("true") && !lower.equals("false")) {
                        throw new IllegalArgumentException(allowed);
                    }
                    return Boolean.parseBoolean(lower);
                });
    }

    static Setting duration(String key, String defaultValue, Duration min, String doc) {
        String allowed =
                "a duration of at least "
                        + describe(min)
                        + ", such as 500ms, 30s, 5m, 24h, 7d or PT24H";
        return new Setting(
                key,
                defaultValue,
                doc,
                allowed,
                text -> {
                    Duration value = parseDuration(text);
                    if (value == null || value.compareTo(min) < 0) {
                        throw new IllegalArgumentException(allowed);
                    }
                    return value;
                });
    }

    /** A number of bytes with a 1024-based unit, or a plain number of bytes such as {@code 0}. */
    static Setting size(String key, String defaultValue, String doc) {
        String allowed =
                "a size such as 500MB, 1GB or 2TB (B, KB, MB, GB, TB; 1 KB = 1024 B), or 0 for none";
        return new Setting(
                key,
                defaultValue,
                doc,
                allowed,
                text -> {
                    var m = SIZE.matcher(text);
                    if (!m.matches()) {
                        throw new IllegalArgumentException(allowed);
                    }
                    String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
                    int shift = "BKMGT".indexOf(unit.charAt(0)) * 10;
                    try {
                        long value = Long.parseLong(m.group(1));
                        if (value > Long.MAX_VALUE >> shift) {
                            throw new IllegalArgumentException(allowed);
                        }
                        return value << shift;
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(allowed);
                    }
                });
    }

    /** A number of bytes from {@code min} to {@code max}, with a 1024-based unit or none. */
    static Setting size(String key, String defaultValue, long min, long max, String doc) {
        String allowed =
                "a size from "
                        + describeSize(min)
                        + " to "
                        + describeSize(max)
                        + ", such as 512KB or 1MB (B, KB, MB; 1 KB = 1024 B)";
        Function<String, Object> any = size(key, defaultValue, doc).parser();
        return new Setting(
                key,
                defaultValue,
                doc,
                allowed,
                text -> {
                    long value;
                    try {
                        value = (Long) any.apply(text);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(allowed);
                    }
                    if (value < min || value > max) {
                        throw new IllegalArgumentException(allowed);
                    }
                    return value;
                });
    }

    /** The largest unit that writes the size whole: 1048576 is 1MB, 1536 is 1536B. */
    static String describeSize(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        int unit = 0;
        long value = bytes;
        while (unit < units.length - 1 && value != 0 && value % 1024 == 0) {
            value /= 1024;
            unit++;
        }
        return value + units[unit];
    }

    static Setting text(
            String key, String defaultValue, String pattern, String allowed, String doc) {
        Predicate<String> matches = Pattern.compile(pattern).asMatchPredicate();
        return new Setting(
                key,
                defaultValue,
                doc,
                allowed,
                text -> {
                    if (!matches.test(text)) {
                        throw new IllegalArgumentException(allowed);
                    }
                    return text;
                });
    }

    static Setting choice(String key, String defaultValue, List<String> choices, String doc) {
        String allowed = "one of " + String.join(", ", choices);
        return new Setting(
                key,
                defaultValue,
                doc,
                allowed,
                text -> {
                    if (!choices.contains(text)) {
                        throw new IllegalArgumentException(allowed);
                    }
                    return text;
                });
    }

    static Duration parseDuration(String text) {
        var m = DURATION.matcher(text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.toUpperCase(Locale.ROOT));
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    static String describe(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        return d.toSeconds() + "s";
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
