package io.bouncewatch.topology;

import static io.bouncewatch.topology.TopologyHarness.START;
import static io.bouncewatch.topology.TopologyHarness.changes;
import static io.bouncewatch.topology.TopologyHarness.health;
import static io.bouncewatch.topology.TopologyHarness.healths;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bouncewatch.topology.TopologyHarness.Keyed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * The mailbox rules end to end through the topology: raw JSON in, status changes and mailbox health
 * out. Each example of docs/rules.md §3 appears here by name.
 *
 * <p>One driver serves the whole class (a driver costs more than most tests' records) and its wall
 * clock never moves here: each test has a domain of its own (so domain blocks stay apart too) and
 * drops earlier output first, so no test depends on another or on an empty store.
 */
class MailboxFlowTest extends SharedDriverTest {

    private static final String PAUSE_EXPIRY = "2026-11-23T10:00:00Z";
    private static final String MAILBOX_REKEY = "mailbox-rekey-repartition";

    // ---- seed examples

    @Test
    void fourSendsAndOneBounceStayHealthyBelowMinimumVolume() {
        h.sends("four@seed1.io", 4);
        h.bounce("four@seed1.io");

        assertThat(h.mailboxChanges()).isEmpty();
        List<Keyed> status = h.mailboxStatusKeyed();
        assertThat(health(last(status)))
                .isEqualTo("four@seed1.io HEALTHY null window=4/1 totals=4/1 allowed");
        assertThat(last(status).value().get("bounceRate").asDouble()).isEqualTo(0.25);
    }

    @Test
    void eightySendsAndThreeBouncesPause() {
        h.sends("eighty@seed2.io", 80);
        h.bounce("eighty@seed2.io");
        String second = h.bounce("eighty@seed2.io");
        String third = h.bounce("eighty@seed2.io");

        List<JsonNode> changes = h.mailboxChanges();
        assertThat(changes(changes))
                .containsExactly(
                        "eighty@seed2.io HEALTHY->WARNING BOUNCE_RATE window=80/2 cause=" + second,
                        "eighty@seed2.io WARNING->PAUSED BOUNCE_RATE window=80/3 cause=" + third);
        assertThat(changes.get(1).get("bounceRate").asDouble()).isEqualTo(0.0375);
        assertThat(changes.get(1).get("cooldownUntil").asText()).isEqualTo(PAUSE_EXPIRY);
        assertThat(changes.get(1).get("at").asText()).isEqualTo(START.toString());
        assertThat(changes.get(0).get("cooldownUntil").isNull()).isTrue();
    }

    @Test
    void threeBouncesWithinTheFirstSixtySendsWarn() {
        h.sends("early@seed3.io", 59);
        h.bounce("early@seed3.io");
        h.bounce("early@seed3.io");
        String third = h.bounce("early@seed3.io");

        assertThat(changes(h.mailboxChanges()))
                .containsExactly(
                        "early@seed3.io HEALTHY->WARNING EARLY_WARNING window=59/3 cause=" + third);
    }

    @Test
    void earlyWarningBecomesARatePauseWhenTheMailboxReachesMinimumVolume() {
        h.sends("early@seed4.io", 59);
        h.bounces("early@seed4.io", 3);
        h.mailboxChanges();

        String sixtieth = h.send("early@seed4.io");

        assertThat(changes(h.mailboxChanges()))
                .containsExactly(
                        "early@seed4.io WARNING->PAUSED BOUNCE_RATE window=60/3 cause=" + sixtieth);
    }

    @Test
    void pausesAtFiveBouncesRegardlessOfVolume() {
        h.sends("five@seed5.io", 40);
        h.bounce("five@seed5.io");
        h.bounce("five@seed5.io");
        String third = h.bounce("five@seed5.io");
        h.bounce("five@seed5.io");
        String fifth = h.bounce("five@seed5.io");

        assertThat(changes(h.mailboxChanges()))
                .containsExactly(
                        "five@seed5.io HEALTHY->WARNING EARLY_WARNING window=40/3 cause=" + third,
                        "five@seed5.io WARNING->PAUSED BOUNCE_COUNT window=40/5 cause=" + fifth);
    }

    @Test
    void hundredSendsWithSixBouncesSlideToFiftyAndThree() {
        h.sends("slide@seed6.io", 99);
        h.bounces("slide@seed6.io", 6);
        h.mailboxStatusKeyed();

        h.send("slide@seed6.io");

        List<Keyed> status = h.mailboxStatusKeyed();
        // The only mailbox of seed6.io: too few for its domain's ratio, it is blocked by itself.
        assertThat(healths(status))
                .containsExactly(
                        "slide@seed6.io PAUSED BOUNCE_RATE window=50/3 totals=100/6 blocked-by-MAILBOX");
    }

    @Test
    void windowSlideIsVisibleInMailboxStatusAsTheLimitIsReached() {
        h.sends("slide@seed7.io", 98);
        h.bounce("slide@seed7.io");
        h.mailboxStatusKeyed();

        h.send("slide@seed7.io");
        h.send("slide@seed7.io");
        h.send("slide@seed7.io");

        assertThat(healths(h.mailboxStatusKeyed()))
                .containsExactly(
                        "slide@seed7.io HEALTHY null window=99/1 totals=99/1 allowed",
                        "slide@seed7.io HEALTHY null window=50/0.5 totals=100/1 allowed",
                        "slide@seed7.io HEALTHY null window=51/0.5 totals=101/1 allowed");
    }

    @Test
    void hundredSendsWithFiveBouncesSlideToFiftyAndTwoAndAHalf() {
        for (int i = 0; i < 5; i++) {
            h.bounce("half@seed8.io");
            h.sends("half@seed8.io", 20);
        }

        JsonNode latest = last(h.mailboxStatusKeyed()).value();
        assertThat(latest.get("windowSends").asDouble()).isEqualTo(50);
        assertThat(latest.get("windowBounces").asDouble()).isEqualTo(2.5);
        assertThat(latest.get("totalSends").asLong()).isEqualTo(100);
        assertThat(latest.get("totalBounces").asLong()).isEqualTo(5);
    }

    /**
     * The slide to 50 / 1 keeps the rate and the mailbox's volume: it stays WARNING until 100 sends
     * in a row have left its rate under 1.5%, the first of them the 17th after the slide (1 / 67).
     */
    @Test
    void aSlideNeverEndsARateWarningOnlyARecoveryDoes() {
        h.sends("rate@acme9.io", 80);
        h.bounce("rate@acme9.io");
        String second = h.bounce("rate@acme9.io");
        h.sends("rate@acme9.io", 20);
        h.sends("rate@acme9.io", 115);
        assertThat(changes(h.mailboxChanges()))
                .containsExactly(
                        "rate@acme9.io HEALTHY->WARNING BOUNCE_RATE window=80/2 cause=" + second);

        String recovered = h.send("rate@acme9.io");

        assertThat(changes(h.mailboxChanges()))
                .containsExactly(
                        "rate@acme9.io WARNING->HEALTHY RECOVERED window=66/0.25 cause="
                                + recovered);
    }

    // ---- complaints

    @Test
    void complaintAsTheFirstEventOfAMailboxIsItsFirstChange() {
        String complaint = h.complaint("spam@acme10.io");

        List<JsonNode> changes = h.mailboxChanges();
        assertThat(changes(changes))
                .containsExactly(
                        "spam@acme10.io HEALTHY->WARNING COMPLAINTS window=0/0 cause=" + complaint);
        assertThat(changes.get(0).get("windowComplaints").asInt()).isEqualTo(1);
    }

    @Test
    void twoComplaintsInTheWindowPause() {
        h.sends("spam@acme11.io", 10);
        h.complaint("spam@acme11.io");
        String second = h.complaint("spam@acme11.io");

        List<JsonNode> changes = h.mailboxChanges();
        assertThat(changes(changes))
                .endsWith("spam@acme11.io WARNING->PAUSED COMPLAINTS window=10/0 cause=" + second);
        assertThat(changes).hasSize(2);
    }

    @Test
    void complaintPauseBeatsABounceWarning() {
        h.sends("mixed@acme12.io", 10);
        h.bounces("mixed@acme12.io", 2);
        String third = h.bounce("mixed@acme12.io");
        h.complaint("mixed@acme12.io");
        String second = h.complaint("mixed@acme12.io");

        assertThat(changes(h.mailboxChanges()))
                .containsExactly(
                        "mixed@acme12.io HEALTHY->WARNING EARLY_WARNING window=10/3 cause=" + third,
                        "mixed@acme12.io WARNING->PAUSED COMPLAINTS window=10/3 cause=" + second);
    }

    // ---- one event per transition

    @Test
    void emitsExactlyOneStatusChangePerTransitionAndNoneForRepeats() {
        h.sends("steady@acme13.io", 10);
        h.bounces("steady@acme13.io", 2);
        String third = h.bounce("steady@acme13.io");
        h.bounce("steady@acme13.io");
        h.sends("steady@acme13.io", 10);
        String fifth = h.bounce("steady@acme13.io");
        h.bounces("steady@acme13.io", 3);
        h.sends("steady@acme13.io", 20);

        assertThat(changes(h.mailboxChanges()))
                .containsExactly(
                        "steady@acme13.io HEALTHY->WARNING EARLY_WARNING window=10/3 cause="
                                + third,
                        "steady@acme13.io WARNING->PAUSED BOUNCE_COUNT window=20/5 cause=" + fifth);
    }

    @Test
    void eachChangeCarriesWhatItsRuleMeasured() {
        h.sends("measured@acme13.io", 10);
        h.bounces("measured@acme13.io", 5);
        h.sends("measured@acme13.io", 90);
        h.mailboxCommand("measured@acme13.io", "RESUME");

        assertThat(h.mailboxChanges())
                .extracting(c -> c.get("reason").asText() + " " + c.get("evidence"))
                .containsExactly(
                        "EARLY_WARNING {\"rule\":\"EARLY_WARNING\",\"threshold\":3,\"value\":3}",
                        "BOUNCE_COUNT {\"rule\":\"BOUNCE_COUNT\",\"threshold\":5,\"value\":5}",
                        "OPERATOR {\"rule\":\"OPERATOR\",\"threshold\":null,\"value\":null}");
    }

    @Test
    void mailboxSeenForTheFirstTimeStartsHealthyWithoutAStatusChange() {
        h.send("new@acme14.io");

        assertThat(h.statusChangeRecords()).isEmpty();
        assertThat(healths(h.mailboxStatusKeyed()))
                .containsExactly("new@acme14.io HEALTHY null window=1/0 totals=1/0 allowed");
    }

    @Test
    void statusChangesAreKeyedByTheMailbox() {
        h.sends("keyed@acme15.io", 10);
        h.bounces("keyed@acme15.io", 3);

        List<Keyed> records = h.statusChangeRecords();
        List<Keyed> mailboxRecords =
                records.stream()
                        .filter(r -> r.value().get("entity").asText().equals("MAILBOX"))
                        .toList();
        assertThat(mailboxRecords).extracting(Keyed::key).containsExactly("keyed@acme15.io");
    }

    @Test
    void anEventIdWithALoneSurrogateStillNamesTheChangeItCaused() {
        h.sends("lone@acme16.io", 10);
        h.bounces("lone@acme16.io", 2);
        // A JSON escape of half a surrogate pair: legal JSON, no UTF-8 form.
        h.bounce("lone@acme16.io", "lone@acme16.io", "b-\\ud800", TopologyHarness.START);
        h.send("lone@acme16.io");

        List<JsonNode> changes = h.mailboxChanges();
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).get("causeEventId").asText()).isEqualTo("b-\ud800");
        assertThat(health(last(h.mailboxStatusKeyed())))
                .startsWith("lone@acme16.io WARNING EARLY_WARNING window=11/3");
    }

    // ---- duplicates, order, lateness

    @Test
    void duplicateEventIdIsCountedOnce() {
        h.send("dup@acme16.io", "dup@acme16.io", "s-dup", START);
        h.send("dup@acme16.io", "dup@acme16.io", "s-dup", START);
        h.bounce("dup@acme16.io", "dup@acme16.io", "b-dup", START);
        h.bounce("dup@acme16.io", "dup@acme16.io", "b-dup", START);
        h.bounce("dup@acme16.io", "dup@acme16.io", "b-dup", START);

        assertThat(healths(h.mailboxStatusKeyed()))
                .containsExactly(
                        "dup@acme16.io HEALTHY null window=1/0 totals=1/0 allowed",
                        "dup@acme16.io HEALTHY null window=1/1 totals=1/1 allowed");
        assertThat(h.mailboxChanges()).isEmpty();
    }

    @Test
    void duplicateIsRecognisedWhateverCameBetweenWithinItsWindow() {
        h.send("dup@acme17.io", "dup@acme17.io", "s-dup", START);
        for (int i = 0; i < 99; i++) {
            h.send("dup@acme17.io", "dup@acme17.io", "s-other-" + i, START);
        }
        h.send("dup@acme17.io", "dup@acme17.io", "s-dup", START);

        assertThat(h.mailboxState("dup@acme17.io").totalSends()).isEqualTo(100);
    }

    @Test
    void duplicateArrivingThroughAnotherKeyIsStillCountedOnce() {
        h.send("dup@acme18.io", "dup@acme18.io", "s-dup", START);
        h.send("DUP@ACME18.IO", "DUP@acme18.io", "s-dup", START);

        assertThat(healths(h.mailboxStatusKeyed()))
                .containsExactly("dup@acme18.io HEALTHY null window=1/0 totals=1/0 allowed");
    }

    @Test
    void outOfOrderAndLateEventsAreCountedAndLastEventAtIsTheLatest() {
        h.send("late@acme19.io", "late@acme19.io", "s-new", START);
        h.send("late@acme19.io", "late@acme19.io", "s-older", START.minus(Duration.ofHours(2)));
        h.bounce("late@acme19.io", "late@acme19.io", "b-late", START.minus(Duration.ofDays(3)));

        List<Keyed> status = h.mailboxStatusKeyed();
        assertThat(healths(status))
                .containsExactly(
                        "late@acme19.io HEALTHY null window=1/0 totals=1/0 allowed",
                        "late@acme19.io HEALTHY null window=2/0 totals=2/0 allowed",
                        "late@acme19.io HEALTHY null window=2/1 totals=2/1 allowed");
        assertThat(status)
                .extracting(r -> r.value().get("lastEventAt").asText())
                .containsOnly(START.toString());
    }

    @Test
    void bounceDaysAfterItsSendStillCounts() {
        Instant sentAt = START.minus(Duration.ofDays(5));
        h.send("slow@acme20.io", "slow@acme20.io", "s-1", sentAt);
        h.bounce("slow@acme20.io", "slow@acme20.io", "b-1", START);

        List<Keyed> status = h.mailboxStatusKeyed();
        assertThat(healths(status))
                .containsExactly(
                        "slow@acme20.io HEALTHY null window=1/0 totals=1/0 allowed",
                        "slow@acme20.io HEALTHY null window=1/1 totals=1/1 allowed");
        assertThat(status.get(0).value().get("lastEventAt").asText()).isEqualTo(sentAt.toString());
        assertThat(status.get(1).value().get("lastEventAt").asText()).isEqualTo(START.toString());
    }

    @Test
    void lateBouncesOlderThanEverythingElseStillMoveTheStatus() {
        h.sends("late@acme21.io", 10);
        Instant longAgo = START.minus(Duration.ofDays(2));
        h.bounce("late@acme21.io", "late@acme21.io", "b-1", longAgo);
        h.bounce("late@acme21.io", "late@acme21.io", "b-2", longAgo);
        h.bounce("late@acme21.io", "late@acme21.io", "b-3", longAgo);

        assertThat(changes(h.mailboxChanges()))
                .containsExactly(
                        "late@acme21.io HEALTHY->WARNING EARLY_WARNING window=10/3 cause=b-3");
        assertThat(last(h.mailboxStatusKeyed()).value().get("lastEventAt").asText())
                .isEqualTo(START.toString());
    }

    @Test
    void bouncesBeforeAnySendAreCounted() {
        h.bounce("cold@acme22.io");
        h.bounce("cold@acme22.io");
        String third = h.bounce("cold@acme22.io");
        h.sends("cold@acme22.io", 2);

        assertThat(changes(h.mailboxChanges()))
                .containsExactly(
                        "cold@acme22.io HEALTHY->WARNING EARLY_WARNING window=0/3 cause=" + third);
        JsonNode latest = last(h.mailboxStatusKeyed()).value();
        assertThat(health(new Keyed("cold@acme22.io", latest)))
                .isEqualTo("cold@acme22.io WARNING EARLY_WARNING window=2/3 totals=2/3 allowed");
        assertThat(latest.get("bounceRate").asDouble()).isEqualTo(1.5);
    }

    // ---- addresses

    @Test
    void upperCaseAndPaddedAddressesCountForTheNormalisedMailbox() {
        h.send(" Alice@ACME23.io ");
        h.send("alice@acme23.io");
        h.bounce("ALICE@acme23.io");

        List<Keyed> status = h.mailboxStatusKeyed();
        assertThat(status).extracting(Keyed::key).containsOnly("alice@acme23.io");
        assertThat(healths(status))
                .containsExactly(
                        "alice@acme23.io HEALTHY null window=1/0 totals=1/0 allowed",
                        "alice@acme23.io HEALTHY null window=2/0 totals=2/0 allowed",
                        "alice@acme23.io HEALTHY null window=2/1 totals=2/1 allowed");
        assertThat(last(status).value().get("domain").asText()).isEqualTo("acme23.io");
        assertThat(h.storedMailboxes("acme23.io")).containsExactly("alice@acme23.io");
    }

    @Test
    void aFullyQualifiedOrInternationalDomainCountsForItsNormalForm() {
        h.send("Alice@ACME26.IO.");
        h.bounce("alice@acme26.io");
        h.send("Bob@Bücher26.Example");

        List<Keyed> status = h.mailboxStatusKeyed();
        assertThat(status)
                .extracting(Keyed::key)
                .containsExactly(
                        "alice@acme26.io", "alice@acme26.io", "bob@xn--bcher26-n2a.example");
        assertThat(healths(status))
                .startsWith(
                        "alice@acme26.io HEALTHY null window=1/0 totals=1/0 allowed",
                        "alice@acme26.io HEALTHY null window=1/1 totals=1/1 allowed");
        assertThat(status.get(0).value().get("domain").asText()).isEqualTo("acme26.io");
        assertThat(h.storedMailboxes("acme26.io")).containsExactly("alice@acme26.io");
        assertThat(h.storedMailboxes("xn--bcher26-n2a.example"))
                .containsExactly("bob@xn--bcher26-n2a.example");
    }

    @Test
    void recordKeyedOtherwiseThanItsMailboxLandsInTheSameStateThroughTheRekeyTopic() {
        h.recordsWrittenTo(MAILBOX_REKEY);
        h.send("ALICE@ACME24.IO", "alice@acme24.io", "s-1", START);
        h.send("alice@acme24.io", "alice@acme24.io", "s-2", START);
        h.send(null, "alice@acme24.io", "s-3", START);
        h.send("someone-else@acme24.io", "alice@acme24.io", "s-4", START);
        h.bounce("ALICE@acme24.io", "Alice@Acme24.IO", "b-1", START);

        assertThat(healths(h.mailboxStatusKeyed()))
                .containsExactly(
                        "alice@acme24.io HEALTHY null window=1/0 totals=1/0 allowed",
                        "alice@acme24.io HEALTHY null window=2/0 totals=2/0 allowed",
                        "alice@acme24.io HEALTHY null window=3/0 totals=3/0 allowed",
                        "alice@acme24.io HEALTHY null window=4/0 totals=4/0 allowed",
                        "alice@acme24.io HEALTHY null window=4/1 totals=4/1 allowed");
        assertThat(h.storedMailboxes("acme24.io")).containsExactly("alice@acme24.io");
        assertThat(h.recordsWrittenTo(MAILBOX_REKEY)).isEqualTo(4);
    }

    /**
     * kcat and other librdkafka producers hash keys with CRC32: the right key may sit on the wrong
     * partition.
     */
    @Test
    void
            correctlyKeyedRecordOnAnotherPartitionThanKafkasPartitionerPicksGoesThroughTheRekeyTopic() {
        int partitions = 4;
        String onPartitionZero = null;
        String elsewhere = null;
        for (int i = 0; onPartitionZero == null || elsewhere == null; i++) {
            String mailbox = "m" + i + "@partitions.io";
            int partition =
                    Utils.toPositive(Utils.murmur2(mailbox.getBytes(StandardCharsets.UTF_8)))
                            % partitions;
            if (partition == 0 && onPartitionZero == null) {
                onPartitionZero = mailbox;
            } else if (partition != 0 && elsewhere == null) {
                elsewhere = mailbox;
            }
        }
        try (TopologyHarness partitioned =
                new TopologyHarness(TopologySettings.defaults().withInputPartitions(partitions))) {
            partitioned.send(onPartitionZero);
            assertThat(partitioned.recordsWrittenTo(MAILBOX_REKEY)).isZero();

            partitioned.send(elsewhere);
            assertThat(partitioned.recordsWrittenTo(MAILBOX_REKEY)).isEqualTo(1);
            assertThat(partitioned.mailboxState(elsewhere).totalSends()).isEqualTo(1);
        }
    }

    @Test
    void misroutedRecordsMoveTheStatusLikeAnyOther() {
        h.sends("bob@acme25.io", 5);
        h.bounce("BOB@ACME25.IO", "bob@acme25.io", "b-1", START);
        h.bounce("Bob@Acme25.io", "BOB@acme25.io", "b-2", START);
        h.bounce(null, " bob@acme25.io", "b-3", START);

        assertThat(changes(h.mailboxChanges()))
                .containsExactly(
                        "bob@acme25.io HEALTHY->WARNING EARLY_WARNING window=5/3 cause=b-3");
    }

    private static Keyed last(List<Keyed> records) {
        assertThat(records).isNotEmpty();
        return records.get(records.size() - 1);
    }
}
