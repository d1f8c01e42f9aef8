package io.bouncewatch.runtime;

import static io.bouncewatch.runtime.Webhooks.MAILGUN_KEY;
import static io.bouncewatch.runtime.Webhooks.POSTMARK_PASSWORD;
import static io.bouncewatch.runtime.Webhooks.POSTMARK_USER;
import static io.bouncewatch.runtime.Webhooks.basic;
import static io.bouncewatch.runtime.Webhooks.json;
import static io.bouncewatch.runtime.Webhooks.mailgun;
import static io.bouncewatch.runtime.Webhooks.mailgunDelivered;
import static io.bouncewatch.runtime.Webhooks.mailgunFailure;
import static io.bouncewatch.runtime.Webhooks.postmarkBounce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bouncewatch.broker.EmbeddedKafkaBroker;
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
 * Provider webhooks end to end against a real broker: a signed Mailgun failure and a Postmark
 * bounce with its credentials go through the input topics into the rules (a user unknown suppresses
 * its recipient, a Gmail reputation block does not), a redelivered webhook counts once, and a
 * request that fails verification is answered 401 or 403 and recorded nowhere.
 */
class WebhookIngestIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String PREFIX = "webhooks";

    @TempDir static Path brokerDir;
    @TempDir static Path dataDir;
    private static EmbeddedKafkaBroker broker;
    private static Monitor monitor;
    private static Webhooks webhooks;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.start(brokerDir, 0);
        Map<String, String> settings =
                MonitorSettings.of(broker.bootstrapServers(), dataDir, PREFIX);
        settings.put("ingest.mailgun.signing-key", MAILGUN_KEY);
        settings.put("ingest.postmark.username", POSTMARK_USER);
        settings.put("ingest.postmark.password", POSTMARK_PASSWORD);
        monitor = Monitor.start(MonitorSettings.resolve(settings));
        webhooks = new Webhooks(monitor.httpPort());
    }

    @AfterAll
    static void stop() {
        if (monitor != null) {
            monitor.close();
        }
        broker.close();
    }

    private static String topic(String role) {
        return MonitorSettings.topic(PREFIX, role);
    }

    private static HttpResponse<String> toMailgun(byte[] body) throws Exception {
        return webhooks.post("/ingest/mailgun", body);
    }

    private static HttpResponse<String> toPostmark(byte[] body, String authorization)
            throws Exception {
        return authorization == null
                ? webhooks.post("/ingest/postmark", body)
                : webhooks.post("/ingest/postmark", body, "Authorization", authorization);
    }

    /** Waits until the mailbox has counted this many sends, and answers its totals. */
    private static JsonNode afterSends(String mailbox, int sends) {
        return afterCounts(mailbox, sends, 0);
    }

    /**
     * Waits until the mailbox has counted at least this many sends and bounces (two topics, not
     * ordered with each other), and answers its totals.
     */
    private static JsonNode afterCounts(String mailbox, int sends, int bounces) {
        return await(mailbox + " has counted " + sends + " sends and " + bounces + " bounces")
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> webhooks.mailbox(mailbox),
                        m ->
                                m != null
                                        && m.get("totalSends").asInt() >= sends
                                        && m.get("totalBounces").asInt() >= bounces);
    }

    private static void awaitSuppressed(String recipient) {
        await(recipient + " is suppressed")
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> webhooks.get("/api/suppressions/" + recipient).statusCode() == 200);
    }

    @Test
    void aSignedMailgunUserUnknownSuppressesItsRecipientAndARedeliveryCountsOnce()
            throws Exception {
        String mailbox = "news@mailgun-acme.io";
        byte[] failure =
                mailgun(
                        mailgunFailure(
                                "mg-event-1",
                                mailbox,
                                "Bob@Example.com",
                                "m-1@mailgun-acme.io",
                                "5.1.1 The email account that you tried to reach does not exist."),
                        Instant.now(),
                        MAILGUN_KEY);
        HttpResponse<String> first = toMailgun(failure);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(json(first.body())).isEqualTo(json("{\"accepted\":2,\"rejected\":0}"));

        awaitSuppressed("bob@example.com");
        JsonNode suppression = json(webhooks.get("/api/suppressions/bob@example.com").body());
        assertThat(suppression.get("category").asText()).isEqualTo("LIST");
        assertThat(suppression.get("mailbox").asText()).isEqualTo(mailbox);
        assertThat(suppression.get("causeEventId").asText()).isEqualTo("mg-event-1");

        // Mailgun redelivers the same event, signed anew.
        HttpResponse<String> again =
                toMailgun(
                        mailgun(
                                mailgunFailure(
                                        "mg-event-1",
                                        mailbox,
                                        "Bob@Example.com",
                                        "m-1@mailgun-acme.io",
                                        "5.1.1 The email account that you tried to reach does"
                                                + " not exist."),
                                Instant.now(),
                                MAILGUN_KEY));
        assertThat(again.statusCode()).isEqualTo(200);
        // A Gmail reputation block of another message suppresses nobody.
        assertThat(
                        toMailgun(
                                        mailgun(
                                                mailgunFailure(
                                                        "mg-event-2",
                                                        mailbox,
                                                        "blocked@example.com",
                                                        "m-2@mailgun-acme.io",
                                                        "5.7.1 Our system has detected that this"
                                                                + " message is likely unsolicited"
                                                                + " mail. To reduce the amount of"
                                                                + " spam sent to Gmail, this message"
                                                                + " has been blocked."),
                                                Instant.now(),
                                                MAILGUN_KEY))
                                .statusCode())
                .isEqualTo(200);
        // A delivery after them all: once it is counted, so is everything before it.
        assertThat(
                        toMailgun(
                                        mailgun(
                                                mailgunDelivered(
                                                        mailbox,
                                                        "carol@example.com",
                                                        "m-3@mailgun-acme.io"),
                                                Instant.now(),
                                                MAILGUN_KEY))
                                .statusCode())
                .isEqualTo(200);

        JsonNode totals = afterCounts(mailbox, 3, 2);
        assertThat(totals.get("totalSends").asInt()).as("three messages").isEqualTo(3);
        assertThat(totals.get("totalBounces").asInt())
                .as("the user unknown once, and the block")
                .isEqualTo(2);
        assertThat(webhooks.get("/api/suppressions/blocked@example.com").statusCode())
                .isEqualTo(404);
    }

    @Test
    void aPostmarkHardBounceWithItsCredentialsSuppressesAndARedeliveryCountsOnce()
            throws Exception {
        String mailbox = "hello@postmark-acme.io";
        byte[] bounce =
                postmarkBounce(
                        9_001L,
                        "HardBounce",
                        "Acme <" + mailbox + ">",
                        "dave@example.com",
                        "pm-1",
                        "smtp;550 5.1.1 <dave@example.com>: Recipient address rejected: User"
                                + " unknown in virtual mailbox table");
        String credentials = basic(POSTMARK_USER, POSTMARK_PASSWORD);
        HttpResponse<String> first = toPostmark(bounce, credentials);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        awaitSuppressed("dave@example.com");

        assertThat(toPostmark(bounce, credentials).statusCode()).as("redelivered").isEqualTo(200);
        assertThat(
                        toPostmark(
                                        postmarkBounce(
                                                9_002L,
                                                "SoftBounce",
                                                mailbox,
                                                "erin@example.com",
                                                "pm-2",
                                                "smtp;452 4.2.2 Mailbox full"),
                                        credentials)
                                .statusCode())
                .isEqualTo(200);
        // A delivery after them all (Postmark names its sender only in Metadata there).
        byte[] delivery =
                ("{\"RecordType\":\"Delivery\",\"MessageID\":\"pm-3\","
                                + "\"Recipient\":\"grace@example.com\","
                                + "\"DeliveredAt\":\""
                                + Instant.now()
                                + "\",\"Metadata\":{\"bw_mailbox\":\""
                                + mailbox
                                + "\"}}")
                        .getBytes(StandardCharsets.UTF_8);
        assertThat(toPostmark(delivery, credentials).statusCode()).isEqualTo(200);
        JsonNode totals = afterCounts(mailbox, 3, 2);
        assertThat(totals.get("totalSends").asInt()).as("three messages").isEqualTo(3);
        assertThat(totals.get("totalBounces").asInt())
                .as("the hard bounce once, and the soft one")
                .isEqualTo(2);
    }

    @Test
    void aRequestThatFailsVerificationIsRefusedAndRecordsNothing() throws Exception {
        String mailbox = "refused@acme-refusals.io";
        Instant now = Instant.now();
        HttpResponse<String> otherKey =
                toMailgun(
                        mailgun(
                                mailgunFailure("r-1", mailbox, "r1@example.com", "r-1@x", "550 no"),
                                now,
                                "key-of-someone-else-0123456789"));
        assertThat(otherKey.statusCode()).isEqualTo(401);
        assertThat(json(otherKey.body()).get("error").asText())
                .isEqualTo("the signature does not verify with ingest.mailgun.signing-key");

        HttpResponse<String> stale =
                toMailgun(
                        mailgun(
                                mailgunFailure("r-2", mailbox, "r2@example.com", "r-2@x", "550 no"),
                                now.minus(Duration.ofMinutes(6)),
                                MAILGUN_KEY));
        assertThat(stale.statusCode()).isEqualTo(403);

        byte[] once =
                mailgun(
                        mailgunDelivered(mailbox, "r3@example.com", "r-3@x"),
                        now,
                        "replayed-token-0001",
                        MAILGUN_KEY);
        assertThat(toMailgun(once).statusCode()).isEqualTo(200);
        HttpResponse<String> replay =
                toMailgun(
                        mailgun(
                                mailgunFailure("r-4", mailbox, "r4@example.com", "r-4@x", "550 no"),
                                now,
                                "replayed-token-0001",
                                MAILGUN_KEY));
        assertThat(replay.statusCode()).isEqualTo(403);
        assertThat(json(replay.body()).get("error").asText()).contains("token was seen before");

        byte[] bounce =
                postmarkBounce(7L, "HardBounce", mailbox, "r5@example.com", "r-5", "550 5.1.1");
        HttpResponse<String> wrong = toPostmark(bounce, basic(POSTMARK_USER, "not-the-password"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(toPostmark(bounce, null).statusCode()).isEqualTo(401);
        assertThat(toPostmark(bounce, "Bearer " + POSTMARK_PASSWORD).statusCode()).isEqualTo(401);

        // The one accepted request is all the mailbox has: nothing refused was recorded.
        JsonNode totals = afterSends(mailbox, 1);
        assertThat(totals.get("totalSends").asInt()).isEqualTo(1);
        assertThat(totals.get("totalBounces").asInt()).isZero();
        for (String recipient : List.of("r1", "r2", "r4", "r5")) {
            assertThat(webhooks.get("/api/suppressions/" + recipient + "@example.com").statusCode())
                    .isEqualTo(404);
        }
        String metrics = webhooks.get("/metrics").body();
        assertThat(metrics)
                .containsPattern(
                        "bouncewatch_ingest_requests_total\\{outcome=\"refused\",source=\"mailgun\",?\\}"
                                + " [1-9]")
                .containsPattern(
                        "bouncewatch_ingest_requests_total\\{outcome=\"refused\",source=\"postmark\",?\\}"
                                + " [1-9]");
    }

    @Test
    void anEventThatNamesNoSenderGoesToTheDeadLettersWithItsReason() throws Exception {
        byte[] delivery =
                ("{\"RecordType\":\"Delivery\",\"MessageID\":\"pm-dl-1\","
                                + "\"Recipient\":\"frank@example.com\","
                                + "\"DeliveredAt\":\"2026-11-22T10:00:00Z\"}")
                        .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response =
                toPostmark(delivery, basic(POSTMARK_USER, POSTMARK_PASSWORD));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body())).isEqualTo(json("{\"accepted\":0,\"rejected\":1}"));

        try (KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers())) {
            List<ConsumerRecord<String, String>> dead =
                    kafka.readAll(topic("dead-letters")).stream()
                            .filter(r -> r.value().contains("pm-dl-1"))
                            .toList();
            assertThat(dead).hasSize(1);
            assertThat(header(dead.get(0), "bouncewatch.error.topic")).isEqualTo("ingest/postmark");
            assertThat(header(dead.get(0), "bouncewatch.error.reason"))
                    .isEqualTo(
                            "a Postmark Delivery names no sending mailbox: neither From nor"
                                    + " Metadata.bw_mailbox holds an address");
            assertThat(dead.get(0).value().getBytes(StandardCharsets.UTF_8)).isEqualTo(delivery);
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
