package io.bouncewatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bouncewatch.broker.EmbeddedKafkaBroker;
import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.schema.JsonSchemas;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routes end to end against a real broker: real providers' replies in on {@code email.bounces},
 * ROUTE status changes and the routes of {@code mailbox.status} out, read as a scheduler reads them
 * (read_committed), and the same routes from the HTTP API. Every record read is validated against
 * its topic schema.
 */
class RoutesIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String GMAIL_LOW_REPUTATION =
            "550-5.7.1 [203.0.113.7] Our system has detected that this message is likely unsolicited"
                    + " mail. To reduce the amount of spam sent to Gmail, this message has been"
                    + " blocked. Our system has detected a very low reputation of the sending"
                    + " domain. gsmtp";
    private static final String MICROSOFT_RATE_LIMITED =
            "451 4.7.650 The mail server [203.0.113.7] has been temporarily rate limited due to IP"
                    + " reputation. For e-mail delivery information, see https://postmaster.live.com";

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
    private MonitorConfig config(TestInfo test, Map<String, String> extra) {
        prefix = "routes-" + test.getTestMethod().orElseThrow().getName().toLowerCase(Locale.ROOT);
        Map<String, String> settings =
                MonitorSettings.of(broker.bootstrapServers(), dataDir, prefix);
        settings.putAll(extra);
        return MonitorSettings.resolve(settings);
    }

    private String topic(String role) {
        return MonitorSettings.topic(prefix, role);
    }

    private static void bounce(
            KafkaTestClients kafka,
            String topic,
            String mailbox,
            String recipient,
            int smtpCode,
            String enhancedStatus,
            String diagnostic) {
        kafka.publish(
                topic,
                mailbox,
                "{\"eventId\":\"b-"
                        + UUID.randomUUID()
                        + "\",\"mailbox\":\""
                        + mailbox
                        + "\",\"recipient\":\""
                        + recipient
                        + "\",\"type\":\""
                        + (smtpCode >= 500 ? "HARD" : "SOFT")
                        + "\",\"smtpCode\":"
                        + smtpCode
                        + ",\"enhancedStatus\":\""
                        + enhancedStatus
                        + "\",\"diagnostic\":\""
                        + diagnostic
                        + "\"}");
    }

    private List<JsonNode> routeChanges(KafkaTestClients kafka, String mailbox) {
        return kafka.statusChanges(topic("status-changes"), mailbox).stream()
                .filter(c -> c.get("entity").asText().equals("ROUTE"))
                .toList();
    }

    private static String route(JsonNode c) {
        return c.get("provider").asText()
                + " "
                + c.get("from").asText()
                + "->"
                + c.get("to").asText()
                + " "
                + c.get("reason").asText();
    }

    private static JsonNode api(Monitor monitor, String path)
            throws IOException, InterruptedException {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://127.0.0.1:"
                                                                + monitor.httpPort()
                                                                + path))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return KafkaTestClients.json(response.body());
    }

    private void assertEveryRecordConforms(KafkaTestClients kafka) {
        kafka.readAll(topic("status-changes"))
                .forEach(r -> JsonSchemas.assertValid("status-change.schema.json", r.value()));
        kafka.readAll(topic("mailbox-status"))
                .forEach(r -> JsonSchemas.assertValid("mailbox-health.schema.json", r.value()));
    }

    @Test
    void aGmailReputationBlockBlocksTheGoogleRouteNotTheMailboxNorItsRecipients(TestInfo test)
            throws Exception {
        String mailbox = "news@reputation.io";
        try (Monitor monitor = Monitor.start(config(test, Map.of()));
                KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers())) {
            // Below minimum volume two bounces neither warn nor pause: what the mailbox's status
            // shows is its own, the route's block is beside it.
            kafka.sends(topic("sends"), mailbox, 40);
            bounce(
                    kafka,
                    topic("bounces"),
                    mailbox,
                    "bob@gmail.com",
                    550,
                    "5.7.1",
                    GMAIL_LOW_REPUTATION);
            kafka.flush();
            await("the first reputation bounce is counted")
                    .atMost(PATIENCE)
                    .until(
                            () -> kafka.latest(topic("mailbox-status")).get(mailbox),
                            h ->
                                    h != null
                                            && h.get("bouncesByCategory").get("REPUTATION").asInt()
                                                    == 1);
            assertThat(routeChanges(kafka, mailbox)).as("one is not enough").isEmpty();
            assertThat(api(monitor, "/api/mailboxes/" + mailbox).get("routes")).isEmpty();

            bounce(
                    kafka,
                    topic("bounces"),
                    mailbox,
                    "carol@googlemail.com",
                    550,
                    "5.7.1",
                    GMAIL_LOW_REPUTATION);
            kafka.flush();
            await("the second blocks the google route")
                    .atMost(PATIENCE)
                    .until(() -> routeChanges(kafka, mailbox), c -> !c.isEmpty());

            List<JsonNode> changes = routeChanges(kafka, mailbox);
            assertThat(changes)
                    .extracting(RoutesIT::route)
                    .containsExactly("google OK->BLOCKED BLOCKED");
            JsonNode block = changes.get(0);
            assertThat(block.get("mailbox").asText()).isEqualTo(mailbox);
            assertThat(block.get("causeCategory").asText()).isEqualTo("REPUTATION");
            assertThat(block.get("causeDiagnostic").asText()).startsWith("550-5.7.1");
            assertThat(Instant.parse(block.get("until").asText()))
                    .isAfter(Instant.now().plus(Duration.ofHours(23)));

            await("the API shows the blocked route")
                    .atMost(PATIENCE)
                    .untilAsserted(
                            () -> {
                                JsonNode health = api(monitor, "/api/mailboxes/" + mailbox);
                                assertThat(health.get("routes")).hasSize(1);
                                JsonNode r = health.get("routes").get(0);
                                assertThat(r.get("provider").asText()).isEqualTo("google");
                                assertThat(r.get("status").asText()).isEqualTo("BLOCKED");
                                assertThat(r.get("reason").asText()).isEqualTo("BLOCKED");
                                assertThat(r.get("until").asText())
                                        .isEqualTo(block.get("until").asText());
                                // Refused for its reputation, not for bad addresses: no LIST.
                                JsonNode counts = health.get("bouncesByCategory");
                                assertThat(counts.get("REPUTATION").asInt()).isEqualTo(2);
                                assertThat(counts.get("LIST").asInt()).isZero();
                                assertThat(health.get("status").asText()).isEqualTo("HEALTHY");
                                assertThat(health.get("sendingAllowed").asBoolean()).isTrue();
                            });
            assertThat(kafka.statusChanges(topic("status-changes"), mailbox))
                    .as("the mailbox itself never changed status")
                    .allSatisfy(c -> assertThat(c.get("entity").asText()).isEqualTo("ROUTE"));
            assertEveryRecordConforms(kafka);
        }
    }

    @Test
    void aThrottledMicrosoftRouteSlowsDownDoublesAndRecoversByItself(TestInfo test)
            throws Exception {
        String mailbox = "billing@throttled.io";
        try (Monitor monitor =
                        Monitor.start(
                                config(
                                        test,
                                        Map.of(
                                                "route.throttle-backoff", "PT5S",
                                                "route.throttle-max-backoff", "PT1M",
                                                "cooldown.check-interval", "200ms")));
                KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers())) {
            kafka.sends(topic("sends"), mailbox, 20);
            // Back to back: the second arrives while the route is slowed down, and doubles it.
            bounce(
                    kafka,
                    topic("bounces"),
                    mailbox,
                    "bob@outlook.com",
                    451,
                    "4.7.650",
                    MICROSOFT_RATE_LIMITED);
            bounce(
                    kafka,
                    topic("bounces"),
                    mailbox,
                    "carol@hotmail.com",
                    451,
                    "4.7.650",
                    MICROSOFT_RATE_LIMITED);
            kafka.flush();

            await("the microsoft route slows down, then recovers by itself")
                    .atMost(PATIENCE)
                    .until(() -> routeChanges(kafka, mailbox), c -> c.size() >= 2);
            List<JsonNode> changes = routeChanges(kafka, mailbox);
            assertThat(changes)
                    .extracting(RoutesIT::route)
                    .containsExactly(
                            "microsoft OK->SLOW_DOWN RATE_LIMITED",
                            "microsoft SLOW_DOWN->OK EXPIRED");
            JsonNode slowDown = changes.get(0);
            JsonNode expired = changes.get(1);
            assertThat(slowDown.get("causeCategory").asText()).isEqualTo("THROTTLE");
            assertThat(expired.get("causeEventId").isNull()).isTrue();
            assertThat(expired.get("until").isNull()).isTrue();

            // The doubled slow-down moved the route's until by at least one more backoff; it
            // shows in mailbox.status, not as a status change.
            Instant firstUntil = Instant.parse(slowDown.get("until").asText());
            List<JsonNode> healths =
                    kafka.readAll(topic("mailbox-status")).stream()
                            .filter(r -> mailbox.equals(r.key()))
                            .map(r -> KafkaTestClients.json(r.value()))
                            .toList();
            assertThat(healths)
                    .as("the route's until as schedulers saw it")
                    .anySatisfy(
                            h -> {
                                assertThat(h.get("routes")).hasSize(1);
                                assertThat(
                                                Instant.parse(
                                                        h.get("routes")
                                                                .get(0)
                                                                .get("until")
                                                                .asText()))
                                        .isAfterOrEqualTo(firstUntil.plusSeconds(5));
                            });
            assertThat(Instant.parse(expired.get("at").asText()))
                    .isAfterOrEqualTo(firstUntil.plusSeconds(5));
            assertThat(healths)
                    .as("the mailbox stayed HEALTHY throughout")
                    .allSatisfy(h -> assertThat(h.get("status").asText()).isEqualTo("HEALTHY"));
            await("mailbox.status shows the route OK again")
                    .atMost(PATIENCE)
                    .untilAsserted(
                            () ->
                                    assertThat(
                                                    kafka.latest(topic("mailbox-status"))
                                                            .get(mailbox)
                                                            .get("routes"))
                                            .isEmpty());
            assertThat(api(monitor, "/api/mailboxes/" + mailbox).get("routes")).isEmpty();
            assertThat(kafka.statusChanges(topic("status-changes"), mailbox))
                    .allSatisfy(c -> assertThat(c.get("entity").asText()).isEqualTo("ROUTE"));
            assertEveryRecordConforms(kafka);
        }
    }
}
