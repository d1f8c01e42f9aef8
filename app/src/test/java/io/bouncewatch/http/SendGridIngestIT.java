package io.bouncewatch.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bouncewatch.broker.EmbeddedKafkaBroker;
import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.ingest.SendGridWebhook;
import io.bouncewatch.ingest.TestSigner;
import io.bouncewatch.runtime.KafkaTestClients;
import io.bouncewatch.runtime.Monitor;
import io.bouncewatch.runtime.MonitorSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SendGrid Event Webhook end to end against a real broker: a signed batch in, suppressions and
 * a status change out. A user-unknown bounce suppresses its recipient, a Gmail reputation block
 * suppresses nobody, enough bounces pause the mailbox, an event without the sender's custom
 * argument is a dead letter with its reason while the rest of its batch counts, a redelivered batch
 * counts once, and a request with a bad signature or a stale timestamp records nothing.
 */
class SendGridIngestIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String PREFIX = "sendgrid-ingest";
    private static final String MAILBOX = "alice@acme.io";
    private static final String USER_UNKNOWN =
            "550 5.1.1 The email account that you tried to reach does not exist.";
    private static final String GMAIL_REPUTATION =
            "550-5.7.1 [203.0.113.7] Gmail has detected that this message is likely suspicious"
                    + " due to the very low reputation of the sending domain.";

    @TempDir static Path dir;
    private static EmbeddedKafkaBroker broker;

    private final TestSigner signer = TestSigner.newSigner();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private MonitorConfig config() {
        Map<String, String> settings =
                MonitorSettings.of(broker.bootstrapServers(), dir.resolve("data"), PREFIX);
        settings.put("ingest.sendgrid.public-key", signer.publicKey());
        return MonitorSettings.resolve(settings);
    }

    private static String topic(String role) {
        return MonitorSettings.topic(PREFIX, role);
    }

    private static ObjectNode event(ArrayNode batch, String kind, String message, String email) {
        return batch.addObject()
                .put("email", email)
                .put("timestamp", Instant.now().getEpochSecond())
                .put("smtp-id", "<" + message + "@ismtpd0039p1iad1.sendgrid.net>")
                .put("event", kind)
                .put("sg_event_id", kind + "-" + message)
                .put("sg_message_id", message + ".filterdrecv-p3mdw1-756b745b58-kmzbl-18-0.0")
                .put("bw_mailbox", MAILBOX);
    }

    private static void bounce(
            ArrayNode batch,
            String message,
            String email,
            String type,
            String reason,
            String classification) {
        event(batch, "processed", message, email);
        event(batch, "bounce", message, email)
                .put("type", type)
                .put("reason", reason)
                .put("status", "5.0.0")
                .put("bounce_classification", classification);
    }

    private HttpResponse<String> post(Monitor monitor, byte[] body, String ts, String signature)
            throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(
                                URI.create(
                                        "http://127.0.0.1:"
                                                + monitor.httpPort()
                                                + "/ingest/sendgrid"))
                        .header("Content-Type", "application/json")
                        .header(SendGridWebhook.SIGNATURE_HEADER, signature)
                        .header(SendGridWebhook.TIMESTAMP_HEADER, ts)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private int ready(Monitor monitor) throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                "http://127.0.0.1:"
                                                        + monitor.httpPort()
                                                        + "/health/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private HttpResponse<String> postSigned(Monitor monitor, byte[] body)
            throws IOException, InterruptedException {
        String ts = Long.toString(Instant.now().getEpochSecond());
        return post(monitor, body, ts, signer.sign(ts, body));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<String, String>> ingestDeadLetters(KafkaTestClients kafka) {
        return kafka.readAll(topic("dead-letters")).stream()
                .filter(r -> "ingest/sendgrid".equals(header(r, "bouncewatch.error.topic")))
                .toList();
    }

    @Test
    void aSignedBatchSuppressesPausesAndCountsOnceWhileRefusedRequestsRecordNothing()
            throws Exception {
        try (KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers());
                Monitor monitor = Monitor.start(config())) {
            ArrayNode batch = JSON.createArrayNode();
            for (int i = 1; i <= 5; i++) {
                bounce(
                        batch,
                        "m" + i,
                        "Bob" + i + "@Example.com",
                        "bounce",
                        USER_UNKNOWN,
                        "Invalid Address");
            }
            bounce(batch, "m6", "carol@gmail.com", "blocked", GMAIL_REPUTATION, "Reputation");
            event(batch, "delivered", "m7", "dave@example.com").remove("bw_mailbox");
            event(batch, "open", "m1", "bob1@example.com");
            byte[] body = JSON.writeValueAsBytes(batch);
            String ts = Long.toString(Instant.now().getEpochSecond());
            String signature = signer.sign(ts, body);

            await("the monitor is ready")
                    .atMost(PATIENCE)
                    .until(() -> ready(monitor), r -> r == 200);
            HttpResponse<String> first = post(monitor, body, ts, signature);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(JSON.readTree(first.body()).get("rejected").asInt()).isEqualTo(1);

            await("the user-unknown recipients are suppressed")
                    .atMost(PATIENCE)
                    .until(() -> kafka.latest(topic("suppressions")), s -> s.size() >= 5);
            Map<String, JsonNode> suppressed = kafka.latest(topic("suppressions"));
            assertThat(suppressed)
                    .containsOnlyKeys(
                            "bob1@example.com",
                            "bob2@example.com",
                            "bob3@example.com",
                            "bob4@example.com",
                            "bob5@example.com");
            JsonNode bob = suppressed.get("bob1@example.com");
            assertThat(bob.get("category").asText()).isEqualTo("LIST");
            assertThat(bob.get("class").asText()).isEqualTo("USER_UNKNOWN");
            assertThat(bob.get("mailbox").asText()).isEqualTo(MAILBOX);
            assertThat(bob.get("causeEventId").asText()).isEqualTo("bounce-m1");

            await("five user-unknown bounces pause the mailbox")
                    .atMost(PATIENCE)
                    .until(
                            () -> kafka.statusChanges(topic("status-changes"), MAILBOX),
                            changes ->
                                    changes.stream()
                                            .anyMatch(c -> "PAUSED".equals(c.get("to").asText())));

            List<ConsumerRecord<String, String>> dead = ingestDeadLetters(kafka);
            assertThat(dead).hasSize(1);
            assertThat(header(dead.get(0), "bouncewatch.error.reason"))
                    .startsWith("a SendGrid delivered event has no custom argument 'bw_mailbox'");
            assertThat(JSON.readTree(dead.get(0).value()).get("email").asText())
                    .isEqualTo("dave@example.com");

            // SendGrid delivers the same batch again: it is accepted and counts nothing new.
            assertThat(post(monitor, body, ts, signature).statusCode()).isEqualTo(200);

            // Refused: a bounce signed by another key, and one signed too long ago.
            ArrayNode forged = JSON.createArrayNode();
            bounce(forged, "f1", "mallory@example.com", "bounce", USER_UNKNOWN, "Invalid Address");
            byte[] forgedBody = JSON.writeValueAsBytes(forged);
            String now = Long.toString(Instant.now().getEpochSecond());
            HttpResponse<String> badSignature =
                    post(monitor, forgedBody, now, TestSigner.newSigner().sign(now, forgedBody));
            assertThat(badSignature.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(badSignature.body()).has("error")).isTrue();
            String stale =
                    Long.toString(Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond());
            HttpResponse<String> staleTimestamp =
                    post(monitor, forgedBody, stale, signer.sign(stale, forgedBody));
            assertThat(staleTimestamp.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(staleTimestamp.body()).has("error")).isTrue();

            // A last batch after all of those, on the mailbox's own partitions: once it counts,
            // everything before it has been counted or was never recorded.
            ArrayNode marker = JSON.createArrayNode();
            bounce(marker, "m8", "zed@example.com", "bounce", USER_UNKNOWN, "Invalid Address");
            assertThat(postSigned(monitor, JSON.writeValueAsBytes(marker)).statusCode())
                    .isEqualTo(200);
            // Its send and its bounce go to two topics, which are not ordered with each other.
            await("the last batch is counted")
                    .atMost(PATIENCE)
                    .until(
                            () -> kafka.latest(topic("mailbox-status")).get(MAILBOX),
                            h ->
                                    h != null
                                            && h.get("totalBounces").asInt() >= 7
                                            && h.get("totalSends").asInt() >= 7);
            JsonNode alice = kafka.latest(topic("mailbox-status")).get(MAILBOX);
            assertThat(alice.get("totalBounces").asInt())
                    .as("6 bounces, once, then 1")
                    .isEqualTo(7);
            assertThat(alice.get("totalSends").asInt()).as("6 messages, once, then 1").isEqualTo(7);
            await("the last batch's recipient is suppressed")
                    .atMost(PATIENCE)
                    .until(
                            () -> kafka.latest(topic("suppressions")),
                            s -> s.containsKey("zed@example.com"));
            assertThat(kafka.latest(topic("suppressions")))
                    .doesNotContainKeys("mallory@example.com", "carol@gmail.com");
            assertThat(ingestDeadLetters(kafka))
                    .as("the redelivered batch's one rejected event, and nothing refused")
                    .hasSize(2)
                    .allSatisfy(
                            r ->
                                    assertThat(JSON.readTree(r.value()).get("email").asText())
                                            .isEqualTo("dave@example.com"));
        }
    }
}
