package io.bouncewatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.bouncewatch.broker.EmbeddedKafkaBroker;
import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.schema.JsonSchemas;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The monitor against a real broker, used as senders and schedulers use it: events in with a plain
 * producer, status changes and state out with read_committed consumers.
 */
class MonitorIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir static Path brokerDir;
    private static EmbeddedKafkaBroker broker;

    @TempDir Path dataDir;

    private String prefix;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(brokerDir, 0);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    /** A configuration of its own for each test: application id and topics no other test shares. */
    private MonitorConfig config(TestInfo test) {
        prefix = test.getTestMethod().orElseThrow().getName().toLowerCase(Locale.ROOT);
        return MonitorSettings.resolve(
                MonitorSettings.of(broker.bootstrapServers(), dataDir, prefix));
    }

    /**
     * Kafka Streams warned about the global processing exception handler three times at every
     * start, once per configuration it builds, and the embedded broker that creating
     * __consumer_offsets and __transaction_state failed (they existed) up to 16 times. A start
     * repeats no warning.
     */
    @Test
    void aStartWithTheEmbeddedBrokerRepeatsNoWarning() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        List<ILoggingEvent> events;
        try (Monitor monitor =
                Monitor.start(
                        MonitorConfig.resolve(
                                new MonitorConfig.Sources()
                                        .commandLine(
                                                Map.of(
                                                        "embedded.kafka.port",
                                                        "0",
                                                        "http.port",
                                                        "0",
                                                        "data.dir",
                                                        dataDir.toString()))))) {
            assertThat(monitor.embeddedBroker()).isTrue();
        } finally {
            root.detachAppender(appender);
            synchronized (appender) {
                events = new ArrayList<>(appender.list);
            }
        }
        Map<String, Long> warnings =
                events.stream()
                        .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                        .collect(
                                Collectors.groupingBy(
                                        ILoggingEvent::getFormattedMessage, Collectors.counting()));
        assertThat(warnings)
                .allSatisfy((message, times) -> assertThat(times).as(message).isEqualTo(1L));
    }

    private String topic(String role) {
        return MonitorSettings.topic(prefix, role);
    }

    @Test
    void seedExamplesEndToEnd(TestInfo test) {
        try (Monitor monitor = Monitor.start(config(test));
                KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers())) {
            kafka.sends(topic("sends"), "low@volume.io", 4);
            kafka.bounces(topic("bounces"), "low@volume.io", 1);
            kafka.sends(topic("sends"), "rate@percent.io", 80);
            kafka.bounces(topic("bounces"), "rate@percent.io", 3);
            kafka.sends(topic("sends"), "early@warning.io", 30);
            kafka.bounces(topic("bounces"), "early@warning.io", 3);
            kafka.sends(topic("sends"), "count@absolute.io", 10);
            kafka.bounces(topic("bounces"), "count@absolute.io", 5);
            kafka.sends(topic("sends"), "slide@window.io", 99);
            kafka.bounces(topic("bounces"), "slide@window.io", 6);
            kafka.flush();
            await("the 99 sends and 6 bounces of slide@window.io are counted")
                    .atMost(PATIENCE)
                    .until(() -> totals(kafka, "slide@window.io"), t -> t.equals(List.of(99L, 6L)));
            kafka.send(topic("sends"), "slide@window.io");
            kafka.flush();

            await("every seed example has reached its state")
                    .atMost(PATIENCE)
                    .untilAsserted(
                            () -> {
                                Map<String, JsonNode> state = kafka.latest(topic("mailbox-status"));
                                assertThat(state.get("low@volume.io").get("status").asText())
                                        .isEqualTo("HEALTHY");
                                assertThat(state.get("rate@percent.io").get("status").asText())
                                        .isEqualTo("PAUSED");
                                assertThat(state.get("early@warning.io").get("status").asText())
                                        .isEqualTo("WARNING");
                                assertThat(state.get("count@absolute.io").get("status").asText())
                                        .isEqualTo("PAUSED");
                                JsonNode slid = state.get("slide@window.io");
                                assertThat(slid.get("windowSends").asDouble()).isEqualTo(50.0);
                                assertThat(slid.get("windowBounces").asDouble()).isEqualTo(3.0);
                                assertThat(slid.get("totalSends").asLong()).isEqualTo(100);
                                assertThat(slid.get("totalBounces").asLong()).isEqualTo(6);
                            });

            assertThat(kafka.statusChanges(topic("status-changes"), "low@volume.io")).isEmpty();
            assertThat(lastChange(kafka, "rate@percent.io").get("to").asText()).isEqualTo("PAUSED");
            assertThat(lastChange(kafka, "rate@percent.io").get("reason").asText())
                    .isEqualTo("BOUNCE_RATE");
            assertThat(kafka.statusChanges(topic("status-changes"), "early@warning.io"))
                    .extracting(c -> c.get("to").asText() + " " + c.get("reason").asText())
                    .containsExactly("WARNING EARLY_WARNING");
            assertThat(lastChange(kafka, "count@absolute.io").get("reason").asText())
                    .isEqualTo("BOUNCE_COUNT");
            // Each change carries what its rule measured; the rate's value is the rate it shows,
            // whichever of the sends and bounces the monitor read first.
            JsonNode ratePause = lastChange(kafka, "rate@percent.io").get("evidence");
            assertThat(ratePause.get("rule").asText()).isEqualTo("BOUNCE_RATE");
            assertThat(ratePause.get("threshold").asDouble()).isEqualTo(0.03);
            assertThat(ratePause.get("value").asDouble())
                    .isGreaterThanOrEqualTo(0.03)
                    .isEqualTo(lastChange(kafka, "rate@percent.io").get("bounceRate").asDouble());
            assertThat(lastChange(kafka, "early@warning.io").get("evidence").toString())
                    .isEqualTo("{\"rule\":\"EARLY_WARNING\",\"threshold\":3,\"value\":3}");
            assertThat(lastChange(kafka, "count@absolute.io").get("evidence").toString())
                    .isEqualTo("{\"rule\":\"BOUNCE_COUNT\",\"threshold\":5,\"value\":5}");
            kafka.readAll(topic("status-changes"))
                    .forEach(r -> JsonSchemas.assertValid("status-change.schema.json", r.value()));
            kafka.readAll(topic("mailbox-status"))
                    .forEach(r -> JsonSchemas.assertValid("mailbox-health.schema.json", r.value()));
        }
    }

    @Test
    void restartOnTheSameDataContinuesTheCountsAndRepeatsNoStatusChange(TestInfo test) {
        MonitorConfig config = config(test);
        try (KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers())) {
            try (Monitor first = Monitor.start(config)) {
                kafka.sends(topic("sends"), "alice@restart.io", 10);
                kafka.bounces(topic("bounces"), "alice@restart.io", 3);
                kafka.flush();
                await("alice warns before the restart")
                        .atMost(PATIENCE)
                        .until(
                                () ->
                                        kafka.statusChanges(
                                                                topic("status-changes"),
                                                                "alice@restart.io")
                                                        .size()
                                                == 1);
            }
            try (Monitor second = Monitor.start(config)) {
                kafka.sends(topic("sends"), "alice@restart.io", 5);
                kafka.bounces(topic("bounces"), "alice@restart.io", 2);
                kafka.flush();
                await("the counts continue after the restart")
                        .atMost(PATIENCE)
                        .until(
                                () -> totals(kafka, "alice@restart.io"),
                                t -> t.equals(List.of(15L, 5L)));
            }
            assertThat(kafka.statusChanges(topic("status-changes"), "alice@restart.io"))
                    .extracting(c -> c.get("from").asText() + "->" + c.get("to").asText())
                    .containsExactly("HEALTHY->WARNING", "WARNING->PAUSED");
        }
    }

    @Test
    void malformedRecordsGoToDeadLettersAndTheStreamGoesOn(TestInfo test) {
        try (Monitor monitor = Monitor.start(config(test));
                KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers())) {
            kafka.publish(topic("sends"), "bob@dlq.io", "{not json");
            kafka.publish(topic("bounces"), "bob@dlq.io", "{\"mailbox\":\"bob@dlq.io\"}");
            kafka.sends(topic("sends"), "bob@dlq.io", 2);
            kafka.flush();
            await("the valid sends are counted after the bad records")
                    .atMost(PATIENCE)
                    .until(() -> totals(kafka, "bob@dlq.io"), t -> t.equals(List.of(2L, 0L)));
            // The bad bounce's topic is not ordered with the sends': its dead letter may come in a
            // later commit.
            var dead =
                    await("both bad records are set aside")
                            .atMost(PATIENCE)
                            .until(() -> kafka.readAll(topic("dead-letters")), d -> d.size() >= 2);
            assertThat(dead).hasSize(2);
            assertThat(dead)
                    .extracting(
                            r ->
                                    new String(
                                            r.headers()
                                                    .lastHeader("bouncewatch.error.reason")
                                                    .value(),
                                            StandardCharsets.UTF_8))
                    .anySatisfy(reason -> assertThat(reason).startsWith("invalid JSON"))
                    .anySatisfy(reason -> assertThat(reason).contains("eventId"));
        }
    }

    @Test
    void recordsOnAnotherPartitionThanKafkasDefaultStillMeetTheirMailbox(TestInfo test) {
        try (Monitor monitor = Monitor.start(config(test));
                KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers())) {
            String mailbox = "carol@partitions.io";
            int home =
                    Utils.toPositive(Utils.murmur2(mailbox.getBytes(StandardCharsets.UTF_8))) % 6;
            for (int i = 0; i < 3; i++) {
                // As a librdkafka client (kcat) places them: same key, another partition.
                kafka.publishTo(
                        topic("bounces"),
                        (home + 1) % 6,
                        mailbox,
                        "{\"eventId\":\"elsewhere-" + i + "\",\"mailbox\":\"" + mailbox + "\"}");
            }
            kafka.bounces(topic("bounces"), mailbox, 2);
            kafka.flush();
            await("all five bounces are counted for one mailbox")
                    .atMost(PATIENCE)
                    .until(() -> totals(kafka, mailbox), t -> t.equals(List.of(0L, 5L)));
            assertThat(lastChange(kafka, mailbox).get("to").asText()).isEqualTo("PAUSED");
        }
    }

    private List<Long> totals(KafkaTestClients kafka, String mailbox) {
        JsonNode state = kafka.latest(topic("mailbox-status")).get(mailbox);
        return state == null
                ? List.of()
                : List.of(state.get("totalSends").asLong(), state.get("totalBounces").asLong());
    }

    private JsonNode lastChange(KafkaTestClients kafka, String mailbox) {
        List<JsonNode> changes = kafka.statusChanges(topic("status-changes"), mailbox);
        assertThat(changes).as("status changes of " + mailbox).isNotEmpty();
        return changes.get(changes.size() - 1);
    }
}
