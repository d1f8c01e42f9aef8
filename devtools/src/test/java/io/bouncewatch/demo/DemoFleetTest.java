package io.bouncewatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.rules.RuleSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class DemoFleetTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final DemoTopics TOPICS = new DemoTopics("t.sends", "t.bounces", "t.complaints");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A record as produced, at its tick. */
    private record Produced(long tickMillis, ProducerRecord<String, String> record) {
        JsonNode json() {
            try {
                return JSON.readTree(record.value());
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + record.value(), e);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameRecords() {
        List<String> first = describeAll(run(7, 1.0, Duration.ofSeconds(90)));
        List<String> second = describeAll(run(7, 1.0, Duration.ofSeconds(90)));
        List<String> otherSeed = describeAll(run(8, 1.0, Duration.ofSeconds(90)));

        assertThat(first).hasSizeGreaterThan(1000).isEqualTo(second);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void everyRecordIsAContractEventKeyedByItsMailbox() {
        List<Produced> produced = run(42, 1.0, Duration.ofMinutes(3));
        Set<String> eventIds = new HashSet<>();
        Map<String, Long> sentAt = new HashMap<>();

        for (Produced p : produced) {
            ProducerRecord<String, String> r = p.record();
            JsonNode event = p.json();
            assertThat(event.path("eventId").isTextual()).as(r.value()).isTrue();
            assertThat(event.path("mailbox").isTextual()).as(r.value()).isTrue();
            assertThat(r.key()).isEqualTo(event.get("mailbox").asText());
            assertThat(eventIds.add(event.get("eventId").asText()))
                    .as("unique id " + r.value())
                    .isTrue();
            Instant at = Instant.parse(event.get("timestamp").asText());
            assertThat(at.toEpochMilli()).isEqualTo(p.tickMillis()).isEqualTo(r.timestamp());
            String recipient = event.get("recipient").asText();
            assertThat(recipient).matches("[a-z]+\\.[a-z]+\\d+@[a-z.-]+");

            if (r.topic().equals(TOPICS.sends())) {
                assertThat(event.get("eventId").asText()).startsWith("s-");
                assertThat(event.get("campaignId").asText()).matches("c-\\d+");
                sentAt.put(r.key() + " " + recipient, at.toEpochMilli());
                continue;
            }
            // Feedback refers to an earlier send of the same mailbox, and arrives seconds later.
            Long sent = sentAt.get(r.key() + " " + recipient);
            assertThat(sent).as("a send for " + r.value()).isNotNull();
            assertThat(at.toEpochMilli() - sent).as(r.value()).isBetween(1L, 30_000L);
            if (r.topic().equals(TOPICS.bounces())) {
                assertThat(event.get("eventId").asText()).startsWith("b-");
                if (event.get("type").asText().equals("HARD")) {
                    assertThat(event.get("smtpCode").asInt()).isEqualTo(550);
                    assertThat(event.get("enhancedStatus").asText()).isEqualTo("5.1.1");
                    assertThat(event.get("diagnostic").asText())
                            .isEqualTo(
                                    "550 5.1.1 <"
                                            + recipient
                                            + ">: Recipient address rejected: User unknown");
                } else {
                    assertThat(event.get("type").asText()).isEqualTo("SOFT");
                    assertThat(event.get("smtpCode").asInt()).isEqualTo(452);
                    assertThat(event.get("enhancedStatus").asText()).isEqualTo("4.2.2");
                    assertThat(event.get("diagnostic").asText()).isEqualTo("mailbox full");
                }
            } else {
                assertThat(r.topic()).isEqualTo(TOPICS.complaints());
                assertThat(event.get("eventId").asText()).startsWith("c-");
                assertThat(event.get("feedbackType").asText()).isEqualTo("abuse");
            }
        }
        assertThat(produced)
                .extracting(p -> p.record().topic())
                .contains(TOPICS.sends(), TOPICS.bounces(), TOPICS.complaints());
    }

    @Test
    void theBadMailboxesMisbehaveAsDescribed() {
        List<Produced> produced = run(42, 1.0, Duration.ofMinutes(3));
        long twoMinutes = T0.plus(Duration.ofMinutes(2)).toEpochMilli();

        Map<String, Integer> hardWithinTwoMinutes =
                count(produced, p -> isHard(p) && p.tickMillis() <= twoMinutes);
        Map<String, Integer> hard = count(produced, DemoFleetTest::isHard);
        Map<String, Integer> complaints =
                count(produced, p -> p.record().topic().equals(TOPICS.complaints()));

        assertThat(hard)
                .hasEntrySatisfying(
                        "growth.jake@brightleads.co", n -> assertThat(n).isGreaterThanOrEqualTo(5));
        long brightleadsMailboxes =
                produced.stream()
                        .map(p -> p.record().key())
                        .filter(k -> k.endsWith("@brightleads.co"))
                        .distinct()
                        .count();
        long brokenBrightleads =
                hardWithinTwoMinutes.entrySet().stream()
                        .filter(e -> e.getKey().endsWith("@brightleads.co") && e.getValue() >= 5)
                        .count();
        assertThat(brightleadsMailboxes).isEqualTo(6);
        assertThat(brokenBrightleads * 2)
                .as("at least half of brightleads.co")
                .isGreaterThanOrEqualTo(brightleadsMailboxes);
        assertThat(complaints).containsEntry("newsletter@quietsend.net", 2);
        assertThat(hard).hasEntrySatisfying("hello@quietsend.net", n -> assertThat(n).isEqualTo(3));
        assertThat(hard.keySet()).noneMatch(k -> k.endsWith("@northwind-mail.com"));
        assertThat(count(produced, p -> p.record().topic().equals(TOPICS.bounces())).keySet())
                .as("northwind has soft bounces")
                .anyMatch(k -> k.endsWith("@northwind-mail.com"));
    }

    @Test
    void pausedMailboxesHoldBackThenSendCleanMailWhileHealthyOnesNeverStop() {
        List<Produced> produced = run(42, 1.0, Duration.ofMinutes(5));

        // growth.jake pauses twice (1 then 2 minutes of cooldown, plus the resume margin).
        List<Long> gaps = sendGaps(produced, "growth.jake@brightleads.co");
        assertThat(gaps).filteredOn(g -> g >= 60_000).hasSize(2);
        assertThat(gaps).anySatisfy(g -> assertThat(g).isBetween(125_000L, 140_000L));
        long lastHard =
                produced.stream()
                        .filter(
                                p ->
                                        isHard(p)
                                                && p.record()
                                                        .key()
                                                        .equals("growth.jake@brightleads.co"))
                        .mapToLong(Produced::tickMillis)
                        .max()
                        .orElseThrow();
        long lastSend =
                produced.stream()
                        .filter(
                                p ->
                                        isSend(p)
                                                && p.record()
                                                        .key()
                                                        .equals("growth.jake@brightleads.co"))
                        .mapToLong(Produced::tickMillis)
                        .max()
                        .orElseThrow();
        assertThat(lastSend - lastHard).as("sends again after its bounces").isGreaterThan(60_000);

        assertThat(sendGaps(produced, "sales.anna@northwind-mail.com"))
                .allSatisfy(g -> assertThat(g).isLessThan(3_000));
    }

    @Test
    void holdsMailboxesBackByTheSettingsTheMonitorRuns() {
        RuleSettings twoHourCooldowns =
                MonitorConfig.resolve(
                                new MonitorConfig.Sources()
                                        .commandLine(
                                                Map.of(
                                                        "cooldown.duration",
                                                        "2h",
                                                        "threshold.pause-complaints",
                                                        "3")))
                        .rules();
        List<Produced> produced =
                run(
                        new DemoFleet(producer(), TOPICS, twoHourCooldowns, 42, 1.0),
                        Duration.ofMinutes(5));

        long fiveMinutes = T0.plus(Duration.ofMinutes(5)).toEpochMilli();
        long lastJakeSend =
                produced.stream()
                        .filter(
                                p ->
                                        isSend(p)
                                                && p.record()
                                                        .key()
                                                        .equals("growth.jake@brightleads.co"))
                        .mapToLong(Produced::tickMillis)
                        .max()
                        .orElseThrow();
        assertThat(fiveMinutes - lastJakeSend)
                .as("growth.jake still holds back in its 2-hour cooldown")
                .isGreaterThan(120_000);
        assertThat(sendGaps(produced, "newsletter@quietsend.net"))
                .as("2 complaints do not pause at 3")
                .allSatisfy(g -> assertThat(g).isLessThan(5_000));
    }

    @Test
    void sendsAboutTwoHundredEventsPerSecondAtSpeedOneAndScales() {
        double full = run(3, 1.0, Duration.ofMinutes(1)).size() / 60.0;
        double half = run(3, 0.5, Duration.ofMinutes(1)).size() / 60.0;

        assertThat(full).isBetween(100.0, 400.0).isBetween(180.0, 220.0);
        assertThat(half / full).isBetween(0.4, 0.6);
    }

    @Test
    void aLateTickCatchesUpAtMostOneSecond() {
        DemoFleet fleet = fleet(5, 1.0);
        fleet.tick(T0);
        int afterAMinuteAway = fleet.tick(T0.plus(Duration.ofMinutes(1))).size();

        assertThat(afterAMinuteAway).isBetween(50, 500);
    }

    @Test
    void describesTheDomainsAndWhatGoesBad() {
        String description = fleet(42, 1.0).describe();

        assertThat(description)
                .contains(
                        "36 mailboxes",
                        "~200 events/s",
                        "northwind-mail.com: 12 mailboxes",
                        "acme-outreach.io",
                        "brightleads.co: 4 of 6",
                        "quietsend.net: 8 mailboxes",
                        "PAUSED (COMPLAINTS)",
                        "EARLY_WARNING",
                        "domain WARNING at 2 of 6, PAUSED at 3 of 6",
                        "COOLDOWN_EXPIRED");
        assertThat(description.lines().count()).isBetween(5L, 8L);
    }

    @Test
    void startAndCloseLeaveTheProducerToItsOwner() {
        MockProducer<String, String> producer = producer();
        DemoFleet fleet = new DemoFleet(producer, TOPICS, RulesReplay.DEMO_RULES, 1, 1.0);

        fleet.start();
        assertThatThrownBy(fleet::start).isInstanceOf(IllegalStateException.class);
        fleet.close();
        fleet.close();

        assertThat(producer.closed()).isFalse();
        assertThatThrownBy(fleet::start).isInstanceOf(IllegalStateException.class);
        new DemoFleet(producer, TOPICS, RulesReplay.DEMO_RULES, 1, 1.0).close();
    }

    @Test
    void rejectsASpeedThatIsNotPositive() {
        for (double speed : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> fleet(1, speed))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("speed");
        }
    }

    private static boolean isHard(Produced p) {
        return p.record().topic().equals(TOPICS.bounces())
                && p.json().get("type").asText().equals("HARD");
    }

    private static boolean isSend(Produced p) {
        return p.record().topic().equals(TOPICS.sends());
    }

    private static Map<String, Integer> count(List<Produced> produced, Predicate<Produced> which) {
        Map<String, Integer> counts = new HashMap<>();
        for (Produced p : produced) {
            if (which.test(p)) {
                counts.merge(p.record().key(), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static List<Long> sendGaps(List<Produced> produced, String mailbox) {
        List<Long> gaps = new ArrayList<>();
        long previous = T0.toEpochMilli();
        for (Produced p : produced) {
            if (isSend(p) && p.record().key().equals(mailbox)) {
                gaps.add(p.tickMillis() - previous);
                previous = p.tickMillis();
            }
        }
        return gaps;
    }

    private static List<String> describeAll(List<Produced> produced) {
        return produced.stream()
                .map(
                        p ->
                                p.record().topic()
                                        + " "
                                        + p.record().timestamp()
                                        + " "
                                        + p.record().key()
                                        + " "
                                        + p.record().value())
                .toList();
    }

    private static List<Produced> run(long seed, double speed, Duration length) {
        return run(fleet(seed, speed), length);
    }

    private static List<Produced> run(DemoFleet fleet, Duration length) {
        List<Produced> produced = new ArrayList<>();
        long ticks = length.toMillis() / DemoFleet.TICK_MILLIS;
        for (long i = 0; i <= ticks; i++) {
            Instant now = T0.plusMillis(DemoFleet.TICK_MILLIS * i);
            for (ProducerRecord<String, String> r : fleet.tick(now)) {
                produced.add(new Produced(now.toEpochMilli(), r));
            }
        }
        return produced;
    }

    private static DemoFleet fleet(long seed, double speed) {
        return new DemoFleet(producer(), TOPICS, RulesReplay.DEMO_RULES, seed, speed);
    }

    private static MockProducer<String, String> producer() {
        return new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    }
}
