package io.bouncewatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Leaving a rate warning (docs/rules.md §3): the window rate must stay below the recovery rate for
 * the recovery sends in a row.
 */
class HysteresisTest {

    private static final long RECOVERY_RATE_PPM =
            MailboxWindow.toUnits(RuleSettings.DEFAULTS.recoveryRate());
    private static final int RECOVERY_SENDS = RuleSettings.DEFAULTS.recoverySends();

    /** Sends and a bounce after every {@code every}-th send, {@code total} sends in all. */
    private static MailboxDriver bouncingEvery(MailboxDriver mailbox, int every, int total) {
        for (int sent = 1; sent <= total; sent++) {
            mailbox.sends(1);
            if (sent % every == 0) {
                mailbox.bounces(1);
            }
        }
        return mailbox;
    }

    /** 100 / 2 slid to 50 / 1: a mailbox with volume, warned by its rate, at exactly 2%. */
    private static MailboxDriver rateWarned() {
        MailboxDriver mailbox = new MailboxDriver().sends(99).bounces(2).sends(1);
        assertThat(mailbox.window()).isEqualTo(MailboxWindow.of(50, 1, 0));
        assertThat(mailbox.status()).isEqualTo(Status.WARNING);
        assertThat(mailbox.state().reason()).isEqualTo(Reason.BOUNCE_RATE);
        assertThat(mailbox.state().recoverySends()).isEqualTo(RECOVERY_SENDS);
        return mailbox.forgetTransitions();
    }

    /** Clean sends until the window rate is below the recovery rate: the first counted send. */
    private static MailboxDriver sendsUntilUnderTheRecoveryRate(MailboxDriver mailbox) {
        do {
            mailbox.sends(1);
        } while (mailbox.window().bounceRateAtLeast(RECOVERY_RATE_PPM));
        assertThat(mailbox.state().recoverySends()).isEqualTo(RECOVERY_SENDS - 1);
        return mailbox;
    }

    private static RuleSettings with(String key, int value) {
        Map<String, Object> values = new HashMap<>();
        RuleSetting.ALL.forEach(s -> values.put(s.key(), s.typedDefault()));
        values.put(key, value);
        return RuleSettings.from(values);
    }

    @ParameterizedTest(name = "a bounce after every {0}th send")
    @ValueSource(ints = {60, 80})
    void aSteadyBounceRateUnderTheWarningRateChangesTheStatusOnceInTenThousandSends(int every) {
        MailboxDriver mailbox = bouncingEvery(new MailboxDriver(), every, 10_000);

        assertThat(mailbox.transitions())
                .extracting(Transition::from, Transition::to, Transition::reason)
                .containsExactly(tuple(Status.HEALTHY, Status.WARNING, Reason.BOUNCE_RATE));
    }

    @ParameterizedTest(name = "a bounce after every {0}th send")
    @ValueSource(ints = {60, 80})
    void withoutHysteresisTheSameMailboxFlapsHundredsOfTimes(int every) {
        MailboxDriver mailbox =
                bouncingEvery(
                        new MailboxDriver(with("threshold.recovery-sends", 0)), every, 10_000);

        assertThat(mailbox.transitions()).hasSizeGreaterThan(100);
    }

    @Test
    void oneCleanSendFromTwoPercentToJustUnderIsNoRecovery() {
        MailboxDriver mailbox = rateWarned();

        mailbox.sends(1);

        assertThat(mailbox.window()).isEqualTo(MailboxWindow.of(51, 1, 0));
        assertThat(mailbox.status()).isEqualTo(Status.WARNING);
        assertThat(mailbox.state().recoverySends()).isEqualTo(RECOVERY_SENDS);
        assertThat(mailbox.transitions()).isEmpty();
    }

    @Test
    void leavesTheRateWarningAfterExactlyTheRecoverySendsUnderTheRecoveryRate() {
        MailboxDriver mailbox = sendsUntilUnderTheRecoveryRate(rateWarned());

        mailbox.sends(RECOVERY_SENDS - 2);
        assertThat(mailbox.status()).isEqualTo(Status.WARNING);
        assertThat(mailbox.state().recoverySends()).isEqualTo(1);
        assertThat(mailbox.transitions()).isEmpty();

        mailbox.sends(1);

        assertThat(mailbox.status()).isEqualTo(Status.HEALTHY);
        assertThat(mailbox.state().recoverySends()).isZero();
        assertThat(mailbox.transitions())
                .extracting(Transition::from, Transition::to, Transition::reason)
                .containsExactly(tuple(Status.WARNING, Status.HEALTHY, Reason.RECOVERED));
    }

    @Test
    void aBounceThatPutsTheRateBackAtTheRecoveryRateRestartsTheCount() {
        MailboxDriver mailbox = sendsUntilUnderTheRecoveryRate(rateWarned());
        mailbox.sends(60);
        int left = mailbox.state().recoverySends();
        assertThat(left).isBetween(1, RECOVERY_SENDS - 2);
        MailboxWindow before = mailbox.window();
        assertThat(before.sendCount()).isGreaterThan(75);

        mailbox.bounces(1);

        // Back at or above 1.5% but under 2%: no rate warning, yet the count starts again.
        assertThat(mailbox.window().bounceRateAtLeast(RECOVERY_RATE_PPM)).isTrue();
        assertThat(
                        mailbox.rules()
                                .evaluate(
                                        mailbox.window(),
                                        mailbox.rules().hasVolume(mailbox.state())))
                .isEqualTo(Verdict.HEALTHY);
        assertThat(mailbox.state().recoverySends()).isEqualTo(RECOVERY_SENDS);
        assertThat(mailbox.status()).isEqualTo(Status.WARNING);
    }

    @Test
    void eventsOtherThanSendsUnderTheRecoveryRateNeitherRestartNorAdvanceTheCount() {
        MailboxDriver mailbox = sendsUntilUnderTheRecoveryRate(rateWarned()).sends(10);
        int left = mailbox.state().recoverySends();

        mailbox.softBounces(2);

        assertThat(mailbox.state().recoverySends()).isEqualTo(left);
    }

    @Test
    void pauseRulesStillActDuringTheCount() {
        MailboxDriver mailbox = sendsUntilUnderTheRecoveryRate(rateWarned()).sends(10);

        mailbox.bouncesUntilPaused();

        assertThat(mailbox.status()).isEqualTo(Status.PAUSED);
        assertThat(mailbox.state().recoverySends()).isZero();
        assertThat(mailbox.transitions())
                .extracting(Transition::from, Transition::to)
                .containsExactly(tuple(Status.WARNING, Status.PAUSED));
    }

    @Test
    void anOperatorResetClearsTheCountAndTheWarning() {
        MailboxDriver mailbox = sendsUntilUnderTheRecoveryRate(rateWarned()).sends(10);

        mailbox.command(OperatorAction.RESET);

        assertThat(mailbox.status()).isEqualTo(Status.HEALTHY);
        assertThat(mailbox.state().recoverySends()).isZero();
        mailbox.sends(1);
        assertThat(mailbox.status()).isEqualTo(Status.HEALTHY);
    }

    @Test
    void probationWithoutARateWarningEndsAfterItsSendsAsBefore() {
        MailboxDriver mailbox = new MailboxDriver().bounces(5).sends(200);
        mailbox.expireCooldownOnTime();
        assertThat(mailbox.state().onProbation()).isTrue();

        mailbox.sends(RuleSettings.DEFAULTS.probationSends());

        assertThat(mailbox.state().recoverySends()).isZero();
        assertThat(mailbox.status()).isEqualTo(Status.HEALTHY);
    }

    @Test
    void aRateStillAtTheWarningRateWhenProbationEndsHoldsTheMailboxUntilItRecovers() {
        MailboxDriver mailbox = new MailboxDriver().bounces(5).sends(200);
        mailbox.expireCooldownOnTime();
        // 25 / 0.3125 after the resume slide; 55 sends and two bounces make 80 / 2.3125 (2.9%),
        // which probation, judged without volume, lets pass.
        mailbox.sends(55).bounces(2);
        assertThat(mailbox.state().onProbation()).isTrue();
        assertThat(mailbox.state().recovering()).isFalse();
        mailbox.forgetTransitions();

        mailbox.sends(5);

        // 60 sends since the resume: 85 / 2.3125 is 2.7%, a rate warning once out of probation.
        assertThat(mailbox.state().onProbation()).isFalse();
        assertThat(mailbox.state().recovering()).isTrue();
        assertThat(mailbox.status()).isEqualTo(Status.WARNING);
        assertThat(mailbox.transitions()).isEmpty();

        sendsUntilUnderTheRecoveryRate(mailbox).sends(RECOVERY_SENDS - 1);

        assertThat(mailbox.status()).isEqualTo(Status.HEALTHY);
        assertThat(mailbox.transitions())
                .extracting(Transition::from, Transition::to, Transition::reason)
                .containsExactly(tuple(Status.WARNING, Status.HEALTHY, Reason.RECOVERED));
    }

    @Test
    void aMailboxPausedByItsRateHealsAfterItsCooldownInsteadOfPausingAgainAtOnce() {
        MailboxDriver mailbox = new MailboxDriver().sends(80).bounces(3);
        assertThat(mailbox.status()).isEqualTo(Status.PAUSED);
        mailbox.expireCooldownOnTime();
        // The resume slide keeps the rate: 40 / 1.5, 3.75%.
        assertThat(mailbox.window().bounceRate()).isEqualTo(0.0375);
        mailbox.forgetTransitions();

        mailbox.sends(1);
        assertThat(mailbox.status()).isEqualTo(Status.WARNING);
        while (mailbox.status() == Status.WARNING) {
            mailbox.sends(1);
        }

        assertThat(mailbox.status()).isEqualTo(Status.HEALTHY);
        assertThat(mailbox.transitions())
                .extracting(Transition::to)
                .containsExactly(Status.HEALTHY);
    }

    @Test
    void aMailboxStillOverThePauseRateWhenProbationEndsPausesAgain() {
        MailboxDriver mailbox =
                new MailboxDriver(with("healing.probation-sends", 10)).sends(80).bounces(3);
        mailbox.expireCooldownOnTime();
        mailbox.forgetTransitions();

        // 40 / 1.5 after the resume; ten sends end probation at 50 / 1.5, 3%.
        mailbox.sends(10);

        assertThat(mailbox.state().onProbation()).isFalse();
        assertThat(mailbox.transitions())
                .extracting(Transition::from, Transition::to)
                .containsExactly(tuple(Status.WARNING, Status.PAUSED));
        assertThat(mailbox.status()).isEqualTo(Status.PAUSED);
        assertThat(mailbox.state().reason()).isEqualTo(Reason.BOUNCE_RATE);
    }
}
