package io.bouncewatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.broker.EmbeddedKafkaBroker;
import io.bouncewatch.config.MonitorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data behind the dashboard's charts and its dead-letter and lag views, on a real broker: the
 * series count what the monitor processed, the malformed record is among the latest dead letters
 * with its reason and topic, the lag names every input topic, and the minutes survive a restart on
 * the same data dir. The series are sampled every second here, not every minute.
 */
class SeriesIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "series";

    @TempDir static Path brokerDir;
    private static EmbeddedKafkaBroker broker;

    @TempDir Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(brokerDir, 0);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private MonitorConfig config() {
        return MonitorSettings.resolve(
                MonitorSettings.of(broker.bootstrapServers(), dataDir, PREFIX));
    }

    private static String topic(String role) {
        return MonitorSettings.topic(PREFIX, role);
    }

    private HttpResponse<String> get(Monitor monitor, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitor.httpPort() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode api(Monitor monitor, String path) throws Exception {
        HttpResponse<String> response = get(monitor, path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The sum of a series' values, its nulls left out. */
    private static long sum(JsonNode values) {
        long sum = 0;
        for (JsonNode v : values) {
            sum += v.isNull() ? 0 : v.asLong();
        }
        return sum;
    }

    private static List<JsonNode> recorded(JsonNode values) {
        List<JsonNode> out = new ArrayList<>();
        values.forEach(
                v -> {
                    if (!v.isNull()) {
                        out.add(v);
                    }
                });
        return out;
    }

    @Test
    void theSeriesCountWhatWasProcessedAndSurviveARestart() throws Exception {
        String mailbox = "news@acme.io";
        try (Monitor monitor = Monitor.start(config(), SAMPLE_EVERY);
                KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers())) {
            kafka.sends(topic("sends"), mailbox, 20);
            kafka.bounces(topic("bounces"), mailbox, 2);
            kafka.publish(topic("sends"), mailbox, "{\"eventId\":\"broken\",");
            kafka.flush();

            await("the series count the events")
                    .atMost(PATIENCE)
                    .untilAsserted(
                            () -> {
                                JsonNode series = api(monitor, "/api/series");
                                assertThat(series.get("minutes")).hasSize(60);
                                assertThat(sum(series.get("sends"))).isEqualTo(20);
                                assertThat(sum(series.get("bounces"))).isEqualTo(2);
                                assertThat(sum(series.get("deadLetters"))).isEqualTo(1);
                                assertThat(recorded(series.get("eventsPerSecond"))).isNotEmpty();
                                assertThat(recorded(series.get("bounceRate"))).isNotEmpty();
                                JsonNode mailboxes = series.get("mailboxes");
                                int last = series.get("minutes").size() - 1;
                                assertThat(
                                                mailboxes.get("HEALTHY").get(last).asLong()
                                                        + mailboxes
                                                                .get("WARNING")
                                                                .get(last)
                                                                .asLong()
                                                        + mailboxes
                                                                .get("PAUSED")
                                                                .get(last)
                                                                .asLong())
                                        .isEqualTo(1);
                                assertThat(series.get("instances").get("answered").asInt())
                                        .isEqualTo(1);
                                assertThat(series.get("instances").get("total").asInt())
                                        .isEqualTo(1);
                            });
            // The current minute is the last: what was just counted is in it or the one before.
            JsonNode series = api(monitor, "/api/series?range=24h");
            JsonNode sends = series.get("sends");
            assertThat(series.get("minutes")).hasSize(1440);
            assertThat(sends.get(1439).asLong() + sends.get(1438).asLong()).isEqualTo(20);
            assertThat(sends.get(0).isNull()).isTrue();

            // The series count a dead letter as it is set aside; the list reads it from its
            // topic once the transaction that wrote it is committed.
            JsonNode dead =
                    await("the dead letter is listed")
                            .atMost(PATIENCE)
                            .until(
                                    () -> api(monitor, "/api/dead-letters?limit=10"),
                                    list -> list.size() == 1)
                            .get(0);
            assertThat(dead.get("topic").asText()).isEqualTo(topic("sends"));
            assertThat(dead.get("partition").isInt()).isTrue();
            assertThat(dead.get("offset").asLong()).isEqualTo(20);
            assertThat(dead.get("reason").asText()).isNotBlank();
            assertThat(dead.get("key").asText()).isEqualTo(mailbox);
            assertThat(dead.get("value").asText()).isEqualTo("{\"eventId\":\"broken\",");
            assertThat(dead.get("at").asText()).endsWith("Z");

            await("the lag is caught up")
                    .atMost(PATIENCE)
                    .untilAsserted(
                            () -> {
                                JsonNode lag = api(monitor, "/api/lag");
                                List<String> topics = new ArrayList<>();
                                lag.get("topics").forEach(t -> topics.add(t.get("topic").asText()));
                                assertThat(topics)
                                        .containsExactlyElementsOf(
                                                monitor.config().topics().inputs());
                                assertThat(lag.get("topics").get(0).get("partitions").asInt())
                                        .isPositive();
                                assertThat(lag.get("total").asLong()).isZero();
                            });
        }

        try (Monitor restarted = Monitor.start(config(), SAMPLE_EVERY)) {
            JsonNode series = api(restarted, "/api/series?range=24h");
            assertThat(sum(series.get("sends"))).isEqualTo(20);
            assertThat(sum(series.get("deadLetters"))).isEqualTo(1);
        }
    }
}
