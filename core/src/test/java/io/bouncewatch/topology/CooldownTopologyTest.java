package io.bouncewatch.topology;

import static io.bouncewatch.topology.TopologyHarness.START;
import static io.bouncewatch.topology.TopologyHarness.changes;
import static io.bouncewatch.topology.TopologyHarness.healths;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bouncewatch.rules.MailboxState;
import io.bouncewatch.rules.Status;
import io.bouncewatch.topology.TopologyHarness.Keyed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cooldown expiry, probation and escalation through the wall-clock punctuator, driven only by
 * {@code advanceWallClockTime}. Each mailbox shares its domain with healthy ones, so the domain
 * stays below its thresholds and never blocks it.
 */
class CooldownTopologyTest {

    private static final String MAILBOX = "paused@cool.io";
    private static final Duration DAY = Duration.ofHours(24);

    private TopologyHarness h;

    /** The topology's settings; a subclass runs the same tests with others. */
    protected TopologySettings settings() {
        return TopologySettings.defaults();
    }

    @BeforeEach
    void start() {
        h = new TopologyHarness(settings());
        for (int i = 1; i <= 4; i++) {
            h.send("healthy" + i + "@cool.io");
        }
    }

    @AfterEach
    void stop() {
        h.close();
    }

    /**
     * 66 sends then 2 bounces: 3.03% at volume pauses; slid once it is 33 / 1, clean enough to
     * heal.
     */
    private String pauseAtRate() {
        h.sends(MAILBOX, 66);
        h.bounce(MAILBOX);
        String cause = h.bounce(MAILBOX);
        h.discardOutputs();
        return cause;
    }

    @Test
    void pauseAtRateSetsACooldownOfTwentyFourHours() {
        h.sends(MAILBOX, 66);
        h.bounce(MAILBOX);
        String cause = h.bounce(MAILBOX);

        List<JsonNode> changes = h.mailboxChanges();
        assertThat(changes(changes))
                .containsExactly(
                        MAILBOX + " HEALTHY->PAUSED BOUNCE_RATE window=66/2 cause=" + cause);
        assertThat(changes.get(0).get("cooldownUntil").asText())
                .isEqualTo(START.plus(DAY).toString());
        assertThat(h.entries(MonitorTopology.COOLDOWN_STORE)).isEqualTo(1);
    }

    @Test
    void pausedMailboxDoesNotResumeBeforeTwentyFourHours() {
        pauseAtRate();

        h.advance(Duration.ofHours(23).plusMinutes(59));

        assertThat(h.statusChangeRecords()).isEmpty();
        assertThat(h.mailboxStatusKeyed()).isEmpty();
        assertThat(h.mailboxState(MAILBOX).status().name()).isEqualTo("PAUSED");
    }

    @Test
    void pausedMailboxResumesOnProbationWhenItsCooldownExpires() {
        pauseAtRate();
        h.advance(Duration.ofHours(23).plusMinutes(59));

        h.advance(Duration.ofMinutes(1));

        List<JsonNode> changes = h.mailboxChanges();
        assertThat(changes(changes))
                .containsExactly(
                        MAILBOX + " PAUSED->WARNING COOLDOWN_EXPIRED window=33/1 cause=null");
        assertThat(changes.get(0).get("causeEventId").isNull()).isTrue();
        assertThat(changes.get(0).get("cooldownUntil").isNull()).isTrue();
        assertThat(changes.get(0).get("at").asText()).isEqualTo(START.plus(DAY).toString());
        List<Keyed> status = h.mailboxStatusKeyed();
        assertThat(healths(status))
                .containsExactly(
                        MAILBOX + " WARNING COOLDOWN_EXPIRED window=33/1 totals=66/2 allowed");
        assertThat(status.get(0).value().get("probationSendsRemaining").asInt()).isEqualTo(60);
        assertThat(status.get(0).value().get("cooldownUntil").isNull()).isTrue();
        assertThat(h.entries(MonitorTopology.COOLDOWN_STORE)).isZero();
    }

    @Test
    void aMailboxWhoseCooldownIndexEntryWasLostResumesAtItsNextEvent() {
        pauseAtRate();
        // What a crash under at-least-once could leave: the state still PAUSED, its index entry
        // gone.
        KeyValueStore<Bytes, byte[]> index = h.store(MonitorTopology.COOLDOWN_STORE);
        long until = h.mailboxState(MAILBOX).cooldownUntil();
        index.delete(MailboxProcessor.cooldownKey(until, MailboxStoreKey.of(MAILBOX)));
        h.advance(DAY.plusHours(1));
        assertThat(h.statusChangeRecords()).as("nothing looks at the mailbox any more").isEmpty();
        assertThat(h.mailboxState(MAILBOX).status()).isEqualTo(Status.PAUSED);

        String send = h.send(MAILBOX);

        assertThat(changes(h.mailboxChanges()))
                .containsExactly(
                        MAILBOX + " PAUSED->WARNING COOLDOWN_EXPIRED window=33/1 cause=null");
        MailboxState state = h.mailboxState(MAILBOX);
        assertThat(state.status()).isEqualTo(Status.WARNING);
        assertThat(state.window().sendCount())
                .as("resumed first, then the send %s counted", send)
                .isEqualTo(34.0);
        assertThat(state.coolingDown()).isFalse();
        assertThat(h.entries(MonitorTopology.COOLDOWN_STORE)).isZero();
    }

    @Test
    void cooldownExpiresOnlyOnce() {
        pauseAtRate();
        h.advance(DAY);
        h.mailboxChanges();

        h.advance(DAY);
        h.advance(Duration.ofDays(10));

        assertThat(h.statusChangeRecords()).isEmpty();
    }

    @Test
    void sixtyCleanSendsAfterTheCooldownRecover() {
        pauseAtRate();
        h.advance(DAY);
        h.discardOutputs();

        h.sends(MAILBOX, 59);
        assertThat(h.mailboxChanges()).isEmpty();
        assertThat(h.mailboxState(MAILBOX).probationSends()).isEqualTo(1);
        String sixtieth = h.send(MAILBOX);

        assertThat(changes(h.mailboxChanges()))
                .containsExactly(
                        MAILBOX + " WARNING->HEALTHY RECOVERED window=93/1 cause=" + sixtieth);
    }

    @Test
    void secondPauseWithinSevenDaysOfTheResumeDoublesTheCooldown() {
        pauseAtRate();
        h.advance(DAY);
        h.discardOutputs();

        h.bounces(MAILBOX, 3);
        String fourth = h.bounce(MAILBOX);

        List<JsonNode> changes = h.mailboxChanges();
        assertThat(changes(changes))
                .containsExactly(
                        MAILBOX + " WARNING->PAUSED BOUNCE_COUNT window=33/5 cause=" + fourth);
        assertThat(changes.get(0).get("cooldownUntil").asText())
                .isEqualTo(START.plus(DAY).plus(Duration.ofHours(48)).toString());
    }

    @Test
    void escalatedCooldownExpiresAfterFortyEightHoursNotBefore() {
        pauseAtRate();
        h.advance(DAY);
        h.bounces(MAILBOX, 4);
        h.discardOutputs();

        h.advance(Duration.ofHours(47).plusMinutes(59));
        assertThat(h.statusChangeRecords()).isEmpty();
        h.advance(Duration.ofMinutes(1));

        assertThat(changes(h.mailboxChanges()))
                .containsExactly(
                        MAILBOX + " PAUSED->WARNING COOLDOWN_EXPIRED window=16.5/2.5 cause=null");
    }

    @Test
    void cooldownDoublesOnEveryQuickRepeatUpToSevenDays() {
        h.bounces(MAILBOX, 5);
        List<Long> cooldownHours = new ArrayList<>();
        for (int pause = 0; pause < 5; pause++) {
            long until = h.mailboxState(MAILBOX).cooldownUntil();
            long pausedAt = START.plusMillis(elapsedMillis()).toEpochMilli();
            cooldownHours.add(Duration.ofMillis(until - pausedAt).toHours());
            h.advance(Duration.ofMillis(until - pausedAt));
            assertThat(h.mailboxState(MAILBOX).status().name()).isEqualTo("WARNING");
            h.bounces(MAILBOX, 5);
        }

        assertThat(cooldownHours).containsExactly(24L, 48L, 96L, 168L, 168L);
    }

    @Test
    void pauseLongerThanSevenDaysAfterTheResumeStartsOverAtTwentyFourHours() {
        pauseAtRate();
        h.advance(DAY);
        h.advance(Duration.ofDays(7).plusMinutes(1));
        h.discardOutputs();

        h.bounces(MAILBOX, 4);

        List<JsonNode> changes = h.mailboxChanges();
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).get("cooldownUntil").asText())
                .isEqualTo(START.plus(Duration.ofDays(9).plusMinutes(1)).toString());
    }

    @Test
    void mailboxesResumeInTheOrderTheirCooldownsExpire() {
        h.bounces("first@cool.io", 5);
        h.advance(Duration.ofHours(12));
        h.bounces("second@cool.io", 5);
        h.discardOutputs();

        h.advance(Duration.ofHours(12));
        assertThat(changes(h.mailboxChanges()))
                .containsExactly(
                        "first@cool.io PAUSED->WARNING COOLDOWN_EXPIRED window=0/2.5 cause=null");
        h.advance(Duration.ofHours(11));
        assertThat(h.mailboxChanges()).isEmpty();
        h.advance(Duration.ofHours(1));
        assertThat(changes(h.mailboxChanges()))
                .containsExactly(
                        "second@cool.io PAUSED->WARNING COOLDOWN_EXPIRED window=0/2.5 cause=null");
    }

    @Test
    void mailboxesPausedAtTheSameInstantAllResume() {
        h.bounces("first@cool.io", 5);
        h.bounces("second@cool.io", 5);
        h.bounces("third@cool.io", 5);
        assertThat(h.entries(MonitorTopology.COOLDOWN_STORE)).isEqualTo(3);
        h.discardOutputs();

        h.advance(DAY);

        assertThat(changes(h.mailboxChanges()))
                .containsExactlyInAnyOrder(
                        "first@cool.io PAUSED->WARNING COOLDOWN_EXPIRED window=0/2.5 cause=null",
                        "second@cool.io PAUSED->WARNING COOLDOWN_EXPIRED window=0/2.5 cause=null",
                        "third@cool.io PAUSED->WARNING COOLDOWN_EXPIRED window=0/2.5 cause=null");
        assertThat(h.entries(MonitorTopology.COOLDOWN_STORE)).isZero();
    }

    @Test
    void operatorPausedMailboxNeverResumesOnItsOwn() {
        h.sends(MAILBOX, 10);
        String command = h.mailboxCommand(MAILBOX, "PAUSE");

        assertThat(changes(h.mailboxChanges()))
                .containsExactly(
                        MAILBOX + " HEALTHY->PAUSED OPERATOR window=10/0 cause=" + command);
        assertThat(h.entries(MonitorTopology.COOLDOWN_STORE)).isZero();
        h.discardOutputs();

        h.advance(Duration.ofDays(30));

        assertThat(h.statusChangeRecords()).isEmpty();
        assertThat(h.mailboxState(MAILBOX).status().name()).isEqualTo("PAUSED");
    }

    @Test
    void operatorPauseOfARulePausedMailboxCancelsItsCooldown() {
        pauseAtRate();
        assertThat(h.entries(MonitorTopology.COOLDOWN_STORE)).isEqualTo(1);

        h.mailboxCommand(MAILBOX, "PAUSE");
        assertThat(h.entries(MonitorTopology.COOLDOWN_STORE)).isZero();
        h.advance(Duration.ofDays(3));

        assertThat(h.statusChangeRecords()).isEmpty();
        List<Keyed> status = h.mailboxStatusKeyed();
        assertThat(status).hasSize(1);
        assertThat(status.get(0).value().get("cooldownUntil").isNull()).isTrue();
    }

    @Test
    void removedMailboxLeavesNoCooldownBehind() {
        pauseAtRate();
        assertThat(h.entries(MonitorTopology.COOLDOWN_STORE)).isEqualTo(1);

        h.mailboxCommand(MAILBOX, "REMOVE");

        assertThat(h.entries(MonitorTopology.COOLDOWN_STORE)).isZero();
        h.discardOutputs();
        h.advance(Duration.ofDays(2));
        assertThat(h.statusChangeRecords()).isEmpty();
        assertThat(h.mailboxStatusKeyed()).isEmpty();
        assertThat(h.mailboxState(MAILBOX)).isNull();
    }

    @Test
    void resetMailboxLeavesNoCooldownBehind() {
        pauseAtRate();

        h.mailboxCommand(MAILBOX, "RESET");

        assertThat(h.entries(MonitorTopology.COOLDOWN_STORE)).isZero();
        h.discardOutputs();
        h.advance(Duration.ofDays(2));
        assertThat(h.statusChangeRecords()).isEmpty();
    }

    private long elapsedMillis() {
        return Duration.between(START, h.eventTime()).toMillis();
    }
}
