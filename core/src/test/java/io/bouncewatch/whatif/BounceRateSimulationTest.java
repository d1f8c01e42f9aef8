package io.bouncewatch.whatif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bouncewatch.rules.RuleSetting;
import io.bouncewatch.rules.RuleSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Simulated mailboxes of known bounce rates through the real mailbox rules: the noise the default
 * thresholds are known for, what a steadier setting changes, and the simulation's own guarantees
 * (seeded, stopped at the first pause, honest about the settings it is given).
 */
class BounceRateSimulationTest {

    private static final int MAILBOXES = 1000;
    private static final int SENDS = 3000;
    private static final long SEED = 1;

    private static RuleSettings with(String key, Object value) {
        Map<String, Object> values = new HashMap<>();
        RuleSetting.ALL.forEach(s -> values.put(s.key(), s.typedDefault()));
        values.put(key, value);
        return RuleSettings.from(values);
    }

    private static RateOutcome simulate(RuleSettings settings, double rate) {
        return new BounceRateSimulation(settings, MAILBOXES, SENDS, SEED).run(rate);
    }

    @Test
    void theDefaultsPauseMostOnePercentMailboxesWithin3000Sends() {
        RateOutcome outcome = simulate(RuleSettings.DEFAULTS, 0.01);
        assertThat(outcome.pausedShare()).isBetween(0.85, 1.0);
        assertThat(outcome.medianSendsToPause()).isPresent();
        assertThat(outcome.medianSendsToPause().getAsInt()).isBetween(60, SENDS);
    }

    @Test
    void theDefaultsPauseAboutHalfOfHalfPercentMailboxesWithin3000Sends() {
        assertThat(simulate(RuleSettings.DEFAULTS, 0.005).pausedShare()).isBetween(0.3, 0.7);
    }

    @Test
    void theDefaultsCatchEveryTenPercentMailboxWithinAHundredSends() {
        RateOutcome outcome = simulate(RuleSettings.DEFAULTS, 0.1);
        assertThat(outcome.pausedShare()).isEqualTo(1.0);
        assertThat(outcome.medianSendsToPause().getAsInt()).isLessThanOrEqualTo(100);
    }

    @Test
    void aSteadierPauseRatePausesFewerOnePercentMailboxesAndStillCatchesTenPercentOnes() {
        RuleSettings steadier = with("threshold.pause-bounce-rate", 0.05);
        RateOutcome current = simulate(RuleSettings.DEFAULTS, 0.01);
        RateOutcome candidate = simulate(steadier, 0.01);
        assertThat(candidate.paused()).isLessThan(current.paused() / 2);
        RateOutcome bad = simulate(steadier, 0.1);
        assertThat(bad.pausedShare()).isEqualTo(1.0);
        assertThat(bad.medianSendsToPause().getAsInt()).isLessThanOrEqualTo(100);
    }

    @Test
    void theSameSeedSimulatesTheSameMailboxes() {
        assertThat(simulate(RuleSettings.DEFAULTS, 0.01))
                .isEqualTo(simulate(RuleSettings.DEFAULTS, 0.01));
        assertThat(new BounceRateSimulation(RuleSettings.DEFAULTS, MAILBOXES, SENDS, 2).run(0.01))
                .isNotEqualTo(simulate(RuleSettings.DEFAULTS, 0.01));
    }

    @Test
    void aRatesOutcomeDoesNotDependOnTheRatesSimulatedBeforeIt() {
        BounceRateSimulation simulation =
                new BounceRateSimulation(RuleSettings.DEFAULTS, MAILBOXES, SENDS, SEED);
        RateOutcome first = simulation.run(0.02);
        simulation.run(0.05);
        assertThat(simulation.run(0.02)).isEqualTo(first);
    }

    @Test
    void aMailboxWhoseEverySendBouncesPausesAtTheAbsoluteBounceCount() {
        RateOutcome outcome =
                new BounceRateSimulation(RuleSettings.DEFAULTS, 10, SENDS, SEED).run(1.0);
        assertThat(outcome.paused()).isEqualTo(10);
        assertThat(outcome.medianSendsToPause()).hasValue(5);
        // Stopped at the first pause: five sends each, not 3,000.
        assertThat(outcome.sendsSimulated()).isEqualTo(50);
    }

    @Test
    void theSettingsGivenAreTheOnesTheRulesApply() {
        RateOutcome outcome =
                new BounceRateSimulation(with("threshold.pause-bounces", 2.0), 10, SENDS, SEED)
                        .run(1.0);
        assertThat(outcome.medianSendsToPause()).hasValue(2);
    }

    @Test
    void mailboxesThatNeverBounceAreNeverPausedAndMakeEverySend() {
        RateOutcome outcome =
                new BounceRateSimulation(RuleSettings.DEFAULTS, 20, SENDS, SEED).run(1e-12);
        assertThat(outcome.paused()).isZero();
        assertThat(outcome.pausedShare()).isZero();
        assertThat(outcome.medianSendsToPause()).isEmpty();
        assertThat(outcome.sendsSimulated()).isEqualTo(20L * SENDS);
    }

    @Test
    void theMedianOfAnEvenCountIsTheLowerMiddleValue() {
        assertThat(BounceRateSimulation.lowerMedian(new int[] {40, 10, 30, 20, 99}, 4))
                .hasValue(20);
        assertThat(BounceRateSimulation.lowerMedian(new int[] {3, 1, 2}, 3)).hasValue(2);
        assertThat(BounceRateSimulation.lowerMedian(new int[] {7}, 0))
                .isEqualTo(OptionalInt.empty());
    }

    @Test
    void ratesAndSizesOutsideTheirRangesAreRefused() {
        BounceRateSimulation simulation =
                new BounceRateSimulation(RuleSettings.DEFAULTS, 1, 1, SEED);
        assertThatThrownBy(() -> simulation.run(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> simulation.run(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> simulation.run(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BounceRateSimulation(RuleSettings.DEFAULTS, 0, 1, SEED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () ->
                                new BounceRateSimulation(
                                        RuleSettings.DEFAULTS,
                                        1,
                                        BounceRateSimulation.MAX_SENDS + 1,
                                        SEED))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
