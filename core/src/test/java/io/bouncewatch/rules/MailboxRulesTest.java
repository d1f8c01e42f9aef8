package io.bouncewatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** docs/rules.md §1, §2, §3, §7, §8 and §9 for one mailbox, plus the operator commands of §4. */
class MailboxRulesTest {

    private static final String TABLE_ROW = "{0} sends, {1} bounces, {2} complaints -> {3} {4}";
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long DAY = Duration.ofDays(1).toMillis();

    private final MailboxRules rules = new MailboxRules(RuleSettings.DEFAULTS);

    /** The verdict on a window that never slid: the mailbox's lifetime sends are its own. */
    private void assertVerdict(
            double sends, double bounces, double complaints, Status status, Reason reason) {
        assertThat(
                        rules.evaluate(
                                MailboxWindow.of(sends, bounces, complaints),
                                sends >= RuleSettings.DEFAULTS.minSends()))
                .as("%s sends, %s bounces, %s complaints", sends, bounces, complaints)
                .extracting(Verdict::status, Verdict::reason)
                .containsExactly(status, reason);
    }

    /** A mailbox whose window never slid: its lifetime sends are the window's. */
    private static MailboxState withWindow(double sends, double bounces, double complaints) {
        MailboxState fresh = MailboxState.fresh(RuleSettings.DEFAULTS);
        return fresh.counted(
                MailboxWindow.of(sends, bounces, complaints),
                (long) sends,
                (long) bounces,
                (long) complaints,
                CategoryCounts.NONE,
                0,
                fresh.recentSends(),
                fresh.recentReports());
    }

    private static RuleSettings countingSoftBounces() {
        RuleSettings d = RuleSettings.DEFAULTS;
        return new RuleSettings(
                d.windowMaxSends(),
                d.windowRetainFraction(),
                d.minSends(),
                d.pauseBounces(),
                d.pauseBounceRate(),
                d.warningBounces(),
                d.warningBounceRate(),
                d.recoveryRate(),
                d.recoverySends(),
                d.pauseComplaints(),
                d.warningComplaints(),
                d.cooldown(),
                d.maxCooldown(),
                d.escalationWindow(),
                d.probationSends(),
                true,
                d.domainWarningRatio(),
                d.domainPauseRatio(),
                d.domainMinMailboxes(),
                d.domainInactiveAfter(),
                d.domainConfigWarning(),
                d.domainConfigPause(),
                d.domainConfigCooldown(),
                d.dedupeWindow(),
                d.dedupeSendWindow(),
                d.throttleBackoff(),
                d.throttleMaxBackoff(),
                d.blockThreshold(),
                d.blockDuration(),
                d.suppressionSoftBounces(),
                d.suppressionSoftWindow(),
                d.suppressionSoftTtl());
    }

    // docs/rules.md §3, one method per row of the table and per ordering rule.
    @ParameterizedTest(name = TABLE_ROW)
    @CsvSource({
        "0,  5,        0, PAUSED,  BOUNCE_COUNT",
        "30, 6,        0, PAUSED,  BOUNCE_COUNT",
        "59, 5,        0, PAUSED,  BOUNCE_COUNT",
        "0,  4.999999, 0, WARNING, EARLY_WARNING",
    })
    void absoluteRulePausesAtFiveBouncesRegardlessOfVolume(
            double sends, double bounces, double complaints, Status status, Reason reason) {
        assertVerdict(sends, bounces, complaints, status, reason);
    }

    @ParameterizedTest(name = TABLE_ROW)
    @CsvSource({
        "60, 1.8,      0, PAUSED,  BOUNCE_RATE",
        "99, 2.97,     0, PAUSED,  BOUNCE_RATE",
        "80, 3,        0, PAUSED,  BOUNCE_RATE",
        "60, 4,        0, PAUSED,  BOUNCE_RATE",
        "60, 1.799999, 0, WARNING, BOUNCE_RATE",
        "99, 2.969999, 0, WARNING, BOUNCE_RATE",
    })
    void percentageRulePausesAtThreePercentFromSixtySends(
            double sends, double bounces, double complaints, Status status, Reason reason) {
        assertVerdict(sends, bounces, complaints, status, reason);
    }

    @ParameterizedTest(name = TABLE_ROW)
    @CsvSource({
        "0,  3,        0, WARNING, EARLY_WARNING",
        "59, 3,        0, WARNING, EARLY_WARNING",
        "59, 4,        0, WARNING, EARLY_WARNING",
        "59, 2.999999, 0, HEALTHY,",
        "60, 3,        0, PAUSED,  BOUNCE_RATE",
    })
    void earlyWarningAtThreeBouncesBelowSixtySends(
            double sends, double bounces, double complaints, Status status, Reason reason) {
        assertVerdict(sends, bounces, complaints, status, reason);
    }

    @ParameterizedTest(name = TABLE_ROW)
    @CsvSource({
        "60, 1.2,      0, WARNING, BOUNCE_RATE",
        "80, 1.6,      0, WARNING, BOUNCE_RATE",
        "70, 2,        0, WARNING, BOUNCE_RATE",
        "80, 1.599999, 0, HEALTHY,",
        "99, 1.97,     0, HEALTHY,",
        "59, 1.2,      0, HEALTHY,",
    })
    void rateWarningAtTwoPercentFromSixtySends(
            double sends, double bounces, double complaints, Status status, Reason reason) {
        assertVerdict(sends, bounces, complaints, status, reason);
    }

    @ParameterizedTest(name = TABLE_ROW)
    @CsvSource({
        "0,  0, 2,        PAUSED,  COMPLAINTS",
        "80, 0, 3,        PAUSED,  COMPLAINTS",
        "0,  0, 1.999999, WARNING, COMPLAINTS",
    })
    void complaintRulePausesAtTwoComplaintsInTheWindow(
            double sends, double bounces, double complaints, Status status, Reason reason) {
        assertVerdict(sends, bounces, complaints, status, reason);
    }

    @ParameterizedTest(name = TABLE_ROW)
    @CsvSource({
        "0,  0, 1,        WARNING, COMPLAINTS",
        "80, 0, 1.5,      WARNING, COMPLAINTS",
        "0,  0, 0.999999, HEALTHY,",
    })
    void complaintWarningAtOneComplaintInTheWindow(
            double sends, double bounces, double complaints, Status status, Reason reason) {
        assertVerdict(sends, bounces, complaints, status, reason);
    }

    @ParameterizedTest(name = TABLE_ROW)
    @CsvSource({
        "0,  0,    0",
        "4,  1,    0",
        "59, 2,    0.5",
        "99, 1.97, 0.999999",
    })
    void healthyWhenNoRuleMatches(double sends, double bounces, double complaints) {
        assertVerdict(sends, bounces, complaints, Status.HEALTHY, null);
    }

    @ParameterizedTest(name = TABLE_ROW)
    @CsvSource({
        "10, 5, 2, PAUSED,  BOUNCE_COUNT",
        "80, 3, 2, PAUSED,  BOUNCE_RATE",
        "10, 3, 1, WARNING, EARLY_WARNING",
        "80, 2, 1, WARNING, BOUNCE_RATE",
    })
    void complaintRulesSitBelowTheBounceRules(
            double sends, double bounces, double complaints, Status status, Reason reason) {
        assertVerdict(sends, bounces, complaints, status, reason);
    }

    @ParameterizedTest(name = TABLE_ROW)
    @CsvSource({
        "10, 3, 2, PAUSED, COMPLAINTS",
        "80, 2, 2, PAUSED, COMPLAINTS",
        "59, 4, 2, PAUSED, COMPLAINTS",
    })
    void aPausedRuleBeatsAnyWarningRule(
            double sends, double bounces, double complaints, Status status, Reason reason) {
        assertVerdict(sends, bounces, complaints, status, reason);
    }

    @ParameterizedTest(name = TABLE_ROW)
    @CsvSource({
        "99, 5, 0, PAUSED,  BOUNCE_COUNT",
        "60, 5, 3, PAUSED,  BOUNCE_COUNT",
        "70, 3, 3, PAUSED,  BOUNCE_RATE",
        "70, 2, 1, WARNING, BOUNCE_RATE",
        "30, 3, 1, WARNING, EARLY_WARNING",
    })
    void amongEqualsTheFirstRowNamesTheReason(
            double sends, double bounces, double complaints, Status status, Reason reason) {
        assertVerdict(sends, bounces, complaints, status, reason);
    }

    @ParameterizedTest(name = TABLE_ROW)
    @CsvSource({
        "4,  1, 0, HEALTHY,",
        "59, 2, 0, HEALTHY,",
        "4,  5, 0, PAUSED,  BOUNCE_COUNT",
        "4,  3, 0, WARNING, EARLY_WARNING",
        "4,  0, 2, PAUSED,  COMPLAINTS",
        "4,  0, 1, WARNING, COMPLAINTS",
    })
    void minimumVolumeGatesOnlyThePercentageRules(
            double sends, double bounces, double complaints, Status status, Reason reason) {
        assertVerdict(sends, bounces, complaints, status, reason);
    }

    // The same rules reached by real events.
    @Test
    void pausesOnTheFifthBounceAfterWarningOnTheThird() {
        MailboxDriver mailbox = new MailboxDriver().sends(30);
        List<Optional<Transition>> perBounce = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            mailbox.bounces(1);
            perBounce.add(mailbox.last().transition());
        }

        assertThat(perBounce.get(0)).isEmpty();
        assertThat(perBounce.get(1)).isEmpty();
        assertThat(perBounce.get(2))
                .contains(
                        new Transition(
                                Status.HEALTHY,
                                Status.WARNING,
                                Reason.EARLY_WARNING,
                                MailboxDriver.START,
                                Evidence.of(Evidence.Rule.EARLY_WARNING, 3, 3)));
        assertThat(perBounce.get(3)).isEmpty();
        assertThat(perBounce.get(4))
                .contains(
                        new Transition(
                                Status.WARNING,
                                Status.PAUSED,
                                Reason.BOUNCE_COUNT,
                                MailboxDriver.START,
                                Evidence.of(Evidence.Rule.BOUNCE_COUNT, 5, 5)));
    }

    @Test
    void pausesOnBounceRateJustAboveThreePercentAndWarnsJustBelow() {
        MailboxDriver above = new MailboxDriver().sends(66).bounces(2);
        MailboxDriver below = new MailboxDriver().sends(67).bounces(2);

        assertThat(above.window().bounceRate()).isGreaterThan(0.03);
        assertThat(above.status()).isEqualTo(Status.PAUSED);
        assertThat(above.state().reason()).isEqualTo(Reason.BOUNCE_RATE);
        assertThat(below.window().bounceRate()).isLessThan(0.03).isGreaterThan(0.02);
        assertThat(below.status()).isEqualTo(Status.WARNING);
        assertThat(below.state().reason()).isEqualTo(Reason.BOUNCE_RATE);
    }

    @Test
    void reachingMinimumVolumeTurnsThePercentageRulesOn() {
        MailboxDriver mailbox = new MailboxDriver().bounces(2).sends(59);
        assertThat(mailbox.status()).isEqualTo(Status.HEALTHY);

        mailbox.sends(1);

        assertThat(mailbox.window()).isEqualTo(MailboxWindow.of(60, 2, 0));
        assertThat(mailbox.last().transition())
                .contains(
                        new Transition(
                                Status.HEALTHY,
                                Status.PAUSED,
                                Reason.BOUNCE_RATE,
                                MailboxDriver.START,
                                Evidence.of(Evidence.Rule.BOUNCE_RATE, 0.03, 0.03333333333333333)));
    }

    @Test
    void warnsEarlyOnTheThirdBounceBelowSixtySendsButNotOnTheSecond() {
        assertThat(new MailboxDriver().sends(59).bounces(2).status()).isEqualTo(Status.HEALTHY);

        MailboxDriver mailbox = new MailboxDriver().sends(59).bounces(3);
        assertThat(mailbox.status()).isEqualTo(Status.WARNING);
        assertThat(mailbox.state().reason()).isEqualTo(Reason.EARLY_WARNING);
    }

    @Test
    void warnsOnTwoPercentAtVolume() {
        MailboxDriver mailbox = new MailboxDriver().sends(80).bounces(1);
        assertThat(mailbox.status()).isEqualTo(Status.HEALTHY);

        mailbox.bounces(1);

        assertThat(mailbox.last().transition())
                .contains(
                        new Transition(
                                Status.HEALTHY,
                                Status.WARNING,
                                Reason.BOUNCE_RATE,
                                MailboxDriver.START,
                                Evidence.of(Evidence.Rule.BOUNCE_RATE, 0.02, 0.025)));
    }

    @Test
    void warnsOnTheFirstComplaintAndPausesOnTheSecond() {
        MailboxDriver mailbox = new MailboxDriver().sends(80).complaints(2);

        assertThat(mailbox.transitions())
                .extracting(Transition::from, Transition::to, Transition::reason)
                .containsExactly(
                        tuple(Status.HEALTHY, Status.WARNING, Reason.COMPLAINTS),
                        tuple(Status.WARNING, Status.PAUSED, Reason.COMPLAINTS));
    }

    @Test
    void recoversWhenTheWindowSlidesAnOldComplaintBelowOne() {
        MailboxDriver mailbox = new MailboxDriver().complaints(1).sends(99);
        assertThat(mailbox.status()).isEqualTo(Status.WARNING);

        mailbox.sends(1);

        assertThat(mailbox.window()).isEqualTo(MailboxWindow.of(50, 0, 0.5));
        assertThat(mailbox.last().transition())
                .contains(
                        new Transition(
                                Status.WARNING,
                                Status.HEALTHY,
                                Reason.RECOVERED,
                                MailboxDriver.START,
                                Evidence.of(Evidence.Rule.COMPLAINTS, 1, 0.5)));
        assertThat(mailbox.state().reason()).isEqualTo(Reason.RECOVERED);
    }

    // Section 1: count, slide, evaluate.
    @Test
    void countsThenSlidesThenEvaluatesTheWindowAsStoredAndASlideNeverChangesTheStatus() {
        MailboxDriver mailbox = new MailboxDriver().sends(70).bounces(2).sends(29);
        assertThat(mailbox.window()).isEqualTo(MailboxWindow.of(99, 2, 0));
        assertThat(mailbox.status()).isEqualTo(Status.WARNING);
        mailbox.forgetTransitions();

        mailbox.sends(1);

        // 50 / 1 is under the 60-send minimum, but volume belongs to the mailbox (100 sends).
        assertThat(mailbox.window()).isEqualTo(MailboxWindow.of(50, 1, 0));
        assertThat(mailbox.status()).isEqualTo(Status.WARNING);
        assertThat(mailbox.transitions()).isEmpty();
    }

    @Test
    void volumeIsTheMailboxsLifetimeSendsNotTheWindowsSends() {
        MailboxDriver mailbox = new MailboxDriver().sends(59);
        assertThat(rules.hasVolume(mailbox.state())).isFalse();
        mailbox.sends(1);
        assertThat(rules.hasVolume(mailbox.state())).isTrue();

        mailbox.sends(40);

        assertThat(mailbox.window().sendCount()).isEqualTo(50.0);
        assertThat(rules.hasVolume(mailbox.state())).isTrue();
        mailbox.command(OperatorAction.RESET);
        assertThat(rules.hasVolume(mailbox.state())).isTrue();
    }

    @Test
    void theRateRulesApplyWithVolumeAndTheEarlyWarningWithout() {
        assertThat(rules.evaluate(MailboxWindow.of(50, 1, 0), false)).isEqualTo(Verdict.HEALTHY);
        assertThat(rules.evaluate(MailboxWindow.of(50, 1, 0), true))
                .isEqualTo(
                        new Verdict(
                                Status.WARNING,
                                Reason.BOUNCE_RATE,
                                Evidence.of(Evidence.Rule.BOUNCE_RATE, 0.02, 0.02)));
        assertThat(rules.evaluate(MailboxWindow.of(50, 3, 0), false))
                .isEqualTo(
                        new Verdict(
                                Status.WARNING,
                                Reason.EARLY_WARNING,
                                Evidence.of(Evidence.Rule.EARLY_WARNING, 3, 3)));
        assertThat(rules.evaluate(MailboxWindow.of(50, 3, 0), true))
                .isEqualTo(
                        new Verdict(
                                Status.PAUSED,
                                Reason.BOUNCE_RATE,
                                Evidence.of(Evidence.Rule.BOUNCE_RATE, 0.03, 0.06)));
        assertThat(rules.evaluate(MailboxWindow.of(0, 3, 0), true)).isEqualTo(Verdict.HEALTHY);
    }

    @Test
    void theSendThatFillsTheWindowIsCountedBeforeTheSlide() {
        MailboxDriver mailbox = new MailboxDriver().sends(99);
        assertThat(mailbox.window().sendCount()).isEqualTo(99.0);

        mailbox.sends(1);

        assertThat(mailbox.window().sendCount()).isEqualTo(50.0);
        assertThat(mailbox.state().totalSends()).isEqualTo(100);
    }

    @Test
    void onlySendsReachingTheLimitSlideTheWindow() {
        MailboxDriver mailbox = new MailboxDriver().sends(99).softBounces(3).complaints(1);

        assertThat(mailbox.window()).isEqualTo(MailboxWindow.of(99, 0, 1));
    }

    @Test
    void slideHalvesEveryCounterExactly() {
        MailboxDriver mailbox = new MailboxDriver().sends(50).bounces(1).complaints(1).sends(50);

        assertThat(mailbox.window())
                .isEqualTo(
                        new MailboxWindow(
                                50 * MailboxWindow.UNIT,
                                MailboxWindow.UNIT / 2,
                                MailboxWindow.UNIT / 2));
    }

    @Test
    void anOldBounceFadesByHalfWithEachSlideAndNeverVanishesAtOnce() {
        MailboxDriver mailbox = new MailboxDriver().bounces(1).sends(100);
        assertThat(mailbox.window().bounceCount()).isEqualTo(0.5);

        mailbox.sends(50);
        assertThat(mailbox.window().bounceCount()).isEqualTo(0.25);

        mailbox.sends(50);
        assertThat(mailbox.window().bounceCount()).isEqualTo(0.125);

        mailbox.sends(150);
        assertThat(mailbox.window().bounceCount()).isEqualTo(0.015625);
        assertThat(mailbox.window().sendCount()).isEqualTo(50.0);
    }

    @Test
    void lifetimeTotalsNeverSlide() {
        MailboxDriver mailbox =
                new MailboxDriver().bounces(2).softBounces(3).complaints(1).sends(450);

        assertThat(mailbox.state().totalSends()).isEqualTo(450);
        assertThat(mailbox.state().totalBounces()).isEqualTo(5);
        assertThat(mailbox.state().totalComplaints()).isEqualTo(1);
        assertThat(mailbox.window().sendCount()).isLessThan(100.0);
    }

    // Section 7: status-change events.
    @Test
    void aMailboxSeenForTheFirstTimeStartsHealthyWithoutATransition() {
        MailboxDecision decision =
                rules.onEvent(
                        null,
                        new MailboxEvent.Send("s-1", MailboxDriver.MAILBOX, MailboxDriver.START),
                        MailboxDriver.START);

        assertThat(decision.counted()).isTrue();
        assertThat(decision.transition()).isEmpty();
        assertThat(decision.state().status()).isEqualTo(Status.HEALTHY);
        assertThat(decision.state().reason()).isNull();
        assertThat(decision.state().totalSends()).isEqualTo(1);
        assertThat(decision.state().lastEventAt()).isEqualTo(MailboxDriver.START);
    }

    @Test
    void aFirstEventThatMatchesARuleIsTheFirstChange() {
        MailboxDecision decision =
                rules.onEvent(
                        null,
                        new MailboxEvent.Complaint(
                                "c-1", MailboxDriver.MAILBOX, MailboxDriver.START),
                        MailboxDriver.START);

        assertThat(decision.transition())
                .contains(
                        new Transition(
                                Status.HEALTHY,
                                Status.WARNING,
                                Reason.COMPLAINTS,
                                MailboxDriver.START,
                                Evidence.of(Evidence.Rule.COMPLAINTS, 1, 1)));
    }

    @Test
    void emitsExactlyOneTransitionPerChangeAndNoneWhileTheStatusStays() {
        MailboxDriver mailbox = new MailboxDriver();
        int decisionsWithTransition = 0;
        for (int i = 0; i < 40; i++) {
            mailbox.sends(1);
            decisionsWithTransition += mailbox.last().transition().isPresent() ? 1 : 0;
            if (i % 10 == 9) {
                mailbox.bounces(1);
                decisionsWithTransition += mailbox.last().transition().isPresent() ? 1 : 0;
            }
        }
        mailbox.bounces(2);

        assertThat(mailbox.transitions())
                .extracting(Transition::from, Transition::to, Transition::reason)
                .containsExactly(
                        tuple(Status.HEALTHY, Status.WARNING, Reason.EARLY_WARNING),
                        tuple(Status.WARNING, Status.PAUSED, Reason.BOUNCE_COUNT));
        assertThat(decisionsWithTransition).isEqualTo(1);
        assertThat(mailbox.transitions())
                .allSatisfy(t -> assertThat(t.from()).isNotEqualTo(t.to()));
    }

    @Test
    void aTransitionCarriesTheTimestampOfTheEventThatCausedIt() {
        long at = MailboxDriver.START + 5 * HOUR;
        MailboxState state = new MailboxDriver().bounces(2).state();

        MailboxDecision decision =
                rules.onEvent(
                        state,
                        new MailboxEvent.Bounce("late", MailboxDriver.MAILBOX, at, BounceType.HARD),
                        MailboxDriver.START);

        assertThat(decision.transition()).hasValueSatisfying(t -> assertThat(t.at()).isEqualTo(at));
    }

    @Test
    void pausedIsStickyWhileNewEventsKeepUpdatingTheCounters() {
        MailboxDriver mailbox = new MailboxDriver().bounces(5);
        mailbox.forgetTransitions();

        mailbox.sends(500);

        assertThat(mailbox.rules().evaluate(mailbox.window(), true).status())
                .isEqualTo(Status.HEALTHY);
        assertThat(mailbox.status()).isEqualTo(Status.PAUSED);
        assertThat(mailbox.state().reason()).isEqualTo(Reason.BOUNCE_COUNT);
        assertThat(mailbox.transitions()).isEmpty();
        assertThat(mailbox.state().totalSends()).isEqualTo(500);
        assertThat(mailbox.last().counted()).isTrue();
    }

    // Section 7: duplicate event ids.
    @Test
    void countsADuplicateSendOnce() {
        MailboxDriver mailbox = new MailboxDriver().sends(3);
        MailboxState before = mailbox.state();

        MailboxDecision replay =
                mailbox.apply(
                        new MailboxEvent.Send(
                                "s-1", MailboxDriver.MAILBOX, MailboxDriver.START + DAY));

        assertThat(replay.counted()).isFalse();
        assertThat(replay.transition()).isEmpty();
        assertThat(replay.state()).isEqualTo(before);
        assertThat(replay.state().lastEventAt()).isEqualTo(MailboxDriver.START);
    }

    @Test
    void countsADuplicateBounceOnceEvenWhenItWouldPause() {
        MailboxDriver mailbox = new MailboxDriver().bounces(4);
        MailboxState before = mailbox.state();

        MailboxDecision replay =
                mailbox.apply(
                        new MailboxEvent.Bounce(
                                "b-3",
                                MailboxDriver.MAILBOX,
                                MailboxDriver.START,
                                BounceType.HARD));

        assertThat(replay.counted()).isFalse();
        assertThat(replay.state()).isEqualTo(before);
        assertThat(replay.state().status()).isEqualTo(Status.WARNING);
        assertThat(replay.state().window().bounceCount()).isEqualTo(4.0);
    }

    @Test
    void sendsBouncesAndComplaintsEachKeepTheirOwnIds() {
        MailboxDriver mailbox = new MailboxDriver();
        long t = MailboxDriver.START;

        assertThat(mailbox.apply(new MailboxEvent.Send("x", MailboxDriver.MAILBOX, t)).counted())
                .isTrue();
        assertThat(
                        mailbox.apply(
                                        new MailboxEvent.Bounce(
                                                "x", MailboxDriver.MAILBOX, t, BounceType.HARD))
                                .counted())
                .isTrue();
        assertThat(
                        mailbox.apply(new MailboxEvent.Complaint("x", MailboxDriver.MAILBOX, t))
                                .counted())
                .as("a complaint with a bounce's id")
                .isTrue();
        assertThat(
                        mailbox.apply(
                                        new MailboxEvent.Bounce(
                                                "x", MailboxDriver.MAILBOX, t, BounceType.SOFT))
                                .counted())
                .as("the bounce again")
                .isFalse();
        assertThat(
                        mailbox.apply(new MailboxEvent.Complaint("x", MailboxDriver.MAILBOX, t))
                                .counted())
                .as("the complaint again")
                .isFalse();

        assertThat(mailbox.state().totalSends()).isEqualTo(1);
        assertThat(mailbox.state().totalBounces()).isEqualTo(1);
        assertThat(mailbox.state().totalComplaints()).isEqualTo(1);
    }

    @Test
    void remembersEverySendIdOfTheHourNotOnlyTheLastEight() {
        MailboxDriver mailbox = new MailboxDriver().sends(9);

        MailboxDecision recent =
                mailbox.apply(
                        new MailboxEvent.Send("s-1", MailboxDriver.MAILBOX, MailboxDriver.START));
        MailboxDecision ninthBack =
                mailbox.apply(
                        new MailboxEvent.Send("s-0", MailboxDriver.MAILBOX, MailboxDriver.START));

        assertThat(recent.counted()).isFalse();
        assertThat(ninthBack.counted()).isFalse();
        assertThat(mailbox.state().totalSends()).isEqualTo(9);
    }

    @Test
    void sendsDoNotPushBounceIdsOutOfMemory() {
        MailboxDriver mailbox = new MailboxDriver().bounces(1).sends(50);

        MailboxDecision replay =
                mailbox.apply(
                        new MailboxEvent.Bounce(
                                "b-0",
                                MailboxDriver.MAILBOX,
                                MailboxDriver.START,
                                BounceType.HARD));

        assertThat(replay.counted()).isFalse();
        assertThat(mailbox.state().totalBounces()).isEqualTo(1);
    }

    // Section 7: late and out-of-order events.
    @Test
    void countsOutOfOrderAndLateEventsAndKeepsTheLatestTimestamp() {
        long t = MailboxDriver.START;
        MailboxDriver mailbox = new MailboxDriver();

        mailbox.apply(new MailboxEvent.Send("s-2", MailboxDriver.MAILBOX, t));
        mailbox.apply(new MailboxEvent.Send("s-1", MailboxDriver.MAILBOX, t - HOUR));
        mailbox.apply(
                new MailboxEvent.Bounce(
                        "b-1", MailboxDriver.MAILBOX, t + 3 * DAY, BounceType.HARD));
        mailbox.apply(
                new MailboxEvent.Bounce(
                        "b-0", MailboxDriver.MAILBOX, t - 2 * DAY, BounceType.HARD));
        mailbox.apply(new MailboxEvent.Complaint("c-0", MailboxDriver.MAILBOX, t - 5 * DAY));

        assertThat(mailbox.window()).isEqualTo(MailboxWindow.of(2, 2, 1));
        assertThat(mailbox.state().lastEventAt()).isEqualTo(t + 3 * DAY);
        assertThat(mailbox.state().totalBounces()).isEqualTo(2);
    }

    @Test
    void aBounceDaysAfterItsSendStillCounts() {
        MailboxDriver mailbox = new MailboxDriver().sends(30).bounces(2);
        mailbox.advance(Duration.ofDays(4)).bounces(1);

        assertThat(mailbox.window().bounceCount()).isEqualTo(3.0);
        assertThat(mailbox.status()).isEqualTo(Status.WARNING);
    }

    @Test
    void countsBouncesBeforeAnySend() {
        MailboxDriver mailbox = new MailboxDriver().bounces(3);

        assertThat(mailbox.window()).isEqualTo(MailboxWindow.of(0, 3, 0));
        assertThat(mailbox.window().bounceRate()).isZero();
        assertThat(mailbox.status()).isEqualTo(Status.WARNING);
        assertThat(mailbox.state().reason()).isEqualTo(Reason.EARLY_WARNING);
    }

    // Section 4: what counts as a bounce.
    @Test
    void softBouncesAreTotalledButNotCountedInTheWindow() {
        MailboxDriver mailbox = new MailboxDriver().sends(10).softBounces(10);

        assertThat(mailbox.window()).isEqualTo(MailboxWindow.of(10, 0, 0));
        assertThat(mailbox.state().totalBounces()).isEqualTo(10);
        assertThat(mailbox.status()).isEqualTo(Status.HEALTHY);
        assertThat(mailbox.transitions()).isEmpty();
    }

    @Test
    void hardBouncesCountInTheWindow() {
        MailboxDriver mailbox = new MailboxDriver().sends(10).softBounces(4).bounces(3);

        assertThat(mailbox.window().bounceCount()).isEqualTo(3.0);
        assertThat(mailbox.state().totalBounces()).isEqualTo(7);
        assertThat(mailbox.status()).isEqualTo(Status.WARNING);
    }

    @Test
    void softBouncesCountWhenTheSettingSaysSo() {
        MailboxDriver mailbox = new MailboxDriver(countingSoftBounces()).sends(10).softBounces(5);

        assertThat(mailbox.window().bounceCount()).isEqualTo(5.0);
        assertThat(mailbox.status()).isEqualTo(Status.PAUSED);
        assertThat(mailbox.state().reason()).isEqualTo(Reason.BOUNCE_COUNT);
    }

    // Section 3: operator commands.
    @Test
    void pauseHoldsAHealthyMailboxWithoutExpiry() {
        MailboxDriver mailbox = new MailboxDriver().sends(10);

        MailboxDecision pause = mailbox.command(OperatorAction.PAUSE);

        assertThat(pause.counted()).isTrue();
        assertThat(pause.transition())
                .contains(
                        new Transition(
                                Status.HEALTHY,
                                Status.PAUSED,
                                Reason.OPERATOR,
                                MailboxDriver.START,
                                Evidence.BY_OPERATOR));
        assertThat(mailbox.state().operatorPaused()).isTrue();
        assertThat(mailbox.state().cooldownUntil()).isZero();
        assertThat(mailbox.state().coolingDown()).isFalse();

        mailbox.sends(200).bounces(6);
        assertThat(mailbox.status()).isEqualTo(Status.PAUSED);
        assertThat(mailbox.state().reason()).isEqualTo(Reason.OPERATOR);
        assertThat(mailbox.state().coolingDown()).isFalse();
        assertThat(mailbox.advance(Duration.ofDays(30)).expireCooldown().counted()).isFalse();
        assertThat(mailbox.status()).isEqualTo(Status.PAUSED);
    }

    @Test
    void pauseCreatesAnUnknownMailbox() {
        MailboxDecision pause =
                rules.onCommand(
                        null,
                        new Command(
                                "op-1",
                                "m@x.io",
                                false,
                                OperatorAction.PAUSE,
                                null,
                                null,
                                MailboxDriver.START));

        assertThat(pause.counted()).isTrue();
        assertThat(pause.removes()).isFalse();
        assertThat(pause.state().status()).isEqualTo(Status.PAUSED);
        assertThat(pause.state().reason()).isEqualTo(Reason.OPERATOR);
        assertThat(pause.state().operatorPaused()).isTrue();
        assertThat(pause.state().window()).isEqualTo(MailboxWindow.EMPTY);
        assertThat(pause.state().totalSends()).isZero();
        assertThat(pause.transition())
                .contains(
                        new Transition(
                                Status.HEALTHY,
                                Status.PAUSED,
                                Reason.OPERATOR,
                                MailboxDriver.START,
                                Evidence.BY_OPERATOR));
    }

    @Test
    void pauseOfARulePausedMailboxEmitsNothingAndCancelsItsExpiry() {
        MailboxDriver mailbox = new MailboxDriver().bounces(5);
        long ruleCooldownUntil = mailbox.state().cooldownUntil();
        assertThat(ruleCooldownUntil).isPositive();

        MailboxDecision pause = mailbox.command(OperatorAction.PAUSE);

        assertThat(pause.counted()).isTrue();
        assertThat(pause.transition()).isEmpty();
        assertThat(mailbox.status()).isEqualTo(Status.PAUSED);
        assertThat(mailbox.state().reason()).isEqualTo(Reason.BOUNCE_COUNT);
        assertThat(mailbox.state().operatorPaused()).isTrue();
        assertThat(mailbox.state().cooldownUntil()).isZero();
        assertThat(mailbox.at(ruleCooldownUntil + HOUR).expireCooldown().counted()).isFalse();
        assertThat(mailbox.status()).isEqualTo(Status.PAUSED);
    }

    @Test
    void pauseEndsProbation() {
        MailboxDriver mailbox = new MailboxDriver().bounces(5);
        mailbox.command(OperatorAction.RESUME);
        assertThat(mailbox.state().onProbation()).isTrue();

        mailbox.command(OperatorAction.PAUSE);

        assertThat(mailbox.state().onProbation()).isFalse();
        assertThat(mailbox.status()).isEqualTo(Status.PAUSED);
        assertThat(mailbox.last().transition())
                .contains(
                        new Transition(
                                Status.WARNING,
                                Status.PAUSED,
                                Reason.OPERATOR,
                                MailboxDriver.START,
                                Evidence.BY_OPERATOR));
    }

    @Test
    void resumeOfAnOperatorPauseStartsProbationWithReasonOperator() {
        MailboxDriver mailbox = new MailboxDriver().sends(40).bounces(1);
        mailbox.command(OperatorAction.PAUSE);
        mailbox.advance(Duration.ofHours(2));

        MailboxDecision resume = mailbox.command(OperatorAction.RESUME);

        assertThat(resume.counted()).isTrue();
        assertThat(resume.transition())
                .contains(
                        new Transition(
                                Status.PAUSED,
                                Status.WARNING,
                                Reason.OPERATOR,
                                mailbox.now(),
                                Evidence.BY_OPERATOR));
        assertThat(mailbox.window()).isEqualTo(MailboxWindow.of(20, 0.5, 0));
        assertThat(mailbox.state().probationSends()).isEqualTo(60);
        assertThat(mailbox.state().operatorPaused()).isFalse();
        assertThat(mailbox.state().lastResumedAt()).isEqualTo(mailbox.now());
    }

    @Test
    void resumeDoesNothingToAMailboxThatIsNotPaused() {
        MailboxDriver healthy = new MailboxDriver().sends(10);
        MailboxDriver warning = new MailboxDriver().complaints(1);
        MailboxState healthyBefore = healthy.state();
        MailboxState warningBefore = warning.state();

        MailboxDecision resumeHealthy = healthy.command(OperatorAction.RESUME);
        MailboxDecision resumeWarning = warning.command(OperatorAction.RESUME);

        // Nothing moves, but the command is remembered: its id against a retry, who gave it and
        // why.
        assertThat(resumeHealthy.transition()).isEmpty();
        assertThat(resumeHealthy.state().status()).isEqualTo(healthyBefore.status());
        assertThat(resumeHealthy.state().window()).isEqualTo(healthyBefore.window());
        assertThat(resumeHealthy.state().operator()).isEqualTo("ops@x.io");
        assertThat(resumeWarning.transition()).isEmpty();
        assertThat(resumeWarning.state().status()).isEqualTo(warningBefore.status());
        assertThat(resumeWarning.state().window()).isEqualTo(warningBefore.window());
        assertThat(warning.state().onProbation()).isFalse();
    }

    @Test
    void aCommandIdAlreadyAppliedChangesNothing() {
        MailboxDriver mailbox = new MailboxDriver().sends(10);
        mailbox.command(OperatorAction.PAUSE, "op-p");
        mailbox.command(OperatorAction.RESUME, "op-r");
        MailboxState resumed = mailbox.state();

        MailboxDecision pauseAgain = mailbox.command(OperatorAction.PAUSE, "op-p");
        MailboxDecision resumeAgain = mailbox.command(OperatorAction.RESUME, "op-r");

        assertThat(pauseAgain.counted()).isFalse();
        assertThat(resumeAgain.counted()).isFalse();
        assertThat(mailbox.state()).isEqualTo(resumed);
        assertThat(mailbox.command(OperatorAction.PAUSE, "op-p2").transition())
                .as("a new id acts")
                .isPresent();
    }

    @Test
    void theMailboxKeepsWhoGaveTheLastCommandAndWhy() {
        MailboxDriver mailbox = new MailboxDriver().sends(10);
        assertThat(mailbox.state().operator()).isNull();
        assertThat(mailbox.state().note()).isNull();

        mailbox.command(OperatorAction.PAUSE, "op-1");

        assertThat(mailbox.state().operator()).isEqualTo("ops@x.io");
        assertThat(mailbox.state().note()).isEqualTo("note");
    }

    @Test
    void commandsOtherThanPauseDoNothingToAnUnknownMailbox() {
        for (OperatorAction action :
                new OperatorAction[] {
                    OperatorAction.RESUME, OperatorAction.RESET, OperatorAction.REMOVE
                }) {
            MailboxDecision decision =
                    rules.onCommand(
                            null,
                            new Command(
                                    "op-1",
                                    "m@x.io",
                                    false,
                                    action,
                                    null,
                                    null,
                                    MailboxDriver.START));

            assertThat(decision.counted()).as(action.name()).isFalse();
            assertThat(decision.state()).as(action.name()).isNull();
            assertThat(decision.transition()).as(action.name()).isEmpty();
        }
    }

    @Test
    void resetClearsTheWindowKeepsTheTotalsAndHealsAPausedMailbox() {
        MailboxDriver mailbox =
                new MailboxDriver().sends(30).softBounces(2).bounces(5).complaints(1);
        mailbox.advance(Duration.ofHours(1));

        MailboxDecision reset = mailbox.command(OperatorAction.RESET);

        assertThat(reset.counted()).isTrue();
        assertThat(reset.transition())
                .contains(
                        new Transition(
                                Status.PAUSED,
                                Status.HEALTHY,
                                Reason.OPERATOR,
                                mailbox.now(),
                                Evidence.BY_OPERATOR));
        assertThat(mailbox.window()).isEqualTo(MailboxWindow.EMPTY);
        assertThat(mailbox.state().totalSends()).isEqualTo(30);
        assertThat(mailbox.state().totalBounces()).isEqualTo(7);
        assertThat(mailbox.state().totalComplaints()).isEqualTo(1);
        assertThat(mailbox.state().cooldownUntil()).isZero();
        assertThat(mailbox.state().operatorPaused()).isFalse();
        assertThat(mailbox.state().onProbation()).isFalse();
        assertThat(mailbox.state().reason()).isEqualTo(Reason.OPERATOR);
    }

    @Test
    void resetLiftsAnOperatorPauseAndTheRulesApplyAgain() {
        MailboxDriver mailbox = new MailboxDriver().sends(10);
        mailbox.command(OperatorAction.PAUSE);

        mailbox.command(OperatorAction.RESET);
        assertThat(mailbox.status()).isEqualTo(Status.HEALTHY);
        assertThat(mailbox.state().operatorPaused()).isFalse();

        mailbox.bounces(3);
        assertThat(mailbox.status()).isEqualTo(Status.WARNING);
        assertThat(mailbox.state().reason()).isEqualTo(Reason.EARLY_WARNING);
    }

    @Test
    void resetEndsProbation() {
        MailboxDriver mailbox = new MailboxDriver().bounces(5);
        mailbox.command(OperatorAction.RESUME);

        MailboxDecision reset = mailbox.command(OperatorAction.RESET);

        assertThat(reset.transition())
                .contains(
                        new Transition(
                                Status.WARNING,
                                Status.HEALTHY,
                                Reason.OPERATOR,
                                MailboxDriver.START,
                                Evidence.BY_OPERATOR));
        assertThat(mailbox.state().onProbation()).isFalse();
        mailbox.sends(1);
        assertThat(mailbox.status()).isEqualTo(Status.HEALTHY);
    }

    @Test
    void resetOfAHealthyMailboxClearsTheWindowWithoutATransition() {
        MailboxDriver mailbox = new MailboxDriver().sends(40).bounces(2);

        MailboxDecision reset = mailbox.command(OperatorAction.RESET);

        assertThat(reset.counted()).isTrue();
        assertThat(reset.transition()).isEmpty();
        assertThat(mailbox.window()).isEqualTo(MailboxWindow.EMPTY);
        assertThat(mailbox.state().totalBounces()).isEqualTo(2);
        assertThat(mailbox.status()).isEqualTo(Status.HEALTHY);
    }

    @Test
    void removeForgetsTheMailbox() {
        MailboxDriver mailbox = new MailboxDriver().sends(10).bounces(5);

        MailboxDecision remove = mailbox.command(OperatorAction.REMOVE);

        assertThat(remove.counted()).isTrue();
        assertThat(remove.removes()).isTrue();
        assertThat(remove.state()).isNull();
        assertThat(remove.transition()).isEmpty();
    }

    // Section 6: risk score.
    @ParameterizedTest(name = "{0} sends, {1} bounces, {2} complaints -> risk {3}")
    @CsvSource({
        "0,  0,   0, 0",
        "4,  1,   0, 20",
        "0,  3,   0, 60",
        "59, 2,   0, 40",
        "60, 1,   0, 55",
        "80, 2,   0, 83",
        "70, 2,   0, 95",
        "0,  4.9, 0, 98",
        "10, 0,   1, 0",
        "50, 2.5, 0, 50",
        "67, 2,   0, 99",
    })
    void isTheLargerOfBouncesOverFiveAndRateOverThreePercentAtVolume(
            double sends, double bounces, double complaints, int risk) {
        assertThat(rules.riskScore(withWindow(sends, bounces, complaints))).isEqualTo(risk);
    }

    @Test
    void takesTheRateIntoAccountOnceTheMailboxHasVolumeWhateverTheWindowSends() {
        MailboxDriver mailbox = new MailboxDriver().sends(100).bounces(1);
        assertThat(mailbox.window()).isEqualTo(MailboxWindow.of(50, 1, 0));

        // 1 / 5 is 20; 2% of 3% is 66.
        assertThat(mailbox.riskScore()).isEqualTo(66);
    }

    @Test
    void isCappedAtHundred() {
        assertThat(rules.riskScore(withWindow(60, 4, 0))).isEqualTo(100);
        assertThat(rules.riskScore(withWindow(0, 12, 0))).isEqualTo(100);
    }

    @Test
    void isHundredWhilePausedWhateverTheWindow() {
        MailboxDriver operatorPaused = new MailboxDriver();
        operatorPaused.command(OperatorAction.PAUSE);
        MailboxDriver rulePaused = new MailboxDriver().bounces(5).sends(400);

        assertThat(operatorPaused.riskScore()).isEqualTo(100);
        assertThat(rulePaused.window().bounceCount()).isLessThan(0.1);
        assertThat(rulePaused.riskScore()).isEqualTo(100);
    }

    @Test
    void followsTheWindowThroughEvents() {
        MailboxDriver mailbox = new MailboxDriver().sends(4).bounces(1);
        assertThat(mailbox.riskScore()).isEqualTo(20);

        mailbox.sends(76).bounces(1);
        assertThat(mailbox.riskScore()).isEqualTo(83);
    }
}
