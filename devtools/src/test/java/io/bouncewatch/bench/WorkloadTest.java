package io.bouncewatch.bench;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.payload.Addresses;
import io.bouncewatch.payload.InputParser;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.Provider;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkloadTest {

    private static final long NOW = java.time.Instant.parse("2026-11-22T00:00:00Z").toEpochMilli();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSameSeedGivesTheSameRecordsByteForByte() {
        Workload a = new Workload(1_000, 10, TrafficMix.DEFAULT, 7, "");
        Workload b = new Workload(1_000, 10, TrafficMix.DEFAULT, 7, "");
        Workload other = new Workload(1_000, 10, TrafficMix.DEFAULT, 8, "");
        boolean differs = false;
        for (int i = 0; i < 5_000; i++) {
            Workload.Event x = a.next();
            Workload.Event y = b.next();
            assertThat(y.json()).isEqualTo(x.json());
            assertThat(y.mailbox()).isEqualTo(x.mailbox());
            differs |= !java.util.Arrays.equals(other.next().json(), x.json());
        }
        assertThat(differs).as("another seed gives other records").isTrue();
    }

    @Test
    void everyRecordIsAValidEventOfItsTopicKeyedByItsNormalisedMailbox() throws Exception {
        Workload workload =
                new Workload(
                        500, 5, new TrafficMix(0.1, 0.2, 0.5, BounceMix.DEFAULT, 0.01), 1, "p-");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            Workload.Event e = workload.next();
            MailboxEvent parsed =
                    switch (e.kind()) {
                        case SEND -> InputParser.send(e.json(), NOW, NOW);
                        case BOUNCE -> InputParser.bounce(e.json(), NOW, NOW);
                        case COMPLAINT -> InputParser.complaint(e.json(), NOW, NOW);
                    };
            assertThat(JSON.readTree(e.json()).isObject()).as("JSON as Jackson reads it").isTrue();
            assertThat(parsed.mailbox())
                    .isEqualTo(e.mailbox())
                    .isEqualTo(Addresses.normaliseMailbox(e.mailbox()));
            assertThat(parsed.eventId()).isEqualTo(e.eventId()).startsWith("p-");
            assertThat(ids.add(e.eventId())).as("event ids are unique").isTrue();
            assertThat(e.category() != null).isEqualTo(e.kind() == Workload.Kind.BOUNCE);
        }
    }

    @Test
    void everyBounceIsClassifiedIntoTheCategoryOfItsReply() throws Exception {
        Workload workload =
                new Workload(2_000, 20, new TrafficMix(0.5, 0.1, 0.9, BounceMix.DEFAULT, 0), 5, "");
        Set<String> replies = new HashSet<>();
        Set<Provider> providers = EnumSet.noneOf(Provider.class);
        for (int i = 0; i < 20_000; i++) {
            Workload.Event e = workload.next();
            if (e.kind() != Workload.Kind.BOUNCE) {
                continue;
            }
            MailboxEvent.Bounce bounce = InputParser.bounce(e.json(), NOW, NOW);
            assertThat(bounce.category()).as(new String(e.json(), UTF_8)).isEqualTo(e.category());
            assertThat(bounce.recipient()).isNotNull();
            providers.add(bounce.classification().provider());
            JsonNode json = JSON.readTree(e.json());
            String diagnostic = json.path("diagnostic").asText("");
            assertThat(diagnostic).doesNotContain("{");
            if (diagnostic.startsWith("550-5.7.26 Unauthenticated")) {
                assertThat(diagnostic)
                        .as("names the sending mailbox's domain")
                        .contains(" from " + e.mailbox().substring(e.mailbox().indexOf('@') + 1));
            }
            replies.add(
                    json.has("diagnostic")
                            ? diagnostic.substring(0, Math.min(diagnostic.length(), 12))
                            : "type " + json.path("type").asText());
        }
        assertThat(providers).containsExactlyInAnyOrder(Provider.values());
        assertThat(replies).as("many kinds of replies").hasSizeGreaterThan(20);
    }

    @Test
    void sharesFollowTheMixAndBadMailboxesBounceMore() {
        TrafficMix mix = new TrafficMix(0.01, 0.05, 0.2, BounceMix.DEFAULT, 0.001);
        Workload workload = new Workload(10_000, 100, mix, 3, "");
        Map<Workload.Kind, Integer> counts = new EnumMap<>(Workload.Kind.class);
        Map<Category, Integer> categories = new EnumMap<>(Category.class);
        int events = 400_000;
        for (int i = 0; i < events; i++) {
            Workload.Event e = workload.next();
            counts.merge(e.kind(), 1, Integer::sum);
            if (e.kind() == Workload.Kind.BOUNCE) {
                categories.merge(
                        InputParser.bounce(e.json(), NOW, NOW).category(), 1, Integer::sum);
            }
        }
        assertThat(workload.badMailboxes()).isEqualTo(500);
        double expectedBounces = 0.95 * 0.01 + 0.05 * 0.2;
        int bounces = counts.get(Workload.Kind.BOUNCE);
        assertThat(bounces / (double) events).isCloseTo(expectedBounces, within(0.002));
        for (Category c : Category.values()) {
            assertThat(categories.getOrDefault(c, 0) / (double) bounces)
                    .as(c.name())
                    .isCloseTo(BounceMix.DEFAULT.share(c), within(0.015));
        }
        assertThat(counts.get(Workload.Kind.COMPLAINT)).isPositive();
    }

    @Test
    void aMixOfOneCategoryGivesOnlyThatCategory() {
        Workload workload =
                new Workload(
                        100,
                        2,
                        new TrafficMix(0.5, 0, 0.5, BounceMix.parse("throttle=1"), 0),
                        9,
                        "");
        for (int i = 0; i < 2_000; i++) {
            Workload.Event e = workload.next();
            if (e.kind() == Workload.Kind.BOUNCE) {
                assertThat(InputParser.bounce(e.json(), NOW, NOW).category())
                        .isEqualTo(Category.THROTTLE);
            }
        }
    }

    @Test
    void badMailboxesCrowdIntoAFewDomainsSoThatDomainsTipToo() {
        Workload workload = new Workload(20_000, 200, TrafficMix.DEFAULT, 42, "");
        assertThat(workload.badShareOfWorstDomain()).isGreaterThanOrEqualTo(0.5);
    }
}
