package io.bouncewatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/rules.md §6 (domain protection by ratio and by config failures) and the domain side of §7
 * (the average risk score).
 */
class DomainRulesTest {

    private static final long AT = MailboxDriver.START;

    private final DomainRules rules = new DomainRules(RuleSettings.DEFAULTS);

    private static int commands;

    private static Command command(OperatorAction action, long at) {
        return new Command("op-" + (++commands), "d.io", true, action, "note", "ops@d.io", at);
    }

    private static DomainCounts counts(long total, long unhealthy) {
        return new DomainCounts(total, unhealthy, 0);
    }

    /** A member not on probation whose last event was at the start. */
    private static MailboxSummary member(Status status, int risk) {
        return new MailboxSummary(status, false, risk, AT);
    }

    private static RuleSettings with(String key, Object value) {
        Map<String, Object> values = new HashMap<>();
        RuleSetting.ALL.forEach(setting -> values.put(setting.key(), setting.typedDefault()));
        values.put(key, value);
        return RuleSettings.from(values);
    }

    @ParameterizedTest(name = "{0} mailboxes, {1} unhealthy ({2}) -> {3}")
    @CsvSource({
        "3,   1,   33%, WARNING",
        "10,  2,   20%, HEALTHY",
        "10,  5,   50%, PAUSED",
        "30,  10,  33%, WARNING",
        "200, 110, 55%, PAUSED",
        "2,   2,   100%, HEALTHY",
    })
    void scalingExampleOfTheDomainTable(long total, long unhealthy, String ratio, Status status) {
        DomainCounts counts = counts(total, unhealthy);

        assertThat(Math.round(counts.unhealthyRatio() * 100) + "%").isEqualTo(ratio);
        assertThat(rules.evaluate(counts)).isEqualTo(status);
        DomainDecision firstSeen = rules.onCounts(null, counts, AT);
        assertThat(firstSeen.state().status()).isEqualTo(status);
        if (status == Status.HEALTHY) {
            assertThat(firstSeen.transition()).isEmpty();
        } else {
            assertThat(firstSeen.transition())
                    .contains(
                            new Transition(
                                    Status.HEALTHY,
                                    status,
                                    Reason.UNHEALTHY_RATIO,
                                    AT,
                                    Evidence.of(
                                            Evidence.Rule.UNHEALTHY_RATIO,
                                            status == Status.PAUSED ? 0.5 : 0.3,
                                            (double) unhealthy / total)));
        }
        assertThat(firstSeen.state().blocksMailboxes()).isEqualTo(status == Status.PAUSED);
    }

    @ParameterizedTest(name = "{0} of {1} unhealthy -> {2}")
    @CsvSource({
        "3,       10,       WARNING",
        "29,      100,      HEALTHY",
        "30,      100,      WARNING",
        "49,      100,      WARNING",
        "50,      100,      PAUSED",
        "299,     1000,     HEALTHY",
        "499,     1000,     WARNING",
        "2,       4,        PAUSED",
        "3,       3,        PAUSED",
        "0,       5,        HEALTHY",
        "0,       0,        HEALTHY",
        "3000000, 10000000, WARNING",
        "4999999, 10000000, WARNING",
    })
    void ratioBoundariesAreExact(long unhealthy, long total, Status status) {
        assertThat(rules.evaluate(counts(total, unhealthy))).isEqualTo(status);
    }

    @Test
    void countsAddEachMailboxAndRetractItsPreviousSummary() {
        MailboxSummary healthy = member(Status.HEALTHY, 20);
        MailboxSummary warning = member(Status.WARNING, 85);
        MailboxSummary paused = member(Status.PAUSED, 100);

        DomainCounts three = DomainCounts.EMPTY.plus(healthy).plus(healthy).plus(healthy);
        assertThat(three).isEqualTo(new DomainCounts(3, 0, 60));

        DomainCounts oneWarns = three.minus(healthy).plus(warning);
        assertThat(oneWarns).isEqualTo(new DomainCounts(3, 1, 125));
        assertThat(rules.evaluate(oneWarns)).isEqualTo(Status.WARNING);

        DomainCounts twoPaused = oneWarns.minus(healthy).plus(paused);
        assertThat(twoPaused).isEqualTo(new DomainCounts(3, 2, 205));
        assertThat(rules.evaluate(twoPaused)).isEqualTo(Status.PAUSED);

        DomainCounts pausedRemoved = twoPaused.minus(paused);
        assertThat(pausedRemoved).isEqualTo(new DomainCounts(2, 1, 105));
        assertThat(rules.evaluate(pausedRemoved)).as("below the minimum").isEqualTo(Status.HEALTHY);

        DomainCounts allGone = pausedRemoved.minus(warning).minus(healthy);
        assertThat(allGone).isEqualTo(DomainCounts.EMPTY);
    }

    @Test
    void countsCannotGoBelowNothing() {
        assertThatThrownBy(() -> DomainCounts.EMPTY.minus(member(Status.HEALTHY, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        DomainCounts oneHealthy = DomainCounts.EMPTY.plus(member(Status.HEALTHY, 0));
        assertThatThrownBy(() -> oneHealthy.minus(member(Status.WARNING, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void averageRiskScoreIsTheMeanOverTheDomainsMailboxes() {
        DomainCounts counts =
                DomainCounts.EMPTY
                        .plus(member(Status.HEALTHY, 20))
                        .plus(member(Status.WARNING, 85))
                        .plus(member(Status.HEALTHY, 0));

        assertThat(counts.averageRiskScore()).isEqualTo(35.0);
        assertThat(counts.unhealthyRatio()).isEqualTo(1 / 3.0);
        assertThat(DomainCounts.EMPTY.averageRiskScore()).isZero();
        assertThat(DomainCounts.EMPTY.unhealthyRatio()).isZero();
    }

    @ParameterizedTest(name = "risk {0} -> {1}")
    @CsvSource({
        "0, 0",
        "2, 0",
        "3, 5",
        "20, 20",
        "82, 80",
        "83, 85",
        "97, 95",
        "98, 100",
        "100, 100"
    })
    void mailboxSummaryRoundsRiskToFivePointSteps(int risk, int rounded) {
        MailboxState state = MailboxState.fresh(RuleSettings.DEFAULTS);
        assertThat(MailboxSummary.of(state, risk, RuleSettings.DEFAULTS).riskScore())
                .isEqualTo(rounded);
    }

    // ---- probation (docs/rules.md §6): healthy for the domain

    @Test
    void aMailboxOnProbationCountsAsHealthyForItsDomain() {
        MailboxDriver mailbox = new MailboxDriver().bounces(5);
        MailboxRules mailboxRules = mailbox.rules();
        MailboxSummary paused =
                MailboxSummary.of(
                        mailbox.state(),
                        mailboxRules.riskScore(mailbox.state()),
                        RuleSettings.DEFAULTS);
        mailbox.expireCooldownOnTime();
        MailboxSummary probation =
                MailboxSummary.of(
                        mailbox.state(),
                        mailboxRules.riskScore(mailbox.state()),
                        RuleSettings.DEFAULTS);

        assertThat(paused.unhealthy()).isTrue();
        assertThat(probation.status()).isEqualTo(Status.WARNING);
        assertThat(probation.onProbation()).isTrue();
        assertThat(probation.unhealthy()).as("on probation after its cooldown").isFalse();
        assertThat(DomainCounts.EMPTY.plus(paused).minus(paused).plus(probation))
                .isEqualTo(new DomainCounts(1, 0, probation.riskScore()));
    }

    @Test
    void aMailboxWarnedByARuleIsUnhealthy() {
        MailboxDriver mailbox = new MailboxDriver().bounces(3);
        MailboxSummary warned =
                MailboxSummary.of(
                        mailbox.state(),
                        mailbox.rules().riskScore(mailbox.state()),
                        RuleSettings.DEFAULTS);

        assertThat(warned.status()).isEqualTo(Status.WARNING);
        assertThat(warned.onProbation()).isFalse();
        assertThat(warned.unhealthy()).isTrue();
        assertThat(DomainCounts.EMPTY.plus(warned).unhealthyMailboxes()).isEqualTo(1);
    }

    @Test
    void onlyAWarningMailboxCanBeOnProbation() {
        assertThatThrownBy(() -> new MailboxSummary(Status.PAUSED, true, 100, AT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MailboxSummary(Status.HEALTHY, true, 0, AT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDomainPausedByItsRatioResumesWhenItsMailboxesGoOnProbation() {
        MailboxSummary healthy = member(Status.HEALTHY, 0);
        MailboxSummary paused = member(Status.PAUSED, 100);
        MailboxSummary probation = new MailboxSummary(Status.WARNING, true, 40, AT);
        DomainCounts threePaused =
                DomainCounts.EMPTY.plus(healthy).plus(paused).plus(paused).plus(paused);
        DomainState domain = rules.onCounts(null, threePaused, AT).state();
        assertThat(domain.status()).isEqualTo(Status.PAUSED);

        DomainCounts onProbation =
                threePaused.minus(paused).plus(probation).minus(paused).plus(probation);

        DomainDecision decision = rules.onCounts(domain, onProbation, AT + 1);
        assertThat(onProbation.unhealthyMailboxes()).isEqualTo(1);
        assertThat(decision.transition())
                .contains(
                        new Transition(
                                Status.PAUSED,
                                Status.HEALTHY,
                                Reason.UNHEALTHY_RATIO,
                                AT + 1,
                                Evidence.of(Evidence.Rule.UNHEALTHY_RATIO, 0.3, 0.25)));
    }

    // ---- the smallest fleet (domain.min-mailboxes)

    @ParameterizedTest(name = "{0} of {1} unhealthy -> {2}")
    @CsvSource({
        "1, 1, HEALTHY",
        "1, 2, HEALTHY",
        "2, 2, HEALTHY",
        "1, 3, WARNING",
        "2, 3, PAUSED",
    })
    void theRatioRulesApplyFromThreeMailboxes(long unhealthy, long total, Status status) {
        assertThat(rules.evaluate(counts(total, unhealthy))).isEqualTo(status);
    }

    @Test
    void belowTheMinimumADomainFollowsOnlyOperatorsAndConfigFailures() {
        DomainState twoPaused = rules.onCounts(null, counts(2, 2), AT).state();
        assertThat(twoPaused.status()).isEqualTo(Status.HEALTHY);

        DomainDecision failures = failuresDecision(twoPaused, 3);
        assertThat(failures.transition())
                .contains(
                        new Transition(
                                Status.HEALTHY,
                                Status.WARNING,
                                Reason.CONFIG_FAILURE,
                                AT,
                                Evidence.of(Evidence.Rule.CONFIG_FAILURE, 3, 3)));
        DomainDecision pause = rules.onCommand(twoPaused, command(OperatorAction.PAUSE, AT));
        assertThat(pause.state().status()).isEqualTo(Status.PAUSED);

        DomainDecision third = rules.onCounts(twoPaused, counts(3, 2), AT + 1);
        assertThat(third.transition())
                .as("a third mailbox brings the ratio in")
                .contains(
                        new Transition(
                                Status.HEALTHY,
                                Status.PAUSED,
                                Reason.UNHEALTHY_RATIO,
                                AT + 1,
                                Evidence.of(
                                        Evidence.Rule.UNHEALTHY_RATIO, 0.5, 0.6666666666666666)));
    }

    private DomainDecision failuresDecision(DomainState state, int count) {
        DomainDecision decision = null;
        for (int i = 0; i < count; i++) {
            decision = rules.onConfigFailure(state, "a@d.io", "cf-" + i, AT, AT);
            state = decision.state();
        }
        return decision;
    }

    @Test
    void theSmallestFleetIsASetting() {
        DomainRules anySize = new DomainRules(with("domain.min-mailboxes", 1));
        DomainRules large = new DomainRules(with("domain.min-mailboxes", 10));

        assertThat(anySize.evaluate(counts(1, 1))).isEqualTo(Status.PAUSED);
        assertThat(large.evaluate(counts(9, 9))).isEqualTo(Status.HEALTHY);
        assertThat(large.evaluate(counts(10, 5))).isEqualTo(Status.PAUSED);
    }

    // ---- dormant mailboxes (domain.inactive-after)

    @Test
    void aMailboxFallsDormantThirtyToThirtyOneDaysAfterItsLastEvent() {
        long day = Duration.ofDays(1).toMillis();
        MailboxDriver mailbox = new MailboxDriver().sends(1);
        MailboxSummary member = MailboxSummary.of(mailbox.state(), 0, RuleSettings.DEFAULTS);

        // Known to the day: 2026-11-22T10:00Z is published as the start of its day.
        assertThat(member.lastEventAt()).isEqualTo(Math.floorDiv(AT, day) * day);
        long dormantAt = rules.dormantAt(member);
        assertThat(dormantAt).isBetween(AT + 30 * day, AT + 31 * day);
        assertThat(
                        MailboxSummary.of(
                                mailbox.advance(Duration.ofHours(1)).sends(1).state(),
                                0,
                                RuleSettings.DEFAULTS))
                .as("a later event the same day publishes nothing new")
                .isEqualTo(member);
        assertThat(
                        MailboxSummary.of(
                                        mailbox.advance(Duration.ofDays(1)).sends(1).state(),
                                        0,
                                        RuleSettings.DEFAULTS)
                                .lastEventAt())
                .isEqualTo(member.lastEventAt() + day);
    }

    @Test
    void aMemberThatKnowsNoLastEventIsActiveFromWhenItsDomainHearsOfIt() {
        long day = Duration.ofDays(1).toMillis();
        MailboxSummary unknown = new MailboxSummary(Status.PAUSED, false, 100, 0);

        MailboxSummary heard = rules.heardAt(unknown, AT);

        assertThat(heard.lastEventAt()).isEqualTo(Math.floorDiv(AT, day) * day);
        assertThat(rules.dormantAt(heard)).isGreaterThan(AT + 30 * day);
        assertThat(rules.heardAt(heard, AT + 5 * day)).isEqualTo(heard);
    }

    @Test
    void inactivityIsASetting() {
        DomainRules hourly = new DomainRules(with("domain.inactive-after", Duration.ofHours(1)));
        MailboxSummary member = new MailboxSummary(Status.HEALTHY, false, 0, AT);

        assertThat(hourly.dormantAt(member)).isEqualTo(AT + Duration.ofMinutes(62).toMillis());
    }

    @Test
    void transitionsOnlyWhenTheStatusChanges() {
        List<DomainCounts> inputs =
                List.of(
                        counts(3, 0),
                        counts(3, 1),
                        counts(3, 1),
                        counts(4, 1),
                        counts(4, 2),
                        counts(6, 3),
                        counts(5, 2),
                        counts(10, 3),
                        counts(10, 2));
        DomainState state = null;
        List<Transition> transitions = new ArrayList<>();
        for (DomainCounts input : inputs) {
            DomainDecision decision = rules.onCounts(state, input, AT);
            state = decision.state();
            assertThat(state.counts()).isEqualTo(input);
            decision.transition().ifPresent(transitions::add);
        }

        assertThat(transitions)
                .extracting(Transition::from, Transition::to, Transition::reason)
                .containsExactly(
                        tuple(Status.HEALTHY, Status.WARNING, Reason.UNHEALTHY_RATIO),
                        tuple(Status.WARNING, Status.HEALTHY, Reason.UNHEALTHY_RATIO),
                        tuple(Status.HEALTHY, Status.PAUSED, Reason.UNHEALTHY_RATIO),
                        tuple(Status.PAUSED, Status.WARNING, Reason.UNHEALTHY_RATIO),
                        tuple(Status.WARNING, Status.HEALTHY, Reason.UNHEALTHY_RATIO));
    }

    @Test
    void aDomainSeenForTheFirstTimeStartsHealthyWithoutATransition() {
        DomainDecision decision = rules.onCounts(null, counts(1, 0), AT);

        assertThat(decision.transition()).isEmpty();
        assertThat(decision.state().status()).isEqualTo(Status.HEALTHY);
        assertThat(decision.state().reason()).isNull();
    }

    @Test
    void theDomainUnpausesWhenTheRatioFalls() {
        DomainState paused = rules.onCounts(null, counts(10, 5), AT).state();

        DomainDecision decision = rules.onCounts(paused, counts(10, 1), AT + 1);

        assertThat(decision.transition())
                .contains(
                        new Transition(
                                Status.PAUSED,
                                Status.HEALTHY,
                                Reason.UNHEALTHY_RATIO,
                                AT + 1,
                                Evidence.of(Evidence.Rule.UNHEALTHY_RATIO, 0.3, 0.1)));
        assertThat(decision.state().blocksMailboxes()).isFalse();
    }

    @Test
    void anOperatorPauseHoldsAgainstAHealthyRatioUntilResume() {
        DomainState healthy = rules.onCounts(null, counts(10, 0), AT).state();

        DomainDecision pause = rules.onCommand(healthy, command(OperatorAction.PAUSE, AT + 1));
        assertThat(pause.transition())
                .contains(
                        new Transition(
                                Status.HEALTHY,
                                Status.PAUSED,
                                Reason.OPERATOR,
                                AT + 1,
                                Evidence.BY_OPERATOR));
        assertThat(pause.state().operatorPaused()).isTrue();
        assertThat(pause.state().blocksMailboxes()).isTrue();

        DomainDecision stillHealthy = rules.onCounts(pause.state(), counts(12, 1), AT + 2);
        assertThat(stillHealthy.transition()).isEmpty();
        assertThat(stillHealthy.state().status()).isEqualTo(Status.PAUSED);
        assertThat(stillHealthy.state().counts()).isEqualTo(counts(12, 1));

        DomainDecision resume =
                rules.onCommand(stillHealthy.state(), command(OperatorAction.RESUME, AT + 3));
        assertThat(resume.transition())
                .contains(
                        new Transition(
                                Status.PAUSED,
                                Status.HEALTHY,
                                Reason.OPERATOR,
                                AT + 3,
                                Evidence.BY_OPERATOR));
        assertThat(resume.state().operatorPaused()).isFalse();
    }

    @Test
    void resumeHandsTheDomainBackToItsRatio() {
        DomainState operatorPaused =
                rules.onCommand(
                                rules.onCounts(null, counts(10, 4), AT).state(),
                                command(OperatorAction.PAUSE, AT))
                        .state();
        DomainState stillBad = rules.onCounts(operatorPaused, counts(10, 6), AT).state();

        DomainDecision resume = rules.onCommand(stillBad, command(OperatorAction.RESUME, AT + 1));
        assertThat(resume.transition()).isEmpty();
        assertThat(resume.state().status()).isEqualTo(Status.PAUSED);
        assertThat(resume.state().operatorPaused()).isFalse();

        DomainDecision better = rules.onCounts(resume.state(), counts(10, 3), AT + 2);
        assertThat(better.transition())
                .contains(
                        new Transition(
                                Status.PAUSED,
                                Status.WARNING,
                                Reason.UNHEALTHY_RATIO,
                                AT + 2,
                                Evidence.of(Evidence.Rule.UNHEALTHY_RATIO, 0.3, 0.3)));
    }

    @Test
    void anOperatorPauseOfARatioPausedDomainKeepsItPausedAfterTheRatioFalls() {
        DomainState ratioPaused = rules.onCounts(null, counts(4, 2), AT).state();

        DomainDecision pause = rules.onCommand(ratioPaused, command(OperatorAction.PAUSE, AT + 1));
        assertThat(pause.transition()).isEmpty();
        assertThat(pause.state().operatorPaused()).isTrue();

        DomainDecision fallen = rules.onCounts(pause.state(), counts(4, 0), AT + 2);
        assertThat(fallen.transition()).isEmpty();
        assertThat(fallen.state().status()).isEqualTo(Status.PAUSED);
    }

    @Test
    void anOperatorCanPauseADomainNeverSeen() {
        DomainDecision pause = rules.onCommand(null, command(OperatorAction.PAUSE, AT));

        assertThat(pause.transition())
                .contains(
                        new Transition(
                                Status.HEALTHY,
                                Status.PAUSED,
                                Reason.OPERATOR,
                                AT,
                                Evidence.BY_OPERATOR));
        assertThat(pause.state().operatorPaused()).isTrue();
        assertThat(pause.state().counts()).isEqualTo(DomainCounts.EMPTY);
    }

    @Test
    void resetAndRemoveApplyToMailboxesOnly() {
        DomainState healthy = rules.onCounts(null, counts(2, 0), AT).state();

        assertThatThrownBy(() -> rules.onCommand(healthy, command(OperatorAction.RESET, AT)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rules.onCommand(healthy, command(OperatorAction.REMOVE, AT)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(OperatorAction.PAUSE.appliesToDomains()).isTrue();
        assertThat(OperatorAction.RESUME.appliesToDomains()).isTrue();
        assertThat(OperatorAction.RESET.appliesToDomains()).isFalse();
        assertThat(OperatorAction.REMOVE.appliesToDomains()).isFalse();
    }

    @Test
    void aCommandIdAlreadyAppliedChangesNothingAndTheDomainKeepsWhoAndWhy() {
        Command pause =
                new Command(
                        "op-p", "d.io", true, OperatorAction.PAUSE, "DNS change", "ops@d.io", AT);
        DomainState paused =
                rules.onCommand(rules.onCounts(null, counts(4, 0), AT).state(), pause).state();
        DomainState resumed =
                rules.onCommand(paused, command(OperatorAction.RESUME, AT + 1)).state();
        assertThat(paused.operator()).isEqualTo("ops@d.io");
        assertThat(paused.note()).isEqualTo("DNS change");

        DomainDecision retried = rules.onCommand(resumed, pause);

        assertThat(retried.state()).isEqualTo(resumed);
        assertThat(retried.transition()).isEmpty();
    }

    // ---- config failures (docs/rules.md §6)

    private static final long HOUR = 3_600_000L;

    private int failures;

    /** One config failure of {@code mailbox} at {@code at}, arriving then too. */
    private DomainDecision failure(DomainState state, String mailbox, long at) {
        return rules.onConfigFailure(state, mailbox, "b-" + (++failures), at, at);
    }

    /** {@code count} config failures, one a minute from {@code from}, across three mailboxes. */
    private DomainState failures(DomainState state, int count, long from) {
        for (int i = 0; i < count; i++) {
            state = failure(state, "m" + (i % 3) + "@d.io", from + i * 60_000L).state();
        }
        return state;
    }

    private DomainState healthyDomain() {
        return rules.onCounts(null, counts(5, 0), AT).state();
    }

    @ParameterizedTest(name = "{0} config failures within the hour -> {1}")
    @CsvSource({"1, HEALTHY", "2, HEALTHY", "3, WARNING", "9, WARNING", "10, PAUSED", "25, PAUSED"})
    void configFailuresWithinTheHourWarnAtThreeAndPauseAtTen(int count, Status status) {
        DomainState state = failures(healthyDomain(), count, AT);

        assertThat(state.status()).isEqualTo(status);
        assertThat(state.reason())
                .isEqualTo(status == Status.HEALTHY ? null : Reason.CONFIG_FAILURE);
        assertThat(state.configFailures().count()).isEqualTo(Math.min(count, 10));
        assertThat(state.blocksMailboxes()).isEqualTo(status == Status.PAUSED);
    }

    @Test
    void eachConfigThresholdIsOneTransitionWithReasonConfigFailure() {
        DomainState state = failures(healthyDomain(), 2, AT);

        DomainDecision third = failure(state, "m0@d.io", AT + 2 * 60_000L);
        assertThat(third.transition())
                .contains(
                        new Transition(
                                Status.HEALTHY,
                                Status.WARNING,
                                Reason.CONFIG_FAILURE,
                                AT + 2 * 60_000L,
                                Evidence.of(Evidence.Rule.CONFIG_FAILURE, 3, 3)));

        state = failures(third.state(), 6, AT + 3 * 60_000L);
        DomainDecision tenth = failure(state, "m1@d.io", AT + 9 * 60_000L);
        assertThat(tenth.transition())
                .contains(
                        new Transition(
                                Status.WARNING,
                                Status.PAUSED,
                                Reason.CONFIG_FAILURE,
                                AT + 9 * 60_000L,
                                Evidence.of(Evidence.Rule.CONFIG_FAILURE, 10, 10)));
        assertThat(failure(tenth.state(), "m2@d.io", AT + 10 * 60_000L).transition()).isEmpty();
    }

    @Test
    void failuresOlderThanAnHourBeforeTheNewestDoNotCount() {
        DomainState nine = failures(healthyDomain(), 9, AT);
        long lastOfNine = AT + 8 * 60_000L;

        DomainState justOutside = failure(nine, "m0@d.io", AT + HOUR).state();
        assertThat(justOutside.configFailures().count()).isEqualTo(9);
        assertThat(justOutside.status()).isEqualTo(Status.WARNING);

        DomainState stillInside = failure(nine, "m0@d.io", AT + HOUR - 1).state();
        assertThat(stillInside.configFailures().count()).isEqualTo(10);
        assertThat(stillInside.status()).isEqualTo(Status.PAUSED);

        DomainState allOld = failure(nine, "m0@d.io", lastOfNine + HOUR).state();
        assertThat(allOld.configFailures().count()).isEqualTo(1);
    }

    @Test
    void aLateFailureCountsAtItsOwnTimeAndOneFromTheFutureAtItsArrival() {
        DomainState nine = failures(healthyDomain(), 9, AT + HOUR);

        DomainDecision tooLate = rules.onConfigFailure(nine, "m0@d.io", "late", AT, AT + 2 * HOUR);
        assertThat(tooLate.state().configFailures().count()).isEqualTo(9);
        assertThat(tooLate.transition()).isEmpty();

        DomainDecision lateButInside =
                rules.onConfigFailure(nine, "m0@d.io", "late", AT + HOUR + 1, AT + 2 * HOUR);
        assertThat(lateButInside.state().status()).isEqualTo(Status.PAUSED);

        long arrival = AT + HOUR + 9 * 60_000L;
        DomainDecision future =
                rules.onConfigFailure(nine, "m0@d.io", "ahead", AT + 100 * HOUR, arrival);
        assertThat(future.state().configFailures().times()).endsWith(arrival);
        assertThat(future.state().status()).isEqualTo(Status.PAUSED);
    }

    @Test
    void theSameFailureTwiceCountsOnceButTheSameIdFromAnotherMailboxCountsAgain() {
        DomainState state = healthyDomain();
        state = rules.onConfigFailure(state, "a@d.io", "b-1", AT, AT).state();
        state = rules.onConfigFailure(state, "b@d.io", "b-1", AT, AT).state();

        DomainDecision repeat = rules.onConfigFailure(state, "a@d.io", "b-1", AT, AT + 5);

        assertThat(repeat.state()).isEqualTo(state);
        assertThat(state.configFailures().count()).isEqualTo(2);
    }

    @Test
    void aConfigPauseResumesOnceNoFailureCameForTheCooldown() {
        DomainState paused = failures(healthyDomain(), 10, AT);
        long lastArrival = AT + 9 * 60_000L;

        DomainDecision early = rules.onConfigCooldown(paused, lastArrival + HOUR - 1);
        assertThat(early.state()).isEqualTo(paused);
        assertThat(early.transition()).isEmpty();

        DomainDecision resumed = rules.onConfigCooldown(paused, lastArrival + HOUR);
        assertThat(resumed.transition())
                .contains(
                        new Transition(
                                Status.PAUSED,
                                Status.HEALTHY,
                                Reason.CONFIG_FAILURE,
                                lastArrival + HOUR,
                                Evidence.of(Evidence.Rule.CONFIG_COOLDOWN, 3600, 3600)));
        assertThat(resumed.state().configFailures()).isEqualTo(ConfigFailures.NONE);
        assertThat(rules.onConfigCooldown(resumed.state(), lastArrival + 2 * HOUR).state())
                .isEqualTo(resumed.state());
    }

    @Test
    void aNewFailureRestartsTheCooldownAndAConfigPauseDoesNotFallWithTheCount() {
        DomainState paused = failures(healthyDomain(), 10, AT);
        long later = AT + 3 * HOUR;

        DomainState oneInTheHour = failure(paused, "m0@d.io", later).state();
        assertThat(oneInTheHour.configFailures().count()).isEqualTo(1);
        assertThat(oneInTheHour.status()).isEqualTo(Status.PAUSED);

        assertThat(rules.onConfigCooldown(oneInTheHour, later + HOUR - 1).transition()).isEmpty();
        assertThat(rules.onConfigCooldown(oneInTheHour, later + HOUR).state().status())
                .isEqualTo(Status.HEALTHY);
    }

    @Test
    void aConfigWarningAlsoEndsWithTheCooldown() {
        DomainState warned = failures(healthyDomain(), 3, AT);
        assertThat(warned.status()).isEqualTo(Status.WARNING);

        DomainDecision ended = rules.onConfigCooldown(warned, AT + 2 * 60_000L + HOUR);

        assertThat(ended.transition())
                .contains(
                        new Transition(
                                Status.WARNING,
                                Status.HEALTHY,
                                Reason.CONFIG_FAILURE,
                                AT + 2 * 60_000L + HOUR,
                                Evidence.of(Evidence.Rule.CONFIG_COOLDOWN, 3600, 3600)));
    }

    @Test
    void anOperatorPauseWinsOverConfigFailuresAndItsResumeForgetsThem() {
        DomainState held =
                rules.onCommand(healthyDomain(), command(OperatorAction.PAUSE, AT)).state();

        DomainDecision tenth = failure(failures(held, 9, AT), "m0@d.io", AT + HOUR / 2);
        assertThat(tenth.transition()).isEmpty();
        assertThat(tenth.state().status()).isEqualTo(Status.PAUSED);
        assertThat(tenth.state().reason()).isEqualTo(Reason.OPERATOR);
        assertThat(tenth.state().configFailures().count()).isEqualTo(10);

        DomainDecision resume =
                rules.onCommand(tenth.state(), command(OperatorAction.RESUME, AT + HOUR / 2 + 1));
        assertThat(resume.transition())
                .contains(
                        new Transition(
                                Status.PAUSED,
                                Status.HEALTHY,
                                Reason.OPERATOR,
                                AT + HOUR / 2 + 1,
                                Evidence.BY_OPERATOR));
        assertThat(resume.state().configFailures()).isEqualTo(ConfigFailures.NONE);

        DomainDecision next = failure(resume.state(), "m1@d.io", AT + HOUR / 2 + 2);
        assertThat(next.state().status()).isEqualTo(Status.HEALTHY);
        assertThat(next.state().configFailures().count()).isEqualTo(1);
    }

    @Test
    void anOperatorPauseOfAConfigPausedDomainHoldsItThroughTheCooldown() {
        DomainState configPaused = failures(healthyDomain(), 10, AT);

        DomainDecision pause =
                rules.onCommand(configPaused, command(OperatorAction.PAUSE, AT + HOUR / 2));
        assertThat(pause.transition()).isEmpty();

        DomainDecision cooled = rules.onConfigCooldown(pause.state(), AT + 3 * HOUR);
        assertThat(cooled.transition()).isEmpty();
        assertThat(cooled.state().status()).isEqualTo(Status.PAUSED);
        assertThat(cooled.state().configFailures()).isEqualTo(ConfigFailures.NONE);
    }

    @Test
    void theMoreSevereRuleDecidesAndItsReasonNamesIt() {
        DomainState ratioWarned = rules.onCounts(null, counts(10, 3), AT).state();
        assertThat(ratioWarned.status()).isEqualTo(Status.WARNING);

        DomainState nine = failures(ratioWarned, 9, AT);
        assertThat(nine.status()).isEqualTo(Status.WARNING);
        assertThat(nine.reason()).isEqualTo(Reason.UNHEALTHY_RATIO);

        DomainDecision configPause = failure(nine, "m0@d.io", AT + HOUR / 2);
        assertThat(configPause.transition())
                .contains(
                        new Transition(
                                Status.WARNING,
                                Status.PAUSED,
                                Reason.CONFIG_FAILURE,
                                AT + HOUR / 2,
                                Evidence.of(Evidence.Rule.CONFIG_FAILURE, 10, 10)));

        DomainDecision ratioAlone =
                rules.onConfigCooldown(configPause.state(), AT + HOUR / 2 + HOUR);
        assertThat(ratioAlone.transition())
                .contains(
                        new Transition(
                                Status.PAUSED,
                                Status.WARNING,
                                Reason.UNHEALTHY_RATIO,
                                AT + HOUR / 2 + HOUR,
                                Evidence.of(Evidence.Rule.UNHEALTHY_RATIO, 0.3, 0.3)));
    }

    @Test
    void aConfigVerdictHoldsTheDomainWhileItsRatioFalls() {
        DomainState configWarned = failures(rules.onCounts(null, counts(10, 0), AT).state(), 3, AT);

        DomainDecision ratioPause = rules.onCounts(configWarned, counts(10, 5), AT + 1);
        assertThat(ratioPause.transition())
                .contains(
                        new Transition(
                                Status.WARNING,
                                Status.PAUSED,
                                Reason.UNHEALTHY_RATIO,
                                AT + 1,
                                Evidence.of(Evidence.Rule.UNHEALTHY_RATIO, 0.5, 0.5)));

        DomainDecision ratioFalls = rules.onCounts(ratioPause.state(), counts(10, 0), AT + 2);
        assertThat(ratioFalls.transition())
                .contains(
                        new Transition(
                                Status.PAUSED,
                                Status.WARNING,
                                Reason.CONFIG_FAILURE,
                                AT + 2,
                                Evidence.of(Evidence.Rule.CONFIG_FAILURE, 3, 3)));

        DomainState bothPaused =
                rules.onCounts(failures(ratioFalls.state(), 7, AT + 3), counts(10, 5), AT + 4)
                        .state();
        assertThat(bothPaused.status()).isEqualTo(Status.PAUSED);
        assertThat(rules.onConfigCooldown(bothPaused, AT + 10 * HOUR).transition()).isEmpty();
    }

    @Test
    void configSettingsMoveTheThresholdsAndTheCooldown() {
        RuleSettings d = RuleSettings.DEFAULTS;
        Map<String, Object> values = new HashMap<>();
        RuleSetting.ALL.forEach(setting -> values.put(setting.key(), setting.typedDefault()));
        values.put("domain.config-warning", 1);
        values.put("domain.config-pause", 2);
        values.put("domain.config-cooldown", Duration.ofMinutes(5));
        DomainRules strict = new DomainRules(RuleSettings.from(values));
        assertThat(d.domainConfigPause()).isEqualTo(10);

        DomainState one = strict.onConfigFailure(healthyDomain(), "a@d.io", "b-1", AT, AT).state();
        DomainState two = strict.onConfigFailure(one, "a@d.io", "b-2", AT, AT).state();

        assertThat(one.status()).isEqualTo(Status.WARNING);
        assertThat(two.status()).isEqualTo(Status.PAUSED);
        assertThat(two.configFailures().count()).isEqualTo(2);
        assertThat(strict.onConfigCooldown(two, AT + 300_000L).state().status())
                .isEqualTo(Status.HEALTHY);
    }
}
