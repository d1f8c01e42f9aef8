package io.bouncewatch.bench;

import io.bouncewatch.rules.Category;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the benchmark's bounces mean: a weight per category, shares once divided by their sum. The
 * default is argued in docs/benchmarks.md: most bounces of business mail are bad addresses, a fifth
 * full mailboxes and other passing trouble, and the rest blocks, throttling, the sender's own
 * setup, bounces with nothing to go on and notices that are no failure.
 *
 * @param weights weight of each bounce category; a category absent has none
 */
public record BounceMix(Map<Category, Integer> weights) {

    public static final BounceMix DEFAULT =
            parse("LIST=50,REPUTATION=10,CONFIG=5,THROTTLE=10,TRANSIENT=20,IGNORE=2,UNKNOWN=3");

    static final String ALLOWED =
            "comma-separated CATEGORY=WEIGHT of LIST, REPUTATION, CONFIG, THROTTLE, TRANSIENT,"
                    + " IGNORE, UNKNOWN, e.g. LIST=50,TRANSIENT=20";

    public BounceMix {
        EnumMap<Category, Integer> copy = new EnumMap<>(Category.class);
        long total = 0;
        for (Map.Entry<Category, Integer> e : weights.entrySet()) {
            if (e.getKey() == Category.COMPLAINT || e.getValue() < 0) {
                throw new IllegalArgumentException(e.getKey() + "=" + e.getValue());
            }
            if (e.getValue() > 0) {
                copy.put(e.getKey(), e.getValue());
                total += e.getValue();
            }
        }
        if (total == 0 || total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("weights add up to " + total);
        }
        weights = Collections.unmodifiableMap(copy);
    }

    /**
     * @throws IllegalArgumentException unless the text is {@link #ALLOWED}
     */
    static BounceMix parse(String text) {
        EnumMap<Category, Integer> weights = new EnumMap<>(Category.class);
        for (String part : text.split(",")) {
            String[] pair = part.strip().split("=", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException(part);
            }
            Category category =
                    Category.ofProducer(pair[0])
                            .orElseThrow(() -> new IllegalArgumentException(pair[0]));
            int weight;
            try {
                weight = Integer.parseInt(pair[1].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(part, e);
            }
            if (weights.put(category, weight) != null) {
                throw new IllegalArgumentException(category + " twice");
            }
        }
        return new BounceMix(weights);
    }

    int total() {
        return weights.values().stream().mapToInt(Integer::intValue).sum();
    }

    double share(Category category) {
        return weights.getOrDefault(category, 0) / (double) total();
    }

    /** As the option reads it: {@code LIST=50,TRANSIENT=20,...}. */
    @Override
    public String toString() {
        return weights.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /** The shares in percent, for the run's header: {@code LIST 50%, TRANSIENT 20%, ...}. */
    String describe() {
        return weights.keySet().stream()
                .map(c -> String.format(Locale.ROOT, "%s %.0f%%", c, share(c) * 100))
                .collect(Collectors.joining(", "));
    }
}
