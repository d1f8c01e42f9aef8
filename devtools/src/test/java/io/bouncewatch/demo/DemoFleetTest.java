package io.bouncewatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.payload.InputParser;
import io.bouncewatch.rules.BounceClass;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.MailboxRules;
import io.bouncewatch.rules.Provider;
import io.bouncewatch.rules.RuleSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
                MailboxEvent.Bounce bounce = bounce(p);
                assertThat(bounce.recipient()).isEqualTo(recipient);
                assertThat(event.path("diagnostic").asText()).doesNotContain("{");
                assertThat(bounce.category())
                        .as(r.value())
                        .isIn(Category.TRANSIENT, scriptedCategory(r.key()));
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

    /** The category of a mailbox's scripted bounces; its noise is TRANSIENT. */
    private static Category scriptedCategory(String mailbox) {
        return switch (mailbox) {
            case "news@northwind-mail.com" -> Category.THROTTLE;
            case "marketing@northwind-mail.com" -> Category.REPUTATION;
            default -> mailbox.endsWith("@ledgerly.app") ? Category.CONFIG : Category.LIST;
        };
    }

    @Test
    void theBadMailboxesMisbehaveAsDescribed() {
        List<Produced> produced = run(42, 1.0, Duration.ofMinutes(3));
        long twoMinutes = T0.plus(Duration.ofMinutes(2)).toEpochMilli();

        Map<String, Integer> hardWithinTwoMinutes =
                count(produced, p -> isList(p) && p.tickMillis() <= twoMinutes);
        Map<String, Integer> hard = count(produced, DemoFleetTest::isList);
        Map<String, Integer> complaints =
                count(produced, p -> p.record().topic().equals(TOPICS.complaints()));

        // The bought list: three hard bounces each, five for the last of them.
        assertThat(hard)
                .containsEntry("growth.jake@brightleads.co", 3)
                .containsEntry("growth.lena@brightleads.co", 3)
                .containsEntry("bizdev.omar@brightleads.co", 3)
                .containsEntry("bizdev.sara@brightleads.co", 5);
        long brightleadsMailboxes =
                produced.stream()
                        .map(p -> p.record().key())
                        .filter(k -> k.endsWith("@brightleads.co"))
                        .distinct()
                        .count();
        long brokenBrightleads =
                hardWithinTwoMinutes.entrySet().stream()
                        .filter(e -> e.getKey().endsWith("@brightleads.co") && e.getValue() >= 3)
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

        // growth.jake pauses once (1 minute of cooldown, plus the resume margin): its probation is
        // judged without volume, and its rate, still over 2% when probation ends, holds it in
        // WARNING instead of pausing it again.
        List<Long> gaps = sendGaps(produced, "growth.jake@brightleads.co");
        assertThat(gaps).filteredOn(g -> g >= 60_000).hasSize(1);
        assertThat(gaps).anySatisfy(g -> assertThat(g).isBetween(65_000L, 75_000L));
        long lastHard =
                produced.stream()
                        .filter(
                                p ->
                                        isList(p)
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
                        "40 mailboxes on 5 sender domains",
                        "~200 events/s",
                        "northwind-mail.com: 12 mailboxes",
                        "route microsoft SLOW_DOWN",
                        "route google BLOCKED",
                        "ledgerly.app: 4 mailboxes",
                        "domain WARNING (CONFIG_FAILURE)",
                        "acme-outreach.io",
                        "brightleads.co: 4 of 6",
                        "quietsend.net: 8 mailboxes",
                        "PAUSED (COMPLAINTS)",
                        "EARLY_WARNING",
                        "domain WARNING at 2 of 6, PAUSED at 3 of 6",
                        "COOLDOWN_EXPIRED");
        assertThat(description.lines().count()).isBetween(5L, 9L);
    }

    @Test
    void microsoftThrottlesOneMailboxEveryFewMinutesFromTheStart() {
        List<Produced> produced = run(42, 1.0, Duration.ofMinutes(10));

        List<Produced> throttled =
                bouncesOf(produced, "news@northwind-mail.com", Category.THROTTLE);
        assertThat(throttled).hasSizeBetween(3, 5);
        assertThat(throttled.get(0).tickMillis() - T0.toEpochMilli())
                .as("the first within half a minute")
                .isBetween(20_000L, 30_000L);
        for (int i = 1; i < throttled.size(); i++) {
            assertThat(throttled.get(i).tickMillis() - throttled.get(i - 1).tickMillis())
                    .isBetween(120_000L, 241_000L);
        }
        assertThat(throttled)
                .allSatisfy(
                        p -> {
                            assertThat(bounce(p).classification().provider())
                                    .isEqualTo(Provider.MICROSOFT);
                            assertThat(bounce(p).recipient()).matches(".*@(outlook|hotmail)\\.com");
                            assertThat(p.json().get("enhancedStatus").asText())
                                    .isEqualTo("4.7.650");
                        });
    }

    @Test
    void gmailBlocksOneMailboxTwiceWithinAMinuteForLowReputation() {
        List<Produced> produced = run(42, 1.0, Duration.ofMinutes(5));

        List<Produced> blocked =
                bouncesOf(produced, "marketing@northwind-mail.com", Category.REPUTATION);
        assertThat(blocked).hasSize(2);
        assertThat(blocked.get(1).tickMillis() - T0.toEpochMilli())
                .as("the route blocks within the first minute and a half")
                .isLessThan(90_000L);
        assertThat(blocked.get(1).tickMillis() - blocked.get(0).tickMillis()).isLessThan(60_000L);
        assertThat(blocked)
                .allSatisfy(
                        p -> {
                            assertThat(bounce(p).classification().provider())
                                    .isEqualTo(Provider.GOOGLE);
                            assertThat(bounce(p).classification().bounceClass())
                                    .isEqualTo(BounceClass.LOW_REPUTATION);
                        });
    }

    @Test
    void aDomainsDmarcFailuresComeInBurstsEnoughToWarnThenPauseIt() {
        List<Produced> produced = run(42, 1.0, Duration.ofMinutes(5));
        List<Produced> failures =
                produced.stream()
                        .filter(
                                p ->
                                        isBounce(p)
                                                && p.record().key().endsWith("@ledgerly.app")
                                                && bounce(p).category() == Category.CONFIG)
                        .toList();
        long start = T0.toEpochMilli();

        assertThat(failures)
                .allSatisfy(
                        p ->
                                assertThat(bounce(p).classification().bounceClass())
                                        .isEqualTo(BounceClass.DMARC));
        assertThat(failures.stream().map(p -> p.record().key()).distinct()).hasSize(4);
        assertThat(failures.get(2).tickMillis() - start)
                .as("the third, which warns the domain, within a minute")
                .isLessThan(60_000L);
        assertThat(failures).hasSize(12);
        assertThat(failures.get(9).tickMillis() - start)
                .as("the tenth, which pauses it, within three minutes")
                .isLessThan(180_000L);
        assertThat(bouncesOf(produced, "invoices@ledgerly.app", Category.LIST)).isEmpty();
    }

    @Test
    void dmarcFailuresComeBackEveryNinetyMinutes() {
        SimulatedMailbox m =
                new SimulatedMailbox(
                        "invoices",
                        "ledgerly.app",
                        1,
                        0,
                        SimulatedMailbox.Script.DMARC_BURSTS,
                        40_000,
                        "c-1",
                        new MailboxRules(RulesReplay.DEMO_RULES));
        Random random = new Random(1);
        List<Long> failures = new ArrayList<>();
        for (long t = 0; t <= Duration.ofMinutes(185).toMillis(); t += 1_000) {
            m.recordSend("ana.silva1@gmail.com", t);
            if (m.onTick(t, random, 1.0) == SimulatedMailbox.Feedback.BOUNCE) {
                failures.add(t / 1000);
            }
        }

        assertThat(failures)
                .containsExactly(40L, 150L, 165L, 5440L, 5550L, 5565L, 10840L, 10950L, 10965L);
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

    private static boolean isBounce(Produced p) {
        return p.record().topic().equals(TOPICS.bounces());
    }

    /** A bounce the monitor reads as a bad address: what the scripts send to break a mailbox. */
    private static boolean isList(Produced p) {
        return isBounce(p) && bounce(p).category() == Category.LIST;
    }

    private static MailboxEvent.Bounce bounce(Produced p) {
        return InputParser.bounce(
                p.record().value().getBytes(StandardCharsets.UTF_8),
                p.tickMillis(),
                p.tickMillis());
    }

    private static List<Produced> bouncesOf(
            List<Produced> produced, String mailbox, Category category) {
        return produced.stream()
                .filter(
                        p ->
                                isBounce(p)
                                        && p.record().key().equals(mailbox)
                                        && bounce(p).category() == category)
                .toList();
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
