package io.bouncewatch.rules;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The one declaration of a rule setting, as plain data: the configuration layer reads it to parse,
 * check, list and document the setting; {@link RuleSettings} takes its default from it and is built
 * from the values by setting name. A new threshold is one entry of {@link #ALL} plus its component
 * of {@link RuleSettings} and the rule that reads it (and its row in the settings tables of the
 * README and docs/interface.md, which tests hold to these declarations).
 *
 * @param key property name, e.g. {@code window.max-sends}
 * @param component the {@link RuleSettings} component it sets
 * @param defaultValue default as text, as --help and the README show it
 * @param kind what type and range of values are allowed
 * @param doc one sentence for --help and the README
 */
public record RuleSetting(
        String key, String component, String defaultValue, Kind kind, String doc) {

    /** Every rule setting, in the order --help and the README list them. */
    public static final List<RuleSetting> ALL =
            List.of(
                    whole(
                            "window.max-sends",
                            "windowMaxSends",
                            100,
                            1,
                            1_000_000,
                            "window sends at which the window slides"),
                    decimal(
                            "window.retain-fraction",
                            "windowRetainFraction",
                            "0.5",
                            1,
                            false,
                            "share of every window counter a slide keeps"),
                    whole(
                            "threshold.min-sends",
                            "minSends",
                            60,
                            1,
                            1_000_000,
                            "lifetime sends from which a mailbox has volume: the rate rules apply"),
                    decimal(
                            "threshold.pause-bounces",
                            "pauseBounces",
                            "5",
                            Double.MAX_VALUE,
                            true,
                            "window bounces that pause at any volume (BOUNCE_COUNT)"),
                    decimal(
                            "threshold.pause-bounce-rate",
                            "pauseBounceRate",
                            "0.03",
                            1,
                            true,
                            "bounce rate that pauses a mailbox with volume (BOUNCE_RATE)"),
                    decimal(
                            "threshold.warning-bounces",
                            "warningBounces",
                            "3",
                            Double.MAX_VALUE,
                            true,
                            "window bounces that warn a mailbox without volume (EARLY_WARNING)"),
                    decimal(
                            "threshold.warning-bounce-rate",
                            "warningBounceRate",
                            "0.02",
                            1,
                            true,
                            "bounce rate that warns a mailbox with volume (BOUNCE_RATE)"),
                    decimal(
                            "threshold.recovery-rate",
                            "recoveryRate",
                            "0.015",
                            1,
                            true,
                            "bounce rate a rate-warned mailbox must stay below to recover"),
                    whole(
                            "threshold.recovery-sends",
                            "recoverySends",
                            100,
                            0,
                            1_000_000,
                            "consecutive sends below threshold.recovery-rate that end a rate"
                                    + " warning"),
                    decimal(
                            "threshold.pause-complaints",
                            "pauseComplaints",
                            "2",
                            Double.MAX_VALUE,
                            true,
                            "window complaints that pause (COMPLAINTS)"),
                    decimal(
                            "threshold.warning-complaints",
                            "warningComplaints",
                            "1",
                            Double.MAX_VALUE,
                            true,
                            "window complaints that warn (COMPLAINTS)"),
                    duration(
                            "cooldown.duration",
                            "cooldown",
                            "24h",
                            Duration.ofSeconds(1),
                            "first cooldown of a rule pause"),
                    duration(
                            "cooldown.max",
                            "maxCooldown",
                            "7d",
                            Duration.ofSeconds(1),
                            "cap of an escalated cooldown"),
                    duration(
                            "cooldown.escalation-window",
                            "escalationWindow",
                            "7d",
                            Duration.ZERO,
                            "a pause this soon after a resume doubles the previous cooldown"),
                    whole(
                            "healing.probation-sends",
                            "probationSends",
                            60,
                            0,
                            1_000_000,
                            "clean sends after a resume before a mailbox is HEALTHY again"),
                    flag(
                            "bounce.count-soft",
                            "countSoftBounces",
                            false,
                            "count SOFT (4.x.x) bounces in the window"),
                    decimal(
                            "domain.warning-ratio",
                            "domainWarningRatio",
                            "0.30",
                            1,
                            true,
                            "unhealthy share of a domain's mailboxes that puts it in WARNING"),
                    decimal(
                            "domain.pause-ratio",
                            "domainPauseRatio",
                            "0.50",
                            1,
                            true,
                            "unhealthy share of a domain's mailboxes that pauses it"),
                    whole(
                            "domain.min-mailboxes",
                            "domainMinMailboxes",
                            3,
                            1,
                            1_000_000,
                            "active mailboxes from which a domain's ratio rules apply"),
                    duration(
                            "domain.inactive-after",
                            "domainInactiveAfter",
                            "30d",
                            Duration.ofMinutes(1),
                            "a mailbox with no event for this long leaves its domain's count"
                                    + " until its next event"),
                    whole(
                            "domain.config-warning",
                            "domainConfigWarning",
                            3,
                            1,
                            ConfigFailures.MAX_KEPT,
                            "CONFIG bounces of a domain within an hour that put it in WARNING"
                                    + " (CONFIG_FAILURE)"),
                    whole(
                            "domain.config-pause",
                            "domainConfigPause",
                            10,
                            1,
                            ConfigFailures.MAX_KEPT,
                            "CONFIG bounces of a domain within an hour that pause it"
                                    + " (CONFIG_FAILURE)"),
                    duration(
                            "domain.config-cooldown",
                            "domainConfigCooldown",
                            "1h",
                            Duration.ofSeconds(1),
                            "a domain's config verdict ends when no CONFIG bounce came for this"
                                    + " long"),
                    duration(
                            "dedupe.window",
                            "dedupeWindow",
                            "7d",
                            Duration.ofSeconds(1),
                            "a bounce or complaint id seen again within this long of its first"
                                    + " arrival is a duplicate, counted once"),
                    duration(
                            "dedupe.send-window",
                            "dedupeSendWindow",
                            "1h",
                            Duration.ofSeconds(1),
                            "a send id seen again within this long of its first arrival is a"
                                    + " duplicate, counted once"),
                    duration(
                            "route.throttle-backoff",
                            "throttleBackoff",
                            "10m",
                            Duration.ofSeconds(1),
                            "how long a throttled route is SLOW_DOWN"),
                    duration(
                            "route.throttle-max-backoff",
                            "throttleMaxBackoff",
                            "4h",
                            Duration.ofSeconds(1),
                            "cap of a slow-down doubled by another throttle"),
                    whole(
                            "route.block-threshold",
                            "blockThreshold",
                            2,
                            1,
                            1_000,
                            "REPUTATION bounces from one provider within route.block-duration"
                                    + " that block the route"),
                    duration(
                            "route.block-duration",
                            "blockDuration",
                            "24h",
                            Duration.ofSeconds(1),
                            "how long a blocked route is BLOCKED, and the window its"
                                    + " REPUTATION bounces are counted in"),
                    whole(
                            "suppression.soft-bounces",
                            "suppressionSoftBounces",
                            3,
                            1,
                            SuppressionRules.MAX_SOFT_BOUNCES,
                            "TRANSIENT bounces of one recipient within suppression.soft-window"
                                    + " that suppress it for suppression.soft-ttl"),
                    duration(
                            "suppression.soft-window",
                            "suppressionSoftWindow",
                            "7d",
                            Duration.ofSeconds(1),
                            "the window a recipient's TRANSIENT bounces are counted in (event"
                                    + " time)"),
                    duration(
                            "suppression.soft-ttl",
                            "suppressionSoftTtl",
                            "7d",
                            Duration.ofSeconds(1),
                            "how long repeated TRANSIENT bounces suppress a recipient, from the"
                                    + " last one's time"));

    /** The type of a rule setting and the range of its values. */
    public sealed interface Kind permits Whole, Decimal, Flag, Length {}

    /** A whole number from {@code min} to {@code max}. */
    public record Whole(int min, int max) implements Kind {}

    /** A number above 0 and at most {@code max} (below it when not {@code maxInclusive}). */
    public record Decimal(double max, boolean maxInclusive) implements Kind {}

    /** true or false. */
    public record Flag() implements Kind {}

    /** A duration of at least {@code min}. */
    public record Length(Duration min) implements Kind {}

    /**
     * The default as the typed value {@link RuleSettings} holds. Duration defaults are written in
     * whole days, hours, minutes or seconds ({@code 24h}, {@code 7d}).
     */
    public Object typedDefault() {
        if (kind instanceof Whole) {
            return Integer.valueOf(defaultValue);
        }
        if (kind instanceof Decimal) {
            return Double.valueOf(defaultValue);
        }
        if (kind instanceof Flag) {
            return Boolean.valueOf(defaultValue);
        }
        String iso =
                (defaultValue.endsWith("d") ? "P" : "PT") + defaultValue.toUpperCase(Locale.ROOT);
        return Duration.parse(iso);
    }

    private static RuleSetting whole(
            String key, String component, int defaultValue, int min, int max, String doc) {
        return new RuleSetting(
                key, component, Integer.toString(defaultValue), new Whole(min, max), doc);
    }

    private static RuleSetting decimal(
            String key,
            String component,
            String defaultValue,
            double max,
            boolean maxInclusive,
            String doc) {
        return new RuleSetting(key, component, defaultValue, new Decimal(max, maxInclusive), doc);
    }

    private static RuleSetting flag(
            String key, String component, boolean defaultValue, String doc) {
        return new RuleSetting(key, component, Boolean.toString(defaultValue), new Flag(), doc);
    }

    private static RuleSetting duration(
            String key, String component, String defaultValue, Duration min, String doc) {
        return new RuleSetting(key, component, defaultValue, new Length(min), doc);
    }
}
