package io.bouncewatch.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.broker.EmbeddedKafkaBroker;
import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.query.RemoteQueries;
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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suppression list across two instances, as schedulers and operators use it: a check of 10,000
 * addresses through either instance gives exactly the suppressed ones, wherever their partitions
 * are; a lookup, the list and its size are the same through either; an operator's removal through
 * one is seen through the other.
 */
class SuppressionsTwoInstancesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String TOKEN = "two-instances-token-0123456789";
    private static final int SUPPRESSED = 200;

    @TempDir Path dir;
    private final HttpClient http = HttpClient.newHttpClient();

    private MonitorConfig instance(EmbeddedKafkaBroker broker, String name) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", broker.bootstrapServers());
        settings.put("http.port", "0");
        settings.put("http.auth.token", TOKEN);
        settings.put("data.dir", dir.resolve(name).toString());
        settings.put("application.id", "it-suppressions-two");
        return MonitorConfig.resolve(new MonitorConfig.Sources().commandLine(settings));
    }

    @Test
    void aCheckOf10000AddressesThroughEitherInstanceGivesExactlyTheSuppressedOnes()
            throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0);
                Monitor first = Monitor.start(instance(broker, "one"));
                Monitor second = Monitor.start(instance(broker, "two"));
                KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers())) {
            Set<String> gone = new TreeSet<>();
            List<String> blocked = new ArrayList<>();
            for (int i = 0; i < SUPPRESSED; i++) {
                String recipient = "gone-" + i + "@example.com";
                gone.add(recipient);
                String mailbox = "sender-" + (i % 20) + "@acme.io";
                kafka.publish(
                        "email.bounces",
                        mailbox,
                        "{\"eventId\":\"b-"
                                + i
                                + "\",\"mailbox\":\""
                                + mailbox
                                + "\",\"recipient\":\""
                                + recipient
                                + "\",\"smtpCode\":550,\"enhancedStatus\":\"5.1.1\","
                                + "\"diagnostic\":\"550 5.1.1 user unknown\"}");
            }
            // Reputation blocks say nothing about the address: nobody is suppressed for them.
            for (int i = 0; i < 50; i++) {
                String recipient = "blocked-" + i + "@gmail.com";
                blocked.add(recipient);
                kafka.publish(
                        "email.bounces",
                        "sender-0@acme.io",
                        "{\"eventId\":\"r-"
                                + i
                                + "\",\"mailbox\":\"sender-0@acme.io\",\"recipient\":\""
                                + recipient
                                + "\",\"smtpCode\":550,\"enhancedStatus\":\"5.7.1\",\"diagnostic\":"
                                + "\"550-5.7.1 Our system has detected that this message is likely"
                                + " suspicious due to the very low reputation of the sending domain"
                                + " - gsmtp\"}");
            }
            kafka.flush();
            int a = first.httpPort();
            int b = second.httpPort();

            await("both instances count every suppressed recipient")
                    .atMost(PATIENCE)
                    .untilAsserted(
                            () -> {
                                for (int port : new int[] {a, b}) {
                                    HttpResponse<String> response =
                                            get(port, "/api/suppressions/summary");
                                    assertThat(response.statusCode())
                                            .as(response.body())
                                            .isEqualTo(200);
                                    JsonNode summary = json(response);
                                    assertThat(summary.get("total").asLong()).isEqualTo(SUPPRESSED);
                                    assertThat(summary.get("byCategory").get("LIST").asLong())
                                            .isEqualTo(SUPPRESSED);
                                }
                            });
            // Each instance holds a share: the check has to gather from both.
            Set<String> ownedByA = listed(a, true);
            Set<String> ownedByB = listed(b, true);
            assertThat(ownedByA).isNotEmpty();
            assertThat(ownedByB).isNotEmpty();
            assertThat(union(ownedByA, ownedByB)).isEqualTo(gone);
            assertThat(listed(a, false)).isEqualTo(gone);
            assertThat(listed(b, false)).isEqualTo(gone);

            List<String> asked = new ArrayList<>(gone);
            asked.addAll(blocked);
            for (int i = 0; asked.size() < 10_000; i++) {
                asked.add("fine-" + i + "@example.org");
            }
            Collections.shuffle(asked, new Random(16));
            String body = JSON.writeValueAsString(Map.of("recipients", asked));
            for (int port : new int[] {a, b}) {
                HttpResponse<String> response =
                        send(port, "POST", "/api/suppressions/check", body, false);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode answer = JSON.readTree(response.body());
                assertThat(answer.get("checked").asInt()).isEqualTo(10_000);
                Set<String> suppressed = new TreeSet<>();
                answer.get("suppressed")
                        .forEach(
                                s -> {
                                    suppressed.add(s.get("recipient").asText());
                                    assertThat(s.get("category").asText()).isEqualTo("LIST");
                                    assertThat(s.get("source").asText()).isEqualTo("BOUNCE");
                                });
                assertThat(suppressed).as("through port " + port).isEqualTo(gone);
                assertThat(answer.get("suppressed")).hasSize(SUPPRESSED);
            }

            // A lookup answers alike through either instance, its owner's or not.
            String someone = ownedByB.iterator().next();
            HttpResponse<String> viaA = get(a, "/api/suppressions/" + someone);
            assertThat(viaA.statusCode()).isEqualTo(200);
            assertThat(get(b, "/api/suppressions/" + someone).body()).isEqualTo(viaA.body());
            JsonNode entry = JSON.readTree(viaA.body());
            assertThat(entry.get("class").asText()).isEqualTo("USER_UNKNOWN");
            assertThat(entry.get("until").isNull()).isTrue();
            assertThat(entry.get("mailbox").asText()).endsWith("@acme.io");
            HttpResponse<String> notSuppressed = get(a, "/api/suppressions/" + blocked.get(0));
            assertThat(notSuppressed.statusCode()).isEqualTo(404);
            assertThat(json(notSuppressed).get("error").asText())
                    .isEqualTo(blocked.get(0) + " is not suppressed");

            // An operator removes it through the instance that does not own it.
            HttpResponse<String> removal =
                    send(
                            a,
                            "DELETE",
                            "/api/suppressions/" + someone,
                            "{\"reason\":\"address fixed\",\"operator\":\"ops@acme.io\"}",
                            true);
            assertThat(removal.statusCode()).isEqualTo(202);
            await("the removal is seen through both instances")
                    .atMost(PATIENCE)
                    .untilAsserted(
                            () -> {
                                assertThat(get(b, "/api/suppressions/" + someone).statusCode())
                                        .isEqualTo(404);
                                assertThat(get(a, "/api/suppressions/" + someone).statusCode())
                                        .isEqualTo(404);
                                assertThat(
                                                json(get(a, "/api/suppressions/summary"))
                                                        .get("total")
                                                        .asLong())
                                        .isEqualTo(SUPPRESSED - 1);
                            });
        }
    }

    private static Set<String> union(Set<String> one, Set<String> other) {
        Set<String> all = new TreeSet<>(one);
        all.addAll(other);
        return all;
    }

    /** The recipients listed by one instance: its own share only when {@code localOnly}. */
    private Set<String> listed(int port, boolean localOnly)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(
                                URI.create(
                                        "http://127.0.0.1:"
                                                + port
                                                + "/api/suppressions?limit=1000"))
                        .timeout(Duration.ofSeconds(10));
        if (localOnly) {
            request.header(RemoteQueries.FORWARDED, "test");
        }
        HttpResponse<String> response =
                http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Set<String> out = new TreeSet<>();
        JSON.readTree(response.body()).forEach(n -> out.add(n.get("recipient").asText()));
        return out;
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(int port, String path)
            throws IOException, InterruptedException {
        return send(port, "GET", path, null, false);
    }

    private HttpResponse<String> send(
            int port, String method, String path, String body, boolean token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token) {
            request.header("Authorization", "Bearer " + TOKEN);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
