package io.bouncewatch.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.broker.EmbeddedKafkaBroker;
import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.runtime.KafkaTestClients;
import io.bouncewatch.runtime.Monitor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances sharing the work, as an operator scales out: every key and every list gives the
 * same answer through either, and when one stops the other answers for everything. The histories
 * are answered alike by both, and the same after a restart.
 */
class TwoInstancesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Pattern PROMETHEUS_LINE =
            Pattern.compile(
                    "^(#.*|[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*\\})? -?[0-9.eE+\\-]+|[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*\\})? (NaN|[+-]Inf))$");

    @TempDir static Path dir;
    private static EmbeddedKafkaBroker broker;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static MonitorConfig instance(String name) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", broker.bootstrapServers());
        settings.put("http.port", "0");
        settings.put("data.dir", dir.resolve(name).toString());
        settings.put("application.id", "it-two-instances");
        settings.put("num.standby.replicas", "1");
        return MonitorConfig.resolve(new MonitorConfig.Sources().commandLine(settings));
    }

    @Test
    void everyKeyAndEveryListIsTheSameFromEitherInstanceAndOneAnswersAloneWhenTheOtherStops()
            throws Exception {
        List<String> mailboxes = new ArrayList<>();
        for (int d = 0; d < 4; d++) {
            for (int m = 0; m < 6; m++) {
                mailboxes.add("sender" + m + "@domain" + d + ".io");
            }
        }
        Monitor first = Monitor.start(instance("one"));
        Monitor second = Monitor.start(instance("two"));
        Monitor restarted = null;
        try (KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers())) {
            for (int i = 0; i < mailboxes.size(); i++) {
                kafka.sends("email.sends", mailboxes.get(i), 10);
                kafka.bounces("email.bounces", mailboxes.get(i), i % 6);
            }
            kafka.flush();
            int a = first.httpPort();
            int b = second.httpPort();

            await("both instances list every mailbox")
                    .atMost(PATIENCE)
                    .untilAsserted(
                            () -> {
                                assertThat(listed(a))
                                        .containsExactlyElementsOf(new TreeSet<>(mailboxes));
                                assertThat(listed(b))
                                        .containsExactlyElementsOf(new TreeSet<>(mailboxes));
                            });
            await("every mailbox has all its events counted")
                    .atMost(PATIENCE)
                    .untilAsserted(
                            () -> {
                                for (int i = 0; i < mailboxes.size(); i++) {
                                    JsonNode state =
                                            JSON.readTree(
                                                    get(a, "/api/mailboxes/" + mailboxes.get(i))
                                                            .body());
                                    assertThat(state.get("totalSends").asLong()).isEqualTo(10);
                                    assertThat(state.get("totalBounces").asLong()).isEqualTo(i % 6);
                                }
                            });
            // A mailbox learns its domain's block through the domain hop, a commit after its own
            // events, so two reads a moment apart may straddle that update: the instances must
            // agree once it has landed.
            await("both instances answer every mailbox alike")
                    .atMost(PATIENCE)
                    .untilAsserted(
                            () -> {
                                for (String mailbox : mailboxes) {
                                    HttpResponse<String> viaA = get(a, "/api/mailboxes/" + mailbox);
                                    HttpResponse<String> viaB = get(b, "/api/mailboxes/" + mailbox);
                                    assertThat(viaA.statusCode()).isEqualTo(200);
                                    assertThat(viaB.body()).as(mailbox).isEqualTo(viaA.body());
                                }
                            });
            // Domains follow their mailboxes through a re-keying hop of their own, a commit later.
            await("both instances answer every domain alike")
                    .atMost(PATIENCE)
                    .untilAsserted(
                            () -> {
                                for (int d = 0; d < 4; d++) {
                                    assertThat(get(b, "/api/domains/domain" + d + ".io").body())
                                            .isEqualTo(
                                                    get(a, "/api/domains/domain" + d + ".io")
                                                            .body());
                                }
                                assertThat(JSON.readTree(get(a, "/api/domains").body())).hasSize(4);
                                assertThat(get(b, "/api/domains").body())
                                        .isEqualTo(get(a, "/api/domains").body());
                            });

            Map<String, String> histories = new LinkedHashMap<>();
            await("both instances answer every history alike")
                    .atMost(PATIENCE)
                    .untilAsserted(
                            () -> {
                                for (int i = 0; i < mailboxes.size(); i++) {
                                    String path = "/api/mailboxes/" + mailboxes.get(i) + "/history";
                                    HttpResponse<String> viaA = get(a, path);
                                    assertThat(viaA.statusCode()).as(path).isEqualTo(200);
                                    JsonNode history = JSON.readTree(viaA.body());
                                    assertThat(history.get("bounces")).hasSize(i % 6);
                                    // A window sample at each change at least.
                                    if (!history.get("changes").isEmpty()) {
                                        assertThat(history.get("window")).isNotEmpty();
                                    }
                                    assertThat(get(b, path).body()).as(path).isEqualTo(viaA.body());
                                    histories.put(path, viaA.body());
                                }
                                for (int d = 0; d < 4; d++) {
                                    String path = "/api/domains/domain" + d + ".io/history";
                                    HttpResponse<String> viaA = get(a, path);
                                    assertThat(viaA.statusCode()).as(path).isEqualTo(200);
                                    JsonNode ratio = JSON.readTree(viaA.body()).get("ratio");
                                    assertThat(ratio).isNotEmpty();
                                    // Settled: the last sample counts every mailbox of the domain,
                                    // so no later change can come before the restart below.
                                    String members = "@domain" + d + ".io";
                                    assertThat(
                                                    ratio.get(ratio.size() - 1)
                                                            .get("totalMailboxes")
                                                            .asLong())
                                            .as(path)
                                            .isEqualTo(
                                                    mailboxes.stream()
                                                            .filter(m -> m.endsWith(members))
                                                            .count());
                                    assertThat(get(b, path).body()).as(path).isEqualTo(viaA.body());
                                    histories.put(path, viaA.body());
                                }
                            });
            for (int port : new int[] {a, b}) {
                HttpResponse<String> unknown =
                        get(port, "/api/mailboxes/nobody@nowhere.io/history");
                assertThat(unknown.statusCode()).isEqualTo(404);
                assertThat(JSON.readTree(unknown.body()).get("error").asText())
                        .contains("nobody@nowhere.io");
                assertThat(get(port, "/api/domains/nowhere.io/history").statusCode())
                        .isEqualTo(404);
            }

            // Kafka Streams' sensors reach /metrics at the next refresh after their tasks start.
            String metrics =
                    await("the metrics show the mailboxes and the stream's counters")
                            .atMost(PATIENCE)
                            .until(
                                    () -> get(a, "/metrics").body(),
                                    body ->
                                            body.contains(
                                                            "bouncewatch_mailboxes{status=\"PAUSED\"}")
                                                    && body.contains(
                                                            "kafka_stream_bouncewatch_dead_letters_total"));
            metrics.lines()
                    .filter(l -> !l.isBlank())
                    .forEach(
                            line ->
                                    assertThat(PROMETHEUS_LINE.matcher(line).matches())
                                            .as("Prometheus text line: " + line)
                                            .isTrue());
            // 12 mailboxes reach 3 bounces under 60 sends; each instance counts the changes it
            // decides.
            await("the early-warning counters of both instances add up to the changes")
                    .atMost(PATIENCE)
                    .until(
                            () ->
                                    counter(
                                                            a,
                                                            "kafka_stream_bouncewatch_status_changes_early_warning_total")
                                                    + counter(
                                                            b,
                                                            "kafka_stream_bouncewatch_status_changes_early_warning_total")
                                            >= 12);

            // Each instance counts the sends it decides; the series of either sum both.
            await("the series of either instance count the sends of both")
                    .atMost(PATIENCE)
                    .untilAsserted(
                            () -> {
                                double counted =
                                        counter(a, "kafka_stream_bouncewatch_sends_total")
                                                + counter(
                                                        b, "kafka_stream_bouncewatch_sends_total");
                                assertThat(counted).isGreaterThanOrEqualTo(10.0 * mailboxes.size());
                                for (int port : new int[] {a, b}) {
                                    JsonNode series =
                                            JSON.readTree(get(port, "/api/series").body());
                                    assertThat(series.get("instances").get("answered").asInt())
                                            .isEqualTo(2);
                                    assertThat(series.get("instances").get("total").asInt())
                                            .isEqualTo(2);
                                    long sends = 0;
                                    for (JsonNode minute : series.get("sends")) {
                                        sends += minute.asLong();
                                    }
                                    assertThat((double) sends).isEqualTo(counted);
                                }
                            });

            second.close();
            await("the remaining instance answers for every mailbox")
                    .atMost(PATIENCE)
                    .untilAsserted(
                            () -> {
                                for (String mailbox : mailboxes) {
                                    assertThat(get(a, "/api/mailboxes/" + mailbox).statusCode())
                                            .as(mailbox)
                                            .isEqualTo(200);
                                }
                                assertThat(listed(a)).hasSize(mailboxes.size());
                            });

            first.close();
            restarted = Monitor.start(instance("one"));
            int again = restarted.httpPort();
            await("a restarted instance serves the same histories")
                    .atMost(PATIENCE)
                    .untilAsserted(
                            () -> {
                                for (Map.Entry<String, String> history : histories.entrySet()) {
                                    assertThat(get(again, history.getKey()).body())
                                            .as(history.getKey())
                                            .isEqualTo(history.getValue());
                                }
                            });
        } finally {
            second.close();
            first.close();
            if (restarted != null) {
                restarted.close();
            }
        }
    }

    /** The sum of a counter's series (one per stream thread) in an instance's scrape. */
    private double counter(int port, String name) throws IOException, InterruptedException {
        return get(port, "/metrics")
                .body()
                .lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private Set<String> listed(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = get(port, "/api/mailboxes?limit=1000");
        assertThat(response.statusCode()).as("list status: " + response.body()).isEqualTo(200);
        Set<String> out = new TreeSet<>();
        JSON.readTree(response.body()).forEach(n -> out.add(n.get("mailbox").asText()));
        return out;
    }

    private HttpResponse<String> get(int port, String path)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
