package io.bouncewatch.runtime;

import static io.bouncewatch.runtime.Webhooks.MAILGUN_KEY;
import static io.bouncewatch.runtime.Webhooks.json;
import static io.bouncewatch.runtime.Webhooks.mailgun;
import static io.bouncewatch.runtime.Webhooks.mailgunDelivered;
import static io.bouncewatch.runtime.Webhooks.mailgunFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bouncewatch.broker.EmbeddedKafkaBroker;
import io.bouncewatch.config.MonitorConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away while a provider delivers a webhook: the request is answered 503, not 2xx,
 * so the provider keeps it and retries; once the broker is back the retry is accepted, and the
 * event counts once however many of the attempts reached Kafka.
 */
class WebhookOutageIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String MAILBOX = "alerts@outage-acme.io";

    @TempDir Path brokerDir;
    @TempDir Path dataDir;

    private static byte[] userUnknown() throws Exception {
        return mailgun(
                mailgunFailure(
                        "outage-event-1",
                        MAILBOX,
                        "heidi@example.com",
                        "outage-1@outage-acme.io",
                        "5.1.1 The email account that you tried to reach does not exist."),
                Instant.now(),
                MAILGUN_KEY);
    }

    @Test
    void whileTheBrokerIsDownAWebhookIs503AndItsRetryAfterwardsCountsOnce() throws Exception {
        int port = freePort();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(brokerDir, port);
        MonitorConfig config =
                MonitorConfig.resolve(
                        new MonitorConfig.Sources()
                                .commandLine(
                                        Map.of(
                                                "bootstrap.servers",
                                                broker.bootstrapServers(),
                                                "http.port",
                                                "0",
                                                "data.dir",
                                                dataDir.toString(),
                                                "application.id",
                                                "it-webhook-outage",
                                                "ingest.mailgun.signing-key",
                                                MAILGUN_KEY)));
        try (Monitor monitor = Monitor.start(config)) {
            Webhooks webhooks = new Webhooks(monitor.httpPort());
            assertThat(
                            webhooks.post(
                                            "/ingest/mailgun",
                                            mailgun(
                                                    mailgunDelivered(
                                                            MAILBOX,
                                                            "ivan@example.com",
                                                            "outage-0@outage-acme.io"),
                                                    Instant.now(),
                                                    MAILGUN_KEY))
                                    .statusCode())
                    .isEqualTo(200);

            broker.close();
            HttpResponse<String> during = webhooks.post("/ingest/mailgun", userUnknown());
            assertThat(during.statusCode()).as(during.body()).isEqualTo(503);
            assertThat(json(during.body()).get("error").asText())
                    .startsWith("Kafka did not acknowledge every event of this request");

            broker = EmbeddedKafkaBroker.start(brokerDir, port);
            // Mailgun retries, signing each attempt anew, until one is answered 2xx.
            await("a retry is accepted once the broker is back")
                    .atMost(PATIENCE)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(
                            () ->
                                    webhooks.post("/ingest/mailgun", userUnknown()).statusCode()
                                            == 200);
            await("heidi@example.com is suppressed")
                    .atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(100))
                    .until(
                            () ->
                                    webhooks.get("/api/suppressions/heidi@example.com").statusCode()
                                            == 200);

            // A delivery after it: once it is counted, so is every attempt before it.
            assertThat(
                            webhooks.post(
                                            "/ingest/mailgun",
                                            mailgun(
                                                    mailgunDelivered(
                                                            MAILBOX,
                                                            "judy@example.com",
                                                            "outage-2@outage-acme.io"),
                                                    Instant.now(),
                                                    MAILGUN_KEY))
                                    .statusCode())
                    .isEqualTo(200);
            JsonNode totals =
                    await("the delivery after the outage is counted")
                            .atMost(PATIENCE)
                            .pollInterval(Duration.ofMillis(100))
                            .until(
                                    () -> webhooks.mailbox(MAILBOX),
                                    m -> m != null && m.get("totalSends").asInt() >= 3);
            assertThat(totals.get("totalSends").asInt()).isEqualTo(3);
            assertThat(totals.get("totalBounces").asInt())
                    .as("the failure once, whichever attempts reached Kafka")
                    .isEqualTo(1);
        } finally {
            broker.close();
        }
    }

    /** A port free now, so that the restarted broker listens where the clients already look. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
