package io.bouncewatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bouncewatch.broker.EmbeddedKafkaBroker;
import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.query.Lookup;
import io.bouncewatch.query.QueryService;
import io.bouncewatch.query.RemoteQueries;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.Suppression;
import io.bouncewatch.schema.JsonSchemas;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suppression list end to end against a real broker (docs/rules.md §10): a user-unknown bounce
 * from one mailbox suppresses its recipient for the whole fleet; a reputation block suppresses
 * nobody; three full-mailbox bounces suppress for suppression.soft-ttl (3 seconds here) and the
 * entry leaves the topic by itself; an operator's UNSUPPRESS leaves a tombstone that says who and
 * why. The instance's queries answer from the same store.
 */
class SuppressionListIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String PREFIX = "suppression";
    private static final String MAILBOX = "alice@acme.io";

    @TempDir static Path brokerDir;
    private static EmbeddedKafkaBroker broker;

    @TempDir Path dataDir;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(brokerDir, 0);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private MonitorConfig config() {
        Map<String, String> settings =
                MonitorSettings.of(broker.bootstrapServers(), dataDir, PREFIX);
        settings.put("suppression.soft-ttl", "3s");
        settings.put("cooldown.check-interval", "100ms");
        return MonitorSettings.resolve(settings);
    }

    private static String topic(String role) {
        return MonitorSettings.topic(PREFIX, role);
    }

    private static String bounce(
            String id, String recipient, int code, String status, String diagnostic) {
        return "{\"eventId\":\""
                + id
                + "\",\"mailbox\":\""
                + MAILBOX
                + "\",\"recipient\":\""
                + recipient
                + "\",\"smtpCode\":"
                + code
                + ",\"enhancedStatus\":\""
                + status
                + "\",\"diagnostic\":\""
                + diagnostic
                + "\"}";
    }

    /** Reads the suppression topic as a scheduler would, from wherever it is now. */
    private static final class ListReader implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

        ListReader(String bootstrapServers) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer =
                    new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic("suppressions"), Duration.ofSeconds(10)).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** Every record of the topic so far, tombstones included, in the order read. */
        List<ConsumerRecord<String, String>> records() {
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
            return List.copyOf(seen);
        }

        List<ConsumerRecord<String, String>> of(String recipient) {
            return records().stream().filter(r -> recipient.equals(r.key())).toList();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void theListFollowsBouncesComplaintsTimeAndOperators() throws Exception {
        try (KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers());
                Monitor monitor = Monitor.start(config());
                ListReader list = new ListReader(broker.bootstrapServers())) {
            // A Gmail reputation block, in both of Gmail's words: nobody is suppressed.
            kafka.publish(
                    topic("bounces"),
                    MAILBOX,
                    bounce(
                            "b-rep-1",
                            "blocked@example.com",
                            550,
                            "5.7.1",
                            "Our system has detected that this message is likely unsolicited"
                                    + " mail. To reduce the amount of spam sent to Gmail, this"
                                    + " message has been blocked. low reputation"));
            kafka.publish(
                    topic("bounces"),
                    MAILBOX,
                    bounce(
                            "b-rep-2",
                            "blocked@example.com",
                            421,
                            "4.7.28",
                            "Our system has detected an unusual rate of unsolicited mail"
                                    + " originating from your IP address"));
            // A user unknown from one mailbox, after the blocks on the same mailbox.
            Instant produced = Instant.now();
            kafka.publish(
                    topic("bounces"),
                    MAILBOX,
                    bounce("b-1", "Bob@Example.com", 550, "5.1.1", "user unknown"));
            kafka.flush();

            await("the user-unknown recipient is on the list")
                    .atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> list.of("bob@example.com"), r -> !r.isEmpty());
            long delayMillis = Duration.between(produced, Instant.now()).toMillis();
            System.out.println(
                    "suppression: user-unknown bounce produced to entry read in "
                            + delayMillis
                            + " ms");
            JsonNode bob = KafkaTestClients.json(list.of("bob@example.com").get(0).value());
            JsonSchemas.assertValid("suppression.schema.json", bob.toString());
            assertThat(bob.get("category").asText()).isEqualTo("LIST");
            assertThat(bob.get("class").asText()).isEqualTo("USER_UNKNOWN");
            assertThat(bob.get("mailbox").asText()).isEqualTo(MAILBOX);
            assertThat(bob.get("causeEventId").asText()).isEqualTo("b-1");
            assertThat(bob.get("until").isNull()).isTrue();
            // The instance's queries answer from the store: the lookup, the list, a check, the
            // counts.
            QueryService queries = monitor.queries();
            assertThat(queries.suppression("bob@example.com"))
                    .isInstanceOfSatisfying(
                            Lookup.Local.class,
                            l ->
                                    assertThat(((Suppression) l.value()).causeEventId())
                                            .isEqualTo("b-1"));
            assertThat(queries.suppression("blocked@example.com"))
                    .isInstanceOf(Lookup.NotFound.class);
            assertThat(queries.localSuppressions(null, 10))
                    .extracting(Suppression::recipient)
                    .containsExactly("bob@example.com");
            assertThat(queries.localSuppressions(Category.TRANSIENT, 10)).isEmpty();
            assertThat(
                            queries.localSuppressionsOf(
                                    List.of(
                                            " BOB@example.com",
                                            "blocked@example.com",
                                            "no address")))
                    .extracting(Suppression::recipient)
                    .containsExactly("bob@example.com");
            assertThat(queries.localSuppressionCounts())
                    .containsExactlyEntriesOf(Map.of("LIST", 1L));
            assertThat(queries.suppressionOwners(List.of("bob@example.com", "x@example.com")))
                    .containsOnlyKeys(queries.self());
            JsonNode check =
                    KafkaTestClients.json(
                            new String(
                                    new RemoteQueries("")
                                            .checkSuppressions(
                                                    queries,
                                                    List.of(
                                                            "bob@example.com",
                                                            "blocked@example.com"),
                                                    false),
                                    StandardCharsets.UTF_8));
            assertThat(check.get("checked").asInt()).isEqualTo(2);
            assertThat(check.get("suppressed")).hasSize(1);
            assertThat(check.get("suppressed").get(0).get("recipient").asText())
                    .isEqualTo("bob@example.com");

            // The mailbox counted all three bounces before that entry was written.
            await("the mailbox counted its three bounces")
                    .atMost(PATIENCE)
                    .until(
                            () -> kafka.latest(topic("mailbox-status")).get(MAILBOX),
                            h -> h != null && h.get("totalBounces").asInt() == 3);
            assertThat(list.of("blocked@example.com")).isEmpty();

            // Three full mailboxes within the week: suppressed for suppression.soft-ttl.
            for (int i = 1; i <= 3; i++) {
                kafka.publish(
                        topic("bounces"),
                        MAILBOX,
                        bounce("b-full-" + i, "carol@example.com", 452, "4.2.2", "mailbox full"));
            }
            kafka.flush();
            await("the full mailbox is suppressed for a while, then leaves the list by itself")
                    .atMost(PATIENCE)
                    .until(() -> list.of("carol@example.com"), r -> r.size() == 2);
            List<ConsumerRecord<String, String>> carol = list.of("carol@example.com");
            JsonNode entry = KafkaTestClients.json(carol.get(0).value());
            assertThat(entry.get("category").asText()).isEqualTo("TRANSIENT");
            assertThat(
                            Duration.between(
                                    Instant.parse(entry.get("since").asText()),
                                    Instant.parse(entry.get("until").asText())))
                    .isEqualTo(Duration.ofSeconds(3));
            assertThat(carol.get(1).value()).isNull();
            assertThat(header(carol.get(1), "bouncewatch-removed")).isEqualTo("EXPIRED");
            assertThat(queries.suppression("carol@example.com"))
                    .isInstanceOf(Lookup.NotFound.class);

            // Once warm, the same way again for another recipient: the delay a sender sees.
            Instant warm = Instant.now();
            kafka.publish(
                    topic("bounces"),
                    MAILBOX,
                    bounce("b-2", "dave@example.com", 550, "5.1.1", "user unknown"));
            kafka.flush();
            await("a second user-unknown recipient is on the list")
                    .atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> list.of("dave@example.com"), r -> !r.isEmpty());
            System.out.println(
                    "suppression: once warm, produced to entry read in "
                            + Duration.between(warm, Instant.now()).toMillis()
                            + " ms");

            // An operator removes bob: the tombstone says who, why and which command.
            kafka.publish(
                    topic("commands"),
                    "bob@example.com",
                    "{\"commandId\":\"op-1\",\"recipient\":\"bob@example.com\","
                            + "\"action\":\"UNSUPPRESS\",\"reason\":\"address fixed\","
                            + "\"operator\":\"ops@acme.io\"}");
            kafka.flush();
            await("the operator's removal is on the topic")
                    .atMost(PATIENCE)
                    .until(() -> list.of("bob@example.com"), r -> r.size() == 2);
            ConsumerRecord<String, String> removed = list.of("bob@example.com").get(1);
            assertThat(removed.value()).isNull();
            assertThat(header(removed, "bouncewatch-removed")).isEqualTo("OPERATOR");
            assertThat(header(removed, "bouncewatch-operator")).isEqualTo("ops@acme.io");
            assertThat(header(removed, "bouncewatch-note")).isEqualTo("address fixed");
            assertThat(header(removed, "bouncewatch-command-id")).isEqualTo("op-1");
            assertThat(kafka.latest(topic("suppressions"))).containsOnlyKeys("dave@example.com");
            assertThat(queries.suppression("bob@example.com")).isInstanceOf(Lookup.NotFound.class);
            assertThat(queries.localSuppressionCounts())
                    .containsExactlyEntriesOf(Map.of("LIST", 1L));
            assertThat(list.of("blocked@example.com")).isEmpty();
        }
    }
}
