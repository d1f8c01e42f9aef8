package io.bouncewatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bouncewatch.broker.EmbeddedKafkaBroker;
import io.bouncewatch.config.MonitorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor with its write-behind turned off ({@code state.write-behind=false}) on a real broker:
 * states go through Kafka Streams' record cache, reach the changelog with the commits and survive a
 * restart, and the outputs are those of the write-behind.
 */
class WriteThroughIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String PREFIX = "write-through";

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
        settings.put("state.write-behind", "false");
        return MonitorSettings.resolve(settings);
    }

    private static String topic(String role) {
        return MonitorSettings.topic(PREFIX, role);
    }

    @Test
    void statesAreCountedPublishedAndRestoredAfterARestart() {
        MonitorConfig config = config();
        try (KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers())) {
            try (Monitor first = Monitor.start(config)) {
                kafka.sends(topic("sends"), "alice@through.io", 10);
                kafka.bounces(topic("bounces"), "alice@through.io", 3);
                kafka.sends(topic("sends"), "bob@through.io", 4);
                kafka.flush();
                await("alice warns and both mailboxes are published")
                        .atMost(PATIENCE)
                        .until(
                                () ->
                                        totals(kafka, "alice@through.io").equals(List.of(10L, 3L))
                                                && totals(kafka, "bob@through.io")
                                                        .equals(List.of(4L, 0L)));
            }
            try (Monitor second = Monitor.start(config)) {
                kafka.sends(topic("sends"), "alice@through.io", 5);
                kafka.bounces(topic("bounces"), "alice@through.io", 2);
                kafka.flush();
                await("the counts continue from the restored states")
                        .atMost(PATIENCE)
                        .until(
                                () -> totals(kafka, "alice@through.io"),
                                t -> t.equals(List.of(15L, 5L)));
            }
            assertThat(kafka.statusChanges(topic("status-changes"), "alice@through.io"))
                    .extracting(c -> c.get("from").asText() + "->" + c.get("to").asText())
                    .containsExactly("HEALTHY->WARNING", "WARNING->PAUSED");
        }
    }

    private static List<Long> totals(KafkaTestClients kafka, String mailbox) {
        JsonNode state = kafka.latest(topic("mailbox-status")).get(mailbox);
        return state == null
                ? List.of()
                : List.of(state.get("totalSends").asLong(), state.get("totalBounces").asLong());
    }
}
