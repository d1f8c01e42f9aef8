package io.bouncewatch.rules;

import java.util.Objects;

/**
 * Why a status changed, as the rule that decided it measured it: the rule, its threshold and the
 * value it measured, so that an operator never has to recompute a decision. Both numbers are null
 * only for an operator's command, which is measured by no rule.
 *
 * @param rule the rule that fired
 * @param threshold the threshold the rule compared against, in the rule's {@link Measure}
 * @param value what the rule measured, in the same measure
 */
public record Evidence(Rule rule, Double threshold, Double value) {

    /** How a rule's threshold and value are measured. */
    public enum Measure {
        /** Events: window counters (decimals after a slide), lifetime sends, mailboxes. */
        COUNT,
        /** A fraction: bounces per send, unhealthy mailboxes per mailbox. */
        RATE,
        /** A duration in seconds. */
        SECONDS,
        /** Not measured: an operator decided. */
        NONE
    }

    /** The rules that change statuses; most carry the name of the reason they give. */
    public enum Rule {
        /** Window bounces reached the pause count. */
        BOUNCE_COUNT(Measure.COUNT),
        /** The window's bounce rate reached the pause or the warning rate. */
        BOUNCE_RATE(Measure.RATE),
        /** Window complaints reached the pause or the warning count, or fell below the latter. */
        COMPLAINTS(Measure.COUNT),
        /** Window bounces reached the early-warning count before the mailbox had volume. */
        EARLY_WARNING(Measure.COUNT),
        /** The rate stayed below the recovery rate for the recovery sends (hysteresis). */
        RECOVERY_RATE(Measure.RATE),
        /** Lifetime sends reached the minimum volume, so the early warning no longer applies. */
        MIN_SENDS(Measure.COUNT),
        /** The probation sends were made with no rule matching. */
        PROBATION(Measure.COUNT),
        /** A rule pause's cooldown ran out. */
        COOLDOWN_EXPIRED(Measure.SECONDS),
        /** An operator's command. */
        OPERATOR(Measure.NONE),
        /** The share of a domain's mailboxes that are unhealthy. */
        UNHEALTHY_RATIO(Measure.RATE),
        /** A domain has fewer mailboxes than its ratio rules need. */
        MIN_MAILBOXES(Measure.COUNT),
        /** A domain's config failures within the hour. */
        CONFIG_FAILURE(Measure.COUNT),
        /** No config failure came for the config cooldown. */
        CONFIG_COOLDOWN(Measure.SECONDS),
        /** A provider throttled the route. */
        RATE_LIMITED(Measure.COUNT),
        /** Reputation bounces from a provider within the block window. */
        BLOCKED(Measure.COUNT),
        /** A route's slow-down or block ran its time. */
        EXPIRED(Measure.SECONDS);

        private final Measure measure;

        Rule(Measure measure) {
            this.measure = measure;
        }

        public Measure measure() {
            return measure;
        }
    }

    /** What every change an operator causes carries. */
    public static final Evidence BY_OPERATOR = new Evidence(Rule.OPERATOR, null, null);

    public Evidence {
        Objects.requireNonNull(rule, "rule");
        if ((rule.measure() == Measure.NONE) != (threshold == null || value == null)) {
            throw new IllegalArgumentException(
                    rule + " is measured " + rule.measure() + ", not " + threshold + " / " + value);
        }
    }

    static Evidence of(Rule rule, double threshold, double value) {
        return new Evidence(rule, threshold, value);
    }

    /** A duration rule: both durations in milliseconds, carried in seconds. */
    static Evidence ofMillis(Rule rule, long thresholdMillis, long valueMillis) {
        return new Evidence(rule, thresholdMillis / 1000.0, valueMillis / 1000.0);
    }
}
