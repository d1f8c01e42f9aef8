package io.bouncewatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bouncewatch.broker.EmbeddedKafkaBroker;
import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.testing.SnsSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Amazon SES through SNS end to end against a real broker: signed SNS messages posted to {@code
 * POST /ingest/ses}, their certificate from a trusted {@code file:} prefix. A user-unknown bounce
 * suppresses its recipient; a Gmail reputation block that SES calls Permanent suppresses nobody; a
 * redelivered message counts once; a forged or untrusted message and a subscription to another
 * topic are refused and record nothing; a subscription to our topic is confirmed.
 */
class SesWebhookIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String PREFIX = "ses-ingest";
    private static final String TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:ses-events";
    private static final String MAILBOX = "alice@acme.io";

    @TempDir static Path brokerDir;
    private static EmbeddedKafkaBroker broker;

    @TempDir Path dataDir;
    @TempDir Path certDir;

    private final SnsSigner sns = new SnsSigner();
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
        Map<String, String> settings =
                MonitorSettings.of(broker.bootstrapServers(), dataDir, PREFIX);
        settings.put("ingest.ses.topic-arns", TOPIC_ARN);
        settings.put("ingest.ses.certificate-source", certDir.toUri().toString());
        return MonitorSettings.resolve(settings);
    }

    private static String topic(String role) {
        return MonitorSettings.topic(PREFIX, role);
    }

    private String certUrl() {
        return certDir.resolve("sns.pem").toUri().toString();
    }

    /** SES's bounce notification, one recipient, as SES publishes it to SNS. */
    private static String bounce(
            String feedbackId,
            String messageId,
            String bounceType,
            String recipient,
            String status,
            String diagnostic) {
        return "{\"notificationType\":\"Bounce\",\"bounce\":{\"bounceType\":\""
                + bounceType
                + "\",\"bounceSubType\":\"General\",\"feedbackId\":\""
                + feedbackId
                + "\",\"timestamp\":\""
                + Instant.now()
                + "\",\"bouncedRecipients\":[{\"emailAddress\":\""
                + recipient
                + "\",\"action\":\"failed\",\"status\":\""
                + status
                + "\",\"diagnosticCode\":\"smtp; "
                + diagnostic
                + "\"}]},\"mail\":{\"timestamp\":\""
                + Instant.now()
                + "\",\"messageId\":\""
                + messageId
                + "\",\"source\":\"Alice <"
                + MAILBOX
                + ">\",\"destination\":[\""
                + recipient
                + "\"]}}";
    }

    private byte[] notification(String snsMessageId, String sesMessage) {
        return sns.notification(
                TOPIC_ARN, snsMessageId, sesMessage, Instant.now().toString(), certUrl());
    }

    private HttpResponse<String> post(Monitor monitor, byte[] body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(
                                URI.create(
                                        "http://127.0.0.1:" + monitor.httpPort() + "/ingest/ses"))
                        .header("Content-Type", "text/plain; charset=UTF-8")
                        .header("x-amz-sns-message-type", "Notification")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode body(HttpResponse<String> response) {
        return KafkaTestClients.json(response.body());
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void signedSesEventsSuppressTheRightRecipientsOnceAndForgeriesRecordNothing() throws Exception {
        Files.write(certDir.resolve("sns.pem"), sns.certificatePem());
        Files.writeString(certDir.resolve("confirm"), "<ConfirmSubscriptionResponse/>");
        try (KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers());
                Monitor monitor = Monitor.start(config())) {
            byte[] userUnknown =
                    notification(
                            "sns-1",
                            bounce(
                                    "fb-1",
                                    "m-1",
                                    "Permanent",
                                    "Bob@Example.com",
                                    "5.1.1",
                                    "550 5.1.1 user unknown"));
            HttpResponse<String> first = post(monitor, userUnknown);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(body(first).get("accepted").asInt()).isEqualTo(2);

            // SES calls Gmail's reputation block Permanent too: the reply decides.
            HttpResponse<String> reputation =
                    post(
                            monitor,
                            notification(
                                    "sns-2",
                                    bounce(
                                            "fb-2",
                                            "m-2",
                                            "Permanent",
                                            "carol@gmail.com",
                                            "5.7.1",
                                            "550-5.7.1 [192.0.2.1] Our system has detected that"
                                                    + " this message is likely suspicious due to"
                                                    + " the very low reputation of the sending"
                                                    + " domain.")));
            assertThat(reputation.statusCode()).isEqualTo(200);

            // SNS delivers the first message again, then a third bounce follows it.
            assertThat(post(monitor, userUnknown).statusCode()).isEqualTo(200);
            assertThat(
                            post(
                                            monitor,
                                            notification(
                                                    "sns-3",
                                                    bounce(
                                                            "fb-3",
                                                            "m-3",
                                                            "Transient",
                                                            "dave@example.com",
                                                            "4.2.2",
                                                            "452 4.2.2 mailbox full")))
                                    .statusCode())
                    .isEqualTo(200);

            await("the user-unknown recipient is suppressed")
                    .atMost(PATIENCE)
                    .until(
                            () -> kafka.latest(topic("suppressions")),
                            list -> list.containsKey("bob@example.com"));
            JsonNode bob = kafka.latest(topic("suppressions")).get("bob@example.com");
            assertThat(bob.get("category").asText()).isEqualTo("LIST");
            assertThat(bob.get("causeEventId").asText()).isEqualTo("fb-1:bob@example.com");
            assertThat(bob.get("mailbox").asText()).isEqualTo(MAILBOX);

            // The third bounce is behind the redelivered one on the same partition: once it is
            // counted, so is the redelivery, which counted nothing.
            await("the mailbox counted the third bounce")
                    .atMost(PATIENCE)
                    .until(
                            () -> kafka.latest(topic("mailbox-status")).get(MAILBOX),
                            h -> h != null && h.get("totalBounces").asInt() >= 3);
            JsonNode alice = kafka.latest(topic("mailbox-status")).get(MAILBOX);
            assertThat(alice.get("totalBounces").asInt()).isEqualTo(3);
            assertThat(kafka.latest(topic("suppressions")))
                    .doesNotContainKey("carol@gmail.com")
                    .doesNotContainKey("dave@example.com");

            // Refused requests record nothing.
            int bouncesBefore = kafka.readAll(topic("bounces")).size();
            var forged =
                    SnsSigner.fields(
                            notification(
                                    "sns-4",
                                    bounce(
                                            "fb-4",
                                            "m-4",
                                            "Permanent",
                                            "eve@example.com",
                                            "5.1.1",
                                            "550 5.1.1 user unknown")));
            forged.put(
                    "Message",
                    bounce(
                            "fb-4",
                            "m-4",
                            "Permanent",
                            "frank@example.com",
                            "5.1.1",
                            "550 5.1.1 no such user"));
            HttpResponse<String> badSignature = post(monitor, SnsSigner.bytes(forged));
            assertThat(badSignature.statusCode()).isEqualTo(401);
            assertThat(body(badSignature).get("error").asText()).contains("does not verify");

            HttpResponse<String> untrusted =
                    post(
                            monitor,
                            sns.notification(
                                    TOPIC_ARN,
                                    "sns-5",
                                    bounce(
                                            "fb-5",
                                            "m-5",
                                            "Permanent",
                                            "eve@example.com",
                                            "5.1.1",
                                            "550 5.1.1 user unknown"),
                                    Instant.now().toString(),
                                    "https://attacker.example/sns.pem"));
            assertThat(untrusted.statusCode()).isEqualTo(403);
            assertThat(body(untrusted).get("error").asText()).contains("SigningCertURL");

            // Subscriptions: ours is confirmed, another topic's is refused.
            HttpResponse<String> ours =
                    post(
                            monitor,
                            sns.subscriptionConfirmation(
                                    TOPIC_ARN,
                                    certDir.resolve("confirm").toUri() + "?Token=abc",
                                    Instant.now().toString(),
                                    certUrl()));
            assertThat(ours.statusCode()).as(ours.body()).isEqualTo(200);
            assertThat(body(ours).get("accepted").asInt()).isZero();
            HttpResponse<String> unconfirmed =
                    post(
                            monitor,
                            sns.subscriptionConfirmation(
                                    TOPIC_ARN,
                                    certDir.resolve("gone").toUri().toString(),
                                    Instant.now().toString(),
                                    certUrl()));
            assertThat(unconfirmed.statusCode())
                    .as("a confirmation that could not be fetched is retried by SNS")
                    .isEqualTo(503);
            HttpResponse<String> theirs =
                    post(
                            monitor,
                            sns.subscriptionConfirmation(
                                    "arn:aws:sns:us-east-1:999999999999:someone-else",
                                    certDir.resolve("confirm").toUri().toString(),
                                    Instant.now().toString(),
                                    certUrl()));
            assertThat(theirs.statusCode()).isEqualTo(403);

            // A verified message that is no SES event goes to the dead letters, saying why.
            HttpResponse<String> notSes = post(monitor, notification("sns-6", "Hello world"));
            assertThat(body(notSes).get("rejected").asInt()).isEqualTo(1);
            await("the message that is no SES event is dead-lettered")
                    .atMost(PATIENCE)
                    .until(
                            () ->
                                    kafka.readAll(topic("dead-letters")).stream()
                                            .filter(
                                                    r ->
                                                            "ingest/ses"
                                                                    .equals(
                                                                            header(
                                                                                    r,
                                                                                    "bouncewatch.error.topic")))
                                            .toList(),
                            dead -> !dead.isEmpty());
            assertThat(kafka.readAll(topic("bounces"))).hasSize(bouncesBefore);
        }
    }
}
