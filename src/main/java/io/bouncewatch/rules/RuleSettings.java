package io.bouncewatch.rules;

import java.time.Duration;
import java.util.Objects;

/**
 * Every threshold of docs/rules.md, with its default. The configuration layer builds this from
 * properties and checks each value; the constructor only guards the invariants the rules rely on.
 *
 * @param windowMaxSends         window sends at which the window slides ({@code window.max-sends})
 * @param windowRetainFraction   share of every window counter a slide keeps ({@code window.retain-fraction})
 * @param minSends               volume from which the percentage rules apply ({@code threshold.min-sends})
 * @param pauseBounces           window bounces that pause at any volume ({@code threshold.pause-bounces})
 * @param pauseBounceRate        bounce rate that pauses at volume ({@code threshold.pause-bounce-rate})
 * @param warningBounces         bounces under minimum volume that warn ({@code threshold.warning-bounces})
 * @param warningBounceRate      bounce rate that warns at volume ({@code threshold.warning-bounce-rate})
 * @param pauseComplaints        window complaints that pause ({@code threshold.pause-complaints})
 * @param warningComplaints      window complaints that warn ({@code threshold.warning-complaints})
 * @param cooldown               first cooldown of a pause ({@code cooldown.duration})
 * @param maxCooldown            cap of an escalated cooldown ({@code cooldown.max})
 * @param escalationWindow       a pause this soon after a resume doubles the cooldown ({@code cooldown.escalation-window})
 * @param probationSends         clean sends that end probation ({@code healing.probation-sends})
 * @param countSoftBounces       whether SOFT bounces count in the window ({@code bounce.count-soft})
 * @param domainWarningRatio     unhealthy share that puts a domain in WARNING ({@code domain.warning-ratio})
 * @param domainPauseRatio       unhealthy share that pauses a domain ({@code domain.pause-ratio})
 * @param recentIdsPerKind       event ids remembered per mailbox and kind to drop duplicates ({@code dedupe.ids-per-mailbox})
 */
public record RuleSettings(
        int windowMaxSends,
        double windowRetainFraction,
        int minSends,
        double pauseBounces,
        double pauseBounceRate,
        double warningBounces,
        double warningBounceRate,
        double pauseComplaints,
        double warningComplaints,
        Duration cooldown,
        Duration maxCooldown,
        Duration escalationWindow,
        int probationSends,
        boolean countSoftBounces,
        double domainWarningRatio,
        double domainPauseRatio,
        int recentIdsPerKind) {

    public static final RuleSettings DEFAULTS = new RuleSettings(
            100, 0.5, 60, 5, 0.03, 3, 0.02, 2, 1,
            Duration.ofHours(24), Duration.ofDays(7), Duration.ofDays(7),
            60, false, 0.30, 0.50, 8);

    public RuleSettings {
        Objects.requireNonNull(cooldown, "cooldown");
        Objects.requireNonNull(maxCooldown, "maxCooldown");
        Objects.requireNonNull(escalationWindow, "escalationWindow");
        require(windowMaxSends > 0, "windowMaxSends must be positive");
        require(windowRetainFraction >= 0 && windowRetainFraction < 1, "windowRetainFraction must be in [0, 1)");
        require(pauseBounces > 0 && warningBounces > 0, "bounce thresholds must be positive");
        require(pauseComplaints > 0 && warningComplaints > 0, "complaint thresholds must be positive");
        require(pauseBounceRate > 0 && warningBounceRate > 0, "bounce rates must be positive");
        require(!cooldown.isNegative() && !cooldown.isZero(), "cooldown must be positive");
        require(maxCooldown.compareTo(cooldown) >= 0, "maxCooldown must not be below cooldown");
        require(probationSends >= 0, "probationSends must not be negative");
        require(domainWarningRatio > 0 && domainPauseRatio > 0, "domain ratios must be positive");
        require(recentIdsPerKind > 0, "recentIdsPerKind must be positive");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
