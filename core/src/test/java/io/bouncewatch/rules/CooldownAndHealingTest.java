package io.bouncewatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/rules.md §5: pause, cooldown and its escalation, probation and recovery. */
class CooldownAndHealingTest {

    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long COOLDOWN = Duration.ofHours(24).toMillis();

    /** Paused at START on five bounces, then sends that fade them to 50 / 0.625 while paused. */
    private static MailboxDriver pausedThenDiluted() {
        MailboxDriver mailbox = new MailboxDriver().bounces(5).sends(200);
        assertThat(mailbox.window()).isEqualTo(MailboxWindow.of(50, 0.625, 0));
        assertThat(mailbox.status()).isEqualTo(Status.PAUSED);
        return mailbox;
    }

    private static long runningCooldown(MailboxDriver mailbox) {
        return mailbox.state().cooldownUntil() - mailbox.now();
    }

    @Test
    void firstPauseCoolsDownForTwentyFourHours() {
        MailboxDriver mailbox = new MailboxDriver().bounces(5);

        assertThat(mailbox.state().cooldownUntil()).isEqualTo(MailboxDriver.START + COOLDOWN);
        assertThat(mailbox.state().lastCooldownMillis()).isEqualTo(COOLDOWN);
        assertThat(mailbox.state().coolingDown()).isTrue();
        assertThat(mailbox.state().operatorPaused()).isFalse();
    }

    @Test
    void cooldownRunsOnTheWallClockNotOnTheEventTimestamp() {
        MailboxRules rules = new MailboxRules(RuleSettings.DEFAULTS);
        MailboxState state = new MailboxDriver().bounces(4).state();
        long eventAt = MailboxDriver.START - 3 * DAY;
        long now = MailboxDriver.START;

        MailboxDecision pause =
                rules.onEvent(
                        state,
                        new MailboxEvent.Bounce(
                                "late", MailboxDriver.MAILBOX, eventAt, BounceType.HARD),
                        now);

        assertThat(pause.state().status()).isEqualTo(Status.PAUSED);
        assertThat(pause.state().cooldownUntil()).isEqualTo(now + COOLDOWN);
    }

    @Test
    void staysPausedUntilJustBeforeCooldownUntil() {
        MailboxDriver mailbox = new MailboxDriver().bounces(5);
        MailboxState paused = mailbox.state();

        MailboxDecision early = mailbox.at(paused.cooldownUntil() - 1).expireCooldown();

        assertThat(early.counted()).isFalse();
        assertThat(early.transition()).isEmpty();
        assertThat(early.state()).isEqualTo(paused);
    }

    @Test
    void resumesOnProbationExactlyAtCooldownUntil() {
        MailboxDriver mailbox = new MailboxDriver().bounces(5);
        long until = mailbox.state().cooldownUntil();

        MailboxDecision expiry = mailbox.at(until).expireCooldown();

        assertThat(expiry.counted()).isTrue();
        assertThat(expiry.transition())
                .contains(
                        new Transition(
                                Status.PAUSED,
                                Status.WARNING,
                                Reason.COOLDOWN_EXPIRED,
                                until,
                                Evidence.of(Evidence.Rule.COOLDOWN_EXPIRED, 86400, 86400)));
        assertThat(mailbox.status()).isEqualTo(Status.WARNING);
        assertThat(mailbox.state().reason()).isEqualTo(Reason.COOLDOWN_EXPIRED);
        assertThat(mailbox.state().onProbation()).isTrue();
    }

    @Test
    void resumesWhenTheExpiryComesLate() {
        MailboxDriver mailbox = new MailboxDriver().bounces(5);
        long late = mailbox.state().cooldownUntil() + 3 * HOUR;

        MailboxDecision expiry = mailbox.at(late).expireCooldown();

        assertThat(expiry.transition())
                .contains(
                        new Transition(
                                Status.PAUSED,
                                Status.WARNING,
                                Reason.COOLDOWN_EXPIRED,
                                late,
                                Evidence.of(Evidence.Rule.COOLDOWN_EXPIRED, 86400, 97200)));
        assertThat(mailbox.state().lastResumedAt()).isEqualTo(late);
    }

    @Test
    void anEventAfterAnUnnoticedExpiryResumesTheMailboxFirstThenCountsTheEvent() {
        MailboxRules rules = new MailboxRules(RuleSettings.DEFAULTS);
        MailboxState paused = new MailboxDriver().sends(20).bounces(5).state();
        long late = paused.cooldownUntil() + 3 * HOUR;

        MailboxDecision decision =
                rules.onEvent(
                        paused,
                        new MailboxEvent.Send("s-late", MailboxDriver.MAILBOX, late - DAY),
                        late);

        assertThat(decision.expiry())
                .hasValueSatisfying(
                        expiry -> {
                            assertThat(expiry.transition())
                                    .contains(
                                            new Transition(
                                                    Status.PAUSED,
                                                    Status.WARNING,
                                                    Reason.COOLDOWN_EXPIRED,
                                                    late,
                                                    Evidence.of(
                                                            Evidence.Rule.COOLDOWN_EXPIRED,
                                                            86400,
                                                            97200)));
                            assertThat(expiry.state().window())
                                    .isEqualTo(MailboxWindow.of(10, 2.5, 0));
                        });
        assertThat(decision.transition()).isEmpty();
        assertThat(decision.state().status()).isEqualTo(Status.WARNING);
        assertThat(decision.state().reason()).isEqualTo(Reason.COOLDOWN_EXPIRED);
        assertThat(decision.state().coolingDown()).isFalse();
        assertThat(decision.state().window())
                .as("slid once, then the send counted")
                .isEqualTo(MailboxWindow.of(11, 2.5, 0));
        assertThat(decision.state().probationSends())
                .isEqualTo(RuleSettings.DEFAULTS.probationSends() - 1);
        assertThat(decision.state().totalSends()).isEqualTo(21);
    }

    @Test
    void anEventBeforeTheCooldownEndsLeavesTheMailboxPaused() {
        MailboxRules rules = new MailboxRules(RuleSettings.DEFAULTS);
        MailboxState paused = new MailboxDriver().bounces(5).state();
        long now = paused.cooldownUntil() - 1;

        MailboxDecision decision =
                rules.onEvent(
                        paused, new MailboxEvent.Send("s-1", MailboxDriver.MAILBOX, now), now);

        assertThat(decision.expiry()).isEmpty();
        assertThat(decision.state().status()).isEqualTo(Status.PAUSED);
    }

    @Test
    void anEventThatPausesAgainAfterAnUnnoticedExpiryGivesBothChanges() {
        MailboxDriver mailbox = new MailboxDriver().bounces(5);
        mailbox.at(mailbox.state().cooldownUntil() + HOUR);

        mailbox.bounces(3);

        assertThat(mailbox.transitions())
                .extracting(Transition::reason)
                .containsExactly(
                        Reason.EARLY_WARNING,
                        Reason.BOUNCE_COUNT,
                        Reason.COOLDOWN_EXPIRED,
                        Reason.BOUNCE_COUNT);
        assertThat(mailbox.status()).isEqualTo(Status.PAUSED);
    }

    @Test
    void anOperatorPauseDoesNotExpireOnAnEvent() {
        MailboxDriver mailbox = new MailboxDriver().sends(10);
        mailbox.command(OperatorAction.PAUSE);
        mailbox.advance(Duration.ofDays(30)).sends(1);

        assertThat(mailbox.status()).isEqualTo(Status.PAUSED);
    }

    @Test
    void expiryDoesNothingToAMailboxThatIsNotPaused() {
        MailboxDriver mailbox = new MailboxDriver().complaints(1);
        MailboxState warning = mailbox.state();

        MailboxDecision expiry = mailbox.advance(Duration.ofDays(30)).expireCooldown();

        assertThat(expiry.counted()).isFalse();
        assertThat(expiry.state()).isEqualTo(warning);
    }

    @Test
    void resumeSlidesTheWindowOnceAndStartsProbation() {
        MailboxDriver mailbox = pausedThenDiluted();
        long until = mailbox.state().cooldownUntil();

        mailbox.expireCooldownOnTime();

        assertThat(mailbox.window()).isEqualTo(MailboxWindow.of(25, 0.3125, 0));
        assertThat(mailbox.state().probationSends()).isEqualTo(60);
        assertThat(mailbox.state().coolingDown()).isFalse();
        assertThat(mailbox.state().lastResumedAt()).isEqualTo(until);
        assertThat(mailbox.state().lastCooldownMillis()).isEqualTo(COOLDOWN);
        assertThat(mailbox.state().totalSends()).isEqualTo(200);
        assertThat(mailbox.state().totalBounces()).isEqualTo(5);
    }

    @Test
    void sixtyCleanSendsAfterResumeRecover() {
        MailboxDriver mailbox = pausedThenDiluted();
        mailbox.expireCooldownOnTime();
        mailbox.forgetTransitions();

        mailbox.sends(59);
        assertThat(mailbox.status()).isEqualTo(Status.WARNING);
        assertThat(mailbox.state().probationSends()).isEqualTo(1);
        assertThat(mailbox.transitions()).isEmpty();

        mailbox.sends(1);
        assertThat(mailbox.status()).isEqualTo(Status.HEALTHY);
        assertThat(mailbox.state().reason()).isEqualTo(Reason.RECOVERED);
        assertThat(mailbox.state().onProbation()).isFalse();
        assertThat(mailbox.transitions())
                .containsExactly(
                        new Transition(
                                Status.WARNING,
                                Status.HEALTHY,
                                Reason.RECOVERED,
                                mailbox.now(),
                                Evidence.of(Evidence.Rule.PROBATION, 60, 60)));
    }

    @Test
    void fiftyNineCleanSendsAreNotEnough() {
        MailboxDriver mailbox = pausedThenDiluted();
        mailbox.expireCooldownOnTime();

        mailbox.sends(59);

        assertThat(
                        mailbox.rules()
                                .evaluate(
                                        mailbox.window(),
                                        mailbox.rules().hasVolume(mailbox.state())))
                .isEqualTo(Verdict.HEALTHY);
        assertThat(mailbox.status()).isEqualTo(Status.WARNING);
        assertThat(mailbox.state().onProbation()).isTrue();
    }

    @Test
    void onlySendsCountDownProbation() {
        MailboxDriver mailbox = pausedThenDiluted();
        mailbox.expireCooldownOnTime();
        mailbox.sends(50);

        mailbox.softBounces(3).bounces(1);

        assertThat(
                        mailbox.rules()
                                .evaluate(
                                        mailbox.window(),
                                        mailbox.rules().hasVolume(mailbox.state())))
                .isEqualTo(Verdict.HEALTHY);
        assertThat(mailbox.state().probationSends()).isEqualTo(10);
        assertThat(mailbox.status()).isEqualTo(Status.WARNING);
    }

    @Test
    void aWarningRuleDuringProbationRestartsTheCount() {
        MailboxDriver mailbox = pausedThenDiluted();
        mailbox.expireCooldownOnTime();
        mailbox.forgetTransitions();
        mailbox.sends(30);
        assertThat(mailbox.state().probationSends()).isEqualTo(30);

        mailbox.complaints(1);

        assertThat(mailbox.state().probationSends()).isEqualTo(60);
        assertThat(mailbox.status()).isEqualTo(Status.WARNING);
        assertThat(mailbox.last().transition()).isEmpty();

        // The complaint keeps matching until the window slides it to 0.5 on the 45th send.
        mailbox.sends(44);
        assertThat(mailbox.state().probationSends()).isEqualTo(60);
        mailbox.sends(1);
        assertThat(mailbox.window().complaintCount()).isEqualTo(0.5);
        assertThat(mailbox.state().probationSends()).isEqualTo(59);

        mailbox.sends(58);
        assertThat(mailbox.status()).isEqualTo(Status.WARNING);
        mailbox.sends(1);
        assertThat(mailbox.status()).isEqualTo(Status.HEALTHY);
        assertThat(mailbox.transitions())
                .singleElement()
                .satisfies(t -> assertThat(t.reason()).isEqualTo(Reason.RECOVERED));
    }

    @Test
    void aPauseDuringProbationPausesAsUsualWithTwiceTheCooldown() {
        MailboxDriver mailbox = new MailboxDriver().bounces(5);
        mailbox.expireCooldownOnTime();
        mailbox.advance(Duration.ofHours(1));
        mailbox.forgetTransitions();

        mailbox.bouncesUntilPaused();

        assertThat(mailbox.transitions())
                .containsExactly(
                        new Transition(
                                Status.WARNING,
                                Status.PAUSED,
                                Reason.BOUNCE_COUNT,
                                mailbox.now(),
                                Evidence.of(Evidence.Rule.BOUNCE_COUNT, 5, 5.5)));
        assertThat(mailbox.state().onProbation()).isFalse();
        assertThat(runningCooldown(mailbox)).isEqualTo(2 * COOLDOWN);
        assertThat(mailbox.state().lastCooldownMillis()).isEqualTo(2 * COOLDOWN);
    }

    @Test
    void cooldownDoublesWithEachPauseSoonAfterAResumeUpToSevenDays() {
        MailboxDriver mailbox = new MailboxDriver().bounces(5);
        List<Duration> cooldowns = new ArrayList<>();
        cooldowns.add(Duration.ofMillis(runningCooldown(mailbox)));
        for (int i = 0; i < 5; i++) {
            mailbox.expireCooldownOnTime();
            mailbox.advance(Duration.ofHours(1)).bouncesUntilPaused();
            cooldowns.add(Duration.ofMillis(runningCooldown(mailbox)));
        }

        assertThat(cooldowns)
                .containsExactly(
                        Duration.ofHours(24),
                        Duration.ofHours(48),
                        Duration.ofHours(96),
                        Duration.ofDays(7),
                        Duration.ofDays(7),
                        Duration.ofDays(7));
    }

    @Test
    void aPauseMoreThanSevenDaysAfterTheLastResumeStartsOverAtTwentyFourHours() {
        MailboxDriver mailbox = new MailboxDriver().bounces(5);
        mailbox.expireCooldownOnTime();
        mailbox.advance(Duration.ofHours(1)).bouncesUntilPaused();
        mailbox.expireCooldownOnTime();
        assertThat(mailbox.state().lastCooldownMillis()).isEqualTo(2 * COOLDOWN);

        mailbox.advance(Duration.ofDays(7).plusMillis(1)).bouncesUntilPaused();

        assertThat(runningCooldown(mailbox)).isEqualTo(COOLDOWN);
    }

    @Test
    void aPauseExactlySevenDaysAfterTheLastResumeStillEscalates() {
        MailboxDriver mailbox = new MailboxDriver().bounces(12);
        mailbox.expireCooldownOnTime();
        mailbox.advance(Duration.ofDays(7));

        mailbox.sends(1);

        assertThat(mailbox.status()).isEqualTo(Status.PAUSED);
        assertThat(runningCooldown(mailbox)).isEqualTo(2 * COOLDOWN);
    }

    @Test
    void escalationCountsFromTheLastResumeNotFromThePause() {
        MailboxDriver mailbox = new MailboxDriver().bounces(5);
        mailbox.expireCooldownOnTime();

        mailbox.advance(Duration.ofDays(6).plusHours(12)).bouncesUntilPaused();

        assertThat(mailbox.now() - MailboxDriver.START)
                .isGreaterThan(Duration.ofDays(7).toMillis());
        assertThat(runningCooldown(mailbox)).isEqualTo(2 * COOLDOWN);
    }

    @Test
    void aPauseSoonAfterRecoveringFromProbationStillEscalates() {
        MailboxDriver mailbox = pausedThenDiluted();
        mailbox.expireCooldownOnTime();
        mailbox.sends(60);
        assertThat(mailbox.status()).isEqualTo(Status.HEALTHY);

        mailbox.advance(Duration.ofDays(2)).bouncesUntilPaused();

        assertThat(runningCooldown(mailbox)).isEqualTo(2 * COOLDOWN);
    }

    @Test
    void theRulesAreEvaluatedOnTheNextEventNotAtTheExpiry() {
        MailboxDriver mailbox = new MailboxDriver().bounces(12);
        mailbox.expireCooldownOnTime();

        assertThat(mailbox.window()).isEqualTo(MailboxWindow.of(0, 6, 0));
        assertThat(mailbox.status()).isEqualTo(Status.WARNING);

        mailbox.advance(Duration.ofMinutes(5)).sends(1);

        assertThat(mailbox.status()).isEqualTo(Status.PAUSED);
        assertThat(mailbox.state().reason()).isEqualTo(Reason.BOUNCE_COUNT);
        assertThat(runningCooldown(mailbox)).isEqualTo(2 * COOLDOWN);
    }

    @Test
    void anOperatorPauseNeverExpiresOnItsOwn() {
        MailboxDriver mailbox = new MailboxDriver().sends(10);
        mailbox.command(OperatorAction.PAUSE);
        MailboxState paused = mailbox.state();

        for (long days : new long[] {1, 7, 365}) {
            MailboxDecision expiry = mailbox.at(MailboxDriver.START + days * DAY).expireCooldown();
            assertThat(expiry.counted()).isFalse();
            assertThat(expiry.state()).isEqualTo(paused);
        }
    }

    @Test
    void anOperatorResumeActsAsACooldownExpiryWithReasonOperator() {
        MailboxDriver mailbox = pausedThenDiluted();
        long until = mailbox.state().cooldownUntil();
        mailbox.advance(Duration.ofHours(2));

        MailboxDecision resume = mailbox.command(OperatorAction.RESUME);

        assertThat(resume.transition())
                .contains(
                        new Transition(
                                Status.PAUSED,
                                Status.WARNING,
                                Reason.OPERATOR,
                                mailbox.now(),
                                Evidence.BY_OPERATOR));
        assertThat(mailbox.window()).isEqualTo(MailboxWindow.of(25, 0.3125, 0));
        assertThat(mailbox.state().probationSends()).isEqualTo(60);
        assertThat(mailbox.state().coolingDown()).isFalse();
        assertThat(mailbox.at(until).expireCooldown().counted()).isFalse();

        mailbox.sends(60);
        assertThat(mailbox.status()).isEqualTo(Status.HEALTHY);
        assertThat(mailbox.state().reason()).isEqualTo(Reason.RECOVERED);
    }

    @Test
    void aPauseSoonAfterAnOperatorResumeEscalates() {
        MailboxDriver mailbox = new MailboxDriver().bounces(5);
        mailbox.advance(Duration.ofHours(1)).command(OperatorAction.RESUME);

        mailbox.advance(Duration.ofHours(1)).bouncesUntilPaused();

        assertThat(runningCooldown(mailbox)).isEqualTo(2 * COOLDOWN);
    }
}
