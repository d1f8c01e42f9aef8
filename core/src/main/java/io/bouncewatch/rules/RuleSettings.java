package io.bouncewatch.rules;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every threshold of docs/rules.md. Each component is declared once, in {@link RuleSetting#ALL}
 * (key, default, range, meaning); {@link #DEFAULTS} and {@link #from} read those declarations. The
 * configuration layer checks each value; the constructor only guards the invariants the rules rely
 * on.
 *
 * @param windowMaxSends window sends at which the window slides ({@code window.max-sends})
 * @param windowRetainFraction share of every window counter a slide keeps ({@code
 *     window.retain-fraction})
 * @param minSends lifetime sends from which a mailbox has volume and the rate rules apply ({@code
 *     threshold.min-sends})
 * @param pauseBounces window bounces that pause at any volume ({@code threshold.pause-bounces})
 * @param pauseBounceRate bounce rate that pauses at volume ({@code threshold.pause-bounce-rate})
 * @param warningBounces bounces under minimum volume that warn ({@code threshold.warning-bounces})
 * @param warningBounceRate bounce rate that warns at volume ({@code threshold.warning-bounce-rate})
 * @param recoveryRate bounce rate a rate-warned mailbox must stay below to recover ({@code
 *     threshold.recovery-rate})
 * @param recoverySends consecutive sends below the recovery rate that end a rate warning ({@code
 *     threshold.recovery-sends})
 * @param pauseComplaints window complaints that pause ({@code threshold.pause-complaints})
 * @param warningComplaints window complaints that warn ({@code threshold.warning-complaints})
 * @param cooldown first cooldown of a pause ({@code cooldown.duration})
 * @param maxCooldown cap of an escalated cooldown ({@code cooldown.max})
 * @param escalationWindow a pause this soon after a resume doubles the cooldown ({@code
 *     cooldown.escalation-window})
 * @param probationSends clean sends that end probation ({@code healing.probation-sends})
 * @param countSoftBounces whether SOFT bounces count in the window ({@code bounce.count-soft})
 * @param domainWarningRatio unhealthy share that puts a domain in WARNING ({@code
 *     domain.warning-ratio})
 * @param domainPauseRatio unhealthy share that pauses a domain ({@code domain.pause-ratio})
 * @param domainMinMailboxes active mailboxes from which a domain's ratio rules apply ({@code
 *     domain.min-mailboxes})
 * @param domainInactiveAfter a mailbox with no event for this long leaves its domain's count
 *     ({@code domain.inactive-after})
 * @param domainConfigWarning config failures within the hour that put a domain in WARNING ({@code
 *     domain.config-warning})
 * @param domainConfigPause config failures within the hour that pause a domain ({@code
 *     domain.config-pause})
 * @param domainConfigCooldown a domain's config verdict ends when no config failure came for this
 *     long ({@code domain.config-cooldown})
 * @param dedupeWindow a bounce or complaint id seen again within this long of its first arrival is
 *     a duplicate ({@code dedupe.window})
 * @param dedupeSendWindow a send id seen again within this long of its first arrival is a duplicate
 *     ({@code dedupe.send-window})
 * @param throttleBackoff how long a throttled route slows down ({@code route.throttle-backoff})
 * @param throttleMaxBackoff cap of a doubled slow-down ({@code route.throttle-max-backoff})
 * @param blockThreshold REPUTATION bounces within the block window that block a route ({@code
 *     route.block-threshold})
 * @param blockDuration how long a route is blocked, and the window its strikes count in ({@code
 *     route.block-duration})
 * @param suppressionSoftBounces TRANSIENT bounces of one recipient within the soft window that
 *     suppress it ({@code suppression.soft-bounces})
 * @param suppressionSoftWindow the window those bounces count in, event time ({@code
 *     suppression.soft-window})
 * @param suppressionSoftTtl how long they suppress, from the last one's time ({@code
 *     suppression.soft-ttl})
 */
public record RuleSettings(
        int windowMaxSends,
        double windowRetainFraction,
        int minSends,
        double pauseBounces,
        double pauseBounceRate,
        double warningBounces,
        double warningBounceRate,
        double recoveryRate,
        int recoverySends,
        double pauseComplaints,
        double warningComplaints,
        Duration cooldown,
        Duration maxCooldown,
        Duration escalationWindow,
        int probationSends,
        boolean countSoftBounces,
        double domainWarningRatio,
        double domainPauseRatio,
        int domainMinMailboxes,
        Duration domainInactiveAfter,
        int domainConfigWarning,
        int domainConfigPause,
        Duration domainConfigCooldown,
        Duration dedupeWindow,
        Duration dedupeSendWindow,
        Duration throttleBackoff,
        Duration throttleMaxBackoff,
        int blockThreshold,
        Duration blockDuration,
        int suppressionSoftBounces,
        Duration suppressionSoftWindow,
        Duration suppressionSoftTtl) {

    private static final Map<String, RuleSetting> BY_COMPONENT =
            RuleSetting.ALL.stream()
                    .collect(Collectors.toMap(RuleSetting::component, Function.identity()));
    private static final RecordComponent[] COMPONENTS = RuleSettings.class.getRecordComponents();
    private static final Constructor<RuleSettings> CANONICAL = canonical();

    /** The declared defaults. */
    public static final RuleSettings DEFAULTS =
            from(
                    RuleSetting.ALL.stream()
                            .collect(
                                    Collectors.toMap(RuleSetting::key, RuleSetting::typedDefault)));

    public RuleSettings {
        Objects.requireNonNull(cooldown, "cooldown");
        Objects.requireNonNull(maxCooldown, "maxCooldown");
        Objects.requireNonNull(escalationWindow, "escalationWindow");
        Objects.requireNonNull(domainConfigCooldown, "domainConfigCooldown");
        require(windowMaxSends > 0, "windowMaxSends must be positive");
        require(
                windowRetainFraction >= 0 && windowRetainFraction < 1,
                "windowRetainFraction must be in [0, 1)");
        require(pauseBounces > 0 && warningBounces > 0, "bounce thresholds must be positive");
        require(
                pauseComplaints > 0 && warningComplaints > 0,
                "complaint thresholds must be positive");
        require(pauseBounceRate > 0 && warningBounceRate > 0, "bounce rates must be positive");
        require(recoveryRate > 0, "recoveryRate must be positive");
        require(
                recoveryRate <= warningBounceRate,
                "recoveryRate must not be above warningBounceRate");
        require(recoverySends >= 0, "recoverySends must not be negative");
        require(!cooldown.isNegative() && !cooldown.isZero(), "cooldown must be positive");
        require(maxCooldown.compareTo(cooldown) >= 0, "maxCooldown must not be below cooldown");
        require(probationSends >= 0, "probationSends must not be negative");
        require(domainWarningRatio > 0 && domainPauseRatio > 0, "domain ratios must be positive");
        require(domainMinMailboxes > 0, "domainMinMailboxes must be positive");
        Objects.requireNonNull(domainInactiveAfter, "domainInactiveAfter");
        require(
                !domainInactiveAfter.isNegative() && !domainInactiveAfter.isZero(),
                "domainInactiveAfter must be positive");
        require(
                domainConfigWarning > 0 && domainConfigPause > 0,
                "domain config failure thresholds must be positive");
        require(
                domainConfigPause <= ConfigFailures.MAX_KEPT,
                "domainConfigPause must be at most " + ConfigFailures.MAX_KEPT);
        require(
                !domainConfigCooldown.isNegative() && !domainConfigCooldown.isZero(),
                "domainConfigCooldown must be positive");
        Objects.requireNonNull(dedupeWindow, "dedupeWindow");
        Objects.requireNonNull(dedupeSendWindow, "dedupeSendWindow");
        require(
                !dedupeWindow.isNegative() && !dedupeWindow.isZero(),
                "dedupeWindow must be positive");
        require(
                !dedupeSendWindow.isNegative() && !dedupeSendWindow.isZero(),
                "dedupeSendWindow must be positive");
        Objects.requireNonNull(throttleBackoff, "throttleBackoff");
        Objects.requireNonNull(throttleMaxBackoff, "throttleMaxBackoff");
        Objects.requireNonNull(blockDuration, "blockDuration");
        require(
                !throttleBackoff.isNegative() && !throttleBackoff.isZero(),
                "throttleBackoff must be positive");
        require(
                throttleMaxBackoff.compareTo(throttleBackoff) >= 0,
                "throttleMaxBackoff must not be below throttleBackoff");
        require(blockThreshold > 0, "blockThreshold must be positive");
        require(
                !blockDuration.isNegative() && !blockDuration.isZero(),
                "blockDuration must be positive");
        Objects.requireNonNull(suppressionSoftWindow, "suppressionSoftWindow");
        Objects.requireNonNull(suppressionSoftTtl, "suppressionSoftTtl");
        require(
                suppressionSoftBounces > 0
                        && suppressionSoftBounces <= SuppressionRules.MAX_SOFT_BOUNCES,
                "suppressionSoftBounces must be from 1 to " + SuppressionRules.MAX_SOFT_BOUNCES);
        require(
                !suppressionSoftWindow.isNegative() && !suppressionSoftWindow.isZero(),
                "suppressionSoftWindow must be positive");
        require(
                !suppressionSoftTtl.isNegative() && !suppressionSoftTtl.isZero(),
                "suppressionSoftTtl must be positive");
    }

    /**
     * The settings of the given values, keyed by setting name ({@link RuleSetting#key()}): one
     * typed value for every declared setting; other keys are ignored.
     *
     * @throws IllegalArgumentException if a setting has no value or one of the wrong type
     */
    public static RuleSettings from(Map<String, ?> values) {
        Object[] args = new Object[COMPONENTS.length];
        for (int i = 0; i < COMPONENTS.length; i++) {
            String key = BY_COMPONENT.get(COMPONENTS[i].getName()).key();
            args[i] = values.get(key);
            if (args[i] == null) {
                throw new IllegalArgumentException("no value for the rule setting " + key);
            }
        }
        try {
            return CANONICAL.newInstance(args);
        } catch (InvocationTargetException e) {
            throw (RuntimeException) e.getCause();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The canonical constructor, once every component is checked to have exactly one declaration.
     */
    private static Constructor<RuleSettings> canonical() {
        Map<String, RuleSetting> undeclared = new HashMap<>(BY_COMPONENT);
        for (RecordComponent c : COMPONENTS) {
            if (undeclared.remove(c.getName()) == null) {
                throw new IllegalStateException(
                        "no RuleSetting declares the component " + c.getName());
            }
        }
        if (!undeclared.isEmpty()) {
            throw new IllegalStateException(
                    "RuleSetting declares unknown components " + undeclared.keySet());
        }
        try {
            return RuleSettings.class.getDeclaredConstructor(
                    Arrays.stream(COMPONENTS)
                            .map(RecordComponent::getType)
                            .toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
