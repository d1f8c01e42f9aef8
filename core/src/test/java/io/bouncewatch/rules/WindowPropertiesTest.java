package io.bouncewatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * docs/rules.md §1, §3, §8 and §9 as properties of arbitrary event histories of one mailbox: sends,
 * hard and soft bounces and complaints, every one with its own id, arriving in any timestamp order.
 */
class WindowPropertiesTest {

    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long MAX_SEND_UNITS =
            RuleSettings.DEFAULTS.windowMaxSends() * MailboxWindow.UNIT;
    private static final BigDecimal RETAIN =
            BigDecimal.valueOf(RuleSettings.DEFAULTS.windowRetainFraction());
    private static final BigDecimal UNIT = BigDecimal.valueOf(MailboxWindow.UNIT);

    private final MailboxRules rules = new MailboxRules(RuleSettings.DEFAULTS);

    enum Kind {
        SEND,
        HARD_BOUNCE,
        SOFT_BOUNCE,
        COMPLAINT
    }

    record Step(Kind kind, long offsetMillis) {}

    /** One event as the rules saw it: the state before (null for the first) and the decision. */
    record Played(MailboxEvent event, MailboxState before, MailboxDecision decision) {

        MailboxWindow windowBefore() {
            return before == null ? MailboxWindow.EMPTY : before.window();
        }

        MailboxWindow windowAfter() {
            return decision.state().window();
        }

        Status statusBefore() {
            return before == null ? Status.HEALTHY : before.status();
        }

        boolean slid() {
            return windowAfter().sends() < windowBefore().sends();
        }

        boolean countsABounce() {
            return event instanceof MailboxEvent.Bounce bounce && bounce.type() == BounceType.HARD;
        }
    }

    @Provide
    Arbitrary<List<MailboxEvent>> histories() {
        return Arbitraries.integers()
                .between(2, 80)
                .flatMap(
                        sendWeight -> {
                            Arbitrary<Kind> kinds =
                                    Arbitraries.frequency(
                                            List.of(
                                                    Tuple.of(sendWeight, Kind.SEND),
                                                            Tuple.of(3, Kind.HARD_BOUNCE),
                                                    Tuple.of(1, Kind.SOFT_BOUNCE),
                                                            Tuple.of(1, Kind.COMPLAINT)));
                            Arbitrary<Long> offsets =
                                    Arbitraries.longs().between(-3 * DAY, 3 * DAY);
                            return Combinators.combine(kinds, offsets)
                                    .as(Step::new)
                                    .list()
                                    .ofMaxSize(1000);
                        })
                .map(WindowPropertiesTest::events);
    }

    private static List<MailboxEvent> events(List<Step> steps) {
        List<MailboxEvent> events = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            String id = "e-" + i;
            long at = MailboxDriver.START + steps.get(i).offsetMillis();
            events.add(
                    switch (steps.get(i).kind()) {
                        case SEND -> new MailboxEvent.Send(id, MailboxDriver.MAILBOX, at);
                        case HARD_BOUNCE ->
                                new MailboxEvent.Bounce(
                                        id, MailboxDriver.MAILBOX, at, BounceType.HARD);
                        case SOFT_BOUNCE ->
                                new MailboxEvent.Bounce(
                                        id, MailboxDriver.MAILBOX, at, BounceType.SOFT);
                        case COMPLAINT -> new MailboxEvent.Complaint(id, MailboxDriver.MAILBOX, at);
                    });
        }
        return events;
    }

    private List<Played> play(List<MailboxEvent> events) {
        List<Played> played = new ArrayList<>();
        MailboxState state = null;
        long now = MailboxDriver.START;
        for (MailboxEvent event : events) {
            MailboxDecision decision = rules.onEvent(state, event, now);
            played.add(new Played(event, state, decision));
            state = decision.state();
            now += 1_000;
        }
        return played;
    }

    @Property(tries = 300)
    void everyEventIsCountedOnceAndTheWindowStaysInBounds(
            @ForAll("histories") List<MailboxEvent> events) {
        for (Played p : play(events)) {
            MailboxWindow w = p.windowAfter();
            assertThat(p.decision().counted()).isTrue();
            assertThat(w.sends()).isNotNegative().isLessThan(MAX_SEND_UNITS);
            assertThat(w.bounces()).isNotNegative();
            assertThat(w.complaints()).isNotNegative();
        }
    }

    @Property(tries = 300)
    void lifetimeTotalsCountEveryEventOfTheirKindAndNeverSlide(
            @ForAll("histories") List<MailboxEvent> events) {
        long sends = 0;
        long bounces = 0;
        long complaints = 0;
        long latest = 0;
        for (Played p : play(events)) {
            sends += p.event() instanceof MailboxEvent.Send ? 1 : 0;
            bounces += p.event() instanceof MailboxEvent.Bounce ? 1 : 0;
            complaints += p.event() instanceof MailboxEvent.Complaint ? 1 : 0;
            latest = Math.max(latest, p.event().timestamp());
            MailboxState state = p.decision().state();
            assertThat(state.totalSends()).isEqualTo(sends);
            assertThat(state.totalBounces()).isEqualTo(bounces);
            assertThat(state.totalComplaints()).isEqualTo(complaints);
            assertThat(state.lastEventAt()).isEqualTo(latest);
        }
    }

    @Property(tries = 300)
    void theWindowIsTheExactHalvedHistoryToTheMillionth(
            @ForAll("histories") List<MailboxEvent> events) {
        BigDecimal sends = BigDecimal.ZERO;
        BigDecimal bounces = BigDecimal.ZERO;
        BigDecimal complaints = BigDecimal.ZERO;
        for (Played p : play(events)) {
            if (p.event() instanceof MailboxEvent.Send) {
                sends = sends.add(UNIT);
            } else if (p.countsABounce()) {
                bounces = bounces.add(UNIT);
            } else if (p.event() instanceof MailboxEvent.Complaint) {
                complaints = complaints.add(UNIT);
            }
            if (sends.compareTo(BigDecimal.valueOf(MAX_SEND_UNITS)) >= 0) {
                sends = sends.multiply(RETAIN);
                bounces = bounces.multiply(RETAIN);
                complaints = complaints.multiply(RETAIN);
            }
            MailboxWindow w = p.windowAfter();
            assertThat(w.sends()).isEqualTo(sends.longValueExact());
            assertThat(w.bounces())
                    .isEqualTo(bounces.setScale(0, RoundingMode.FLOOR).longValueExact());
            assertThat(w.complaints())
                    .isEqualTo(complaints.setScale(0, RoundingMode.FLOOR).longValueExact());
        }
    }

    @Property(tries = 300)
    void aSlideKeepsHistoryHalvedAndNeverLosesItFaster(
            @ForAll("histories") List<MailboxEvent> events) {
        List<Played> played = play(events);
        long endBounces =
                played.isEmpty() ? 0 : played.get(played.size() - 1).windowAfter().bounces();
        int slidesSince = 0;
        boolean bouncesSince = false;
        for (int i = played.size() - 1; i >= 0; i--) {
            Played p = played.get(i);
            long then = p.windowAfter().bounces();
            long halved = slidesSince >= Long.SIZE - 1 ? 0 : then >> slidesSince;
            if (bouncesSince) {
                assertThat(endBounces)
                        .as("after event %d and %d slides", i, slidesSince)
                        .isGreaterThanOrEqualTo(halved);
            } else {
                assertThat(endBounces)
                        .as("after event %d and %d slides", i, slidesSince)
                        .isEqualTo(halved);
            }
            if (p.slid()) {
                assertThat(p.windowAfter().bounces()).isEqualTo(p.windowBefore().bounces() / 2);
                assertThat(p.windowAfter().complaints())
                        .isEqualTo(p.windowBefore().complaints() / 2);
                assertThat(p.windowAfter().sends()).isEqualTo(MAX_SEND_UNITS / 2);
                slidesSince++;
            }
            bouncesSince |= p.countsABounce();
        }
    }

    @Property(tries = 300)
    void theStatusIsTheVerdictOrAPendingRecoveryUntilAPauseWhichSticks(
            @ForAll("histories") List<MailboxEvent> events) {
        boolean paused = false;
        for (Played p : play(events)) {
            MailboxState state = p.decision().state();
            Verdict verdict = rules.evaluate(state.window(), rules.hasVolume(state));
            if (paused) {
                assertThat(state.status()).isEqualTo(Status.PAUSED);
            } else if (verdict.status() == Status.HEALTHY && state.recovering()) {
                assertThat(state.status()).isEqualTo(Status.WARNING);
            } else {
                assertThat(state.status()).isEqualTo(verdict.status());
            }
            paused |= state.status() == Status.PAUSED;

            if (state.status() == p.statusBefore()) {
                assertThat(p.decision().transition()).isEmpty();
            } else {
                Reason reason =
                        state.status() == Status.HEALTHY ? Reason.RECOVERED : verdict.reason();
                Transition t = p.decision().transition().orElseThrow();
                assertThat(t)
                        .extracting(
                                Transition::from,
                                Transition::to,
                                Transition::reason,
                                Transition::at)
                        .containsExactly(
                                p.statusBefore(), state.status(), reason, p.event().timestamp());
                // A rule's change carries what the verdict measured; a recovery what ended it.
                // A rule fires at or above its threshold; a warning ends below the threshold of the
                // rule that held it, or once the mailbox's sends reach the minimum volume.
                Evidence e = t.evidence();
                if (state.status() == Status.HEALTHY) {
                    assertThat(e.rule())
                            .isIn(
                                    Evidence.Rule.RECOVERY_RATE,
                                    Evidence.Rule.MIN_SENDS,
                                    Evidence.Rule.COMPLAINTS);
                    if (e.rule() == Evidence.Rule.MIN_SENDS) {
                        assertThat(e.value()).isGreaterThanOrEqualTo(e.threshold());
                    } else {
                        assertThat(e.value()).isLessThan(e.threshold());
                    }
                } else {
                    assertThat(e).isEqualTo(verdict.evidence());
                    assertThat(e.value()).isGreaterThanOrEqualTo(e.threshold());
                }
                assertThat(state.reason()).isEqualTo(reason);
            }
        }
    }

    @Property(tries = 300)
    void replayingAnyEventWithinItsWindowChangesNothingWhateverCameBetween(
            @ForAll("histories") List<MailboxEvent> events) {
        List<Played> played = play(events);
        if (played.isEmpty()) {
            return;
        }
        MailboxState end = played.get(played.size() - 1).decision().state();
        // play() dates the events a second apart from START: all within the hour of the sends.
        long now = MailboxDriver.START + events.size() * 1_000L;

        for (MailboxEvent replay : events) {
            MailboxDecision decision = rules.onEvent(end, replay, now);
            assertThat(decision.counted()).as("replay of %s", replay.eventId()).isFalse();
            assertThat(decision.transition()).isEmpty();
            assertThat(decision.state()).isEqualTo(end);
        }
    }

    @Property(tries = 100)
    void aSendReplayedAfterItsHourCountsAgainWhileABounceWithinItsWeekDoesNot(
            @ForAll("histories") List<MailboxEvent> events) {
        List<Played> played = play(events);
        if (played.isEmpty()) {
            return;
        }
        MailboxState end = played.get(played.size() - 1).decision().state();
        long now = MailboxDriver.START + events.size() * 1_000L + Duration.ofHours(1).toMillis();

        for (MailboxEvent replay : events) {
            assertThat(rules.onEvent(end, replay, now).counted())
                    .as("replay of %s an hour later", replay.eventId())
                    .isEqualTo(replay instanceof MailboxEvent.Send);
        }
    }
}
