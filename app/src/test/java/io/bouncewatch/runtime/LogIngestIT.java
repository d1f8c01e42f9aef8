package io.bouncewatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bouncewatch.broker.EmbeddedKafkaBroker;
import io.bouncewatch.config.MonitorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mail-server logs end to end against a real broker: KumoMTA's log records and Postfix's log lines
 * (shuffled, over every partition) become the bounces of their sender, whose user-unknown
 * recipients are suppressed and which pause the mailbox; a record shipped twice counts once.
 */
class LogIngestIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String PREFIX = "logs";
    private static final int BOUNCES = 5;

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
        return MonitorSettings.resolve(
                MonitorSettings.of(broker.bootstrapServers(), dataDir, PREFIX));
    }

    private static String topic(String role) {
        return MonitorSettings.topic(PREFIX, role);
    }

    /** A KumoMTA Bounce record: Gmail's user unknown, as KumoMTA logs it. */
    private static String kumoBounce(int i) {
        return "{\"type\":\"Bounce\",\"id\":\"spool"
                + i
                + "\",\"sender\":\"kumo@acme.io\",\"recipient\":\"gone"
                + i
                + "@example.com\",\"queue\":\"example.com\",\"response\":{\"code\":550,"
                + "\"enhanced_code\":{\"class\":5,\"subject\":1,\"detail\":1},\"content\":\"The"
                + " email account that you tried to reach does not exist.\",\"command\":\"RCPT"
                + " TO\"},\"peer_address\":{\"name\":\"gmail-smtp-in.l.google.com.\",\"addr\":"
                + "\"142.251.2.27\"},\"bounce_classification\":\"InvalidRecipient\"}";
    }

    /** The lines Postfix logs for one message whose one recipient is unknown. */
    private static List<String> postfixMessage(int i) {
        String q = "4A1B2C3D" + i;
        return List.of(
                "Jan  2 10:00:00 mx1 postfix/qmgr[50]: "
                        + q
                        + ": from=<postfix@acme.io>, size=1024, nrcpt=1 (queue active)",
                "Jan  2 10:00:02 mx1 postfix/smtp[104]: "
                        + q
                        + ": to=<unknown"
                        + i
                        + "@remote.example>, relay=mx.remote.example[203.0.113.20]:25, delay=2,"
                        + " delays=0.1/0/1/0.9, dsn=5.1.1, status=bounced (host"
                        + " mx.remote.example[203.0.113.20] said: 550 5.1.1 User unknown (in reply"
                        + " to RCPT TO command))",
                "Jan  2 10:00:02 mx1 postfix/qmgr[50]: " + q + ": removed");
    }

    private static Set<String> suppressed(KafkaTestClients kafka) {
        return kafka.readAll(topic("suppressions")).stream()
                .filter(r -> r.value() != null)
                .map(ConsumerRecord::key)
                .collect(Collectors.toSet());
    }

    private static void awaitPaused(KafkaTestClients kafka, String mailbox) {
        await(mailbox + " is paused by its bounces, each counted once")
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> kafka.latest(topic("mailbox-status")).get(mailbox),
                        h ->
                                h != null
                                        && h.get("totalBounces").asInt() == BOUNCES
                                        && "PAUSED".equals(h.get("status").asText()));
    }

    @Test
    void kumoMtaRecordsAndShuffledPostfixLinesSuppressTheirRecipientsAndPauseTheirMailbox() {
        try (KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers());
                Monitor monitor = Monitor.start(config())) {
            for (int i = 0; i < BOUNCES; i++) {
                kafka.publish(topic("kumomta"), null, kumoBounce(i));
            }
            // The log hook delivers again after a lost acknowledgement: counted once.
            kafka.publish(topic("kumomta"), null, kumoBounce(0));
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < BOUNCES; i++) {
                lines.addAll(postfixMessage(i));
            }
            Collections.shuffle(lines, new Random(17));
            for (int i = 0; i < lines.size(); i++) {
                kafka.publishTo(topic("postfix"), i % 6, null, lines.get(i));
            }
            kafka.flush();

            awaitPaused(kafka, "kumo@acme.io");
            awaitPaused(kafka, "postfix@acme.io");
            JsonNode kumo = kafka.latest(topic("mailbox-status")).get("kumo@acme.io");
            assertThat(kumo.get("totalSends").asInt()).isEqualTo(BOUNCES);
            await("every unknown recipient is suppressed")
                    .atMost(PATIENCE)
                    .until(
                            () -> suppressed(kafka),
                            s ->
                                    s.containsAll(
                                            List.of(
                                                    "gone0@example.com",
                                                    "gone4@example.com",
                                                    "unknown0@remote.example",
                                                    "unknown4@remote.example")));
            assertThat(kafka.statusChanges(topic("status-changes"), "postfix@acme.io"))
                    .extracting(c -> c.get("to").asText())
                    .contains("PAUSED");
            assertThat(kafka.readAll(topic("dead-letters"))).isEmpty();
        }
    }
}
