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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A domain paused by its ratio heals by itself (docs/rules.md §5, §6), against a real broker with
 * cooldowns of seconds: three of its four mailboxes pause on their bounces, which pauses the domain
 * and blocks the fourth; their cooldowns run out, they go on probation, which counts as healthy, so
 * the domain resumes with no operator; then one mailbox heals with clean sends and another pauses
 * again with more bounces, while the domain stays healthy.
 */
class RatioPausedDomainHealsByItselfIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String DOMAIN = "heal.io";
    private static final String CLEAN = "clean@heal.io";
    private static final List<String> BOUNCING =
            List.of("heals@heal.io", "relapses@heal.io", "waits@heal.io");
    private static final String PREFIX = "healing";

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
        Map<String, String> settings =
                MonitorSettings.of(broker.bootstrapServers(), dataDir, PREFIX);
        settings.put("cooldown.duration", "3s");
        settings.put("cooldown.check-interval", "100ms");
        return MonitorSettings.resolve(settings);
    }

    private static String topic(String role) {
        return MonitorSettings.topic(PREFIX, role);
    }

    private JsonNode get(Monitor monitor, String path) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + monitor.httpPort() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET " + path).isEqualTo(200);
        return KafkaTestClients.json(response.body());
    }

    private static List<String> changes(KafkaTestClients kafka, String id) {
        return kafka.statusChanges(topic("status-changes"), id).stream()
                .map(
                        c ->
                                c.get("from").asText()
                                        + "->"
                                        + c.get("to").asText()
                                        + " "
                                        + c.get("reason").asText())
                .toList();
    }

    @Test
    void aDomainPausedByItsRatioResumesWhenItsMailboxesGoOnProbationAndTheyHealOrPauseAgain()
            throws Exception {
        try (KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers());
                Monitor monitor = Monitor.start(config())) {
            kafka.send(topic("sends"), CLEAN);
            // 66 sends then 2 bounces each: 3.03% at volume pauses all three at once.
            for (String mailbox : BOUNCING) {
                kafka.sends(topic("sends"), mailbox, 66);
            }
            kafka.flush();
            // Mailboxes on different partitions reach their domain in any order: a pause the
            // domain heard of before all four would make a WARNING of one in three.
            await("the domain counts its four mailboxes")
                    .atMost(PATIENCE)
                    .until(
                            () -> kafka.latest(topic("domain-status")).get(DOMAIN),
                            d -> d != null && d.get("totalMailboxes").asInt() == 4);
            for (String mailbox : BOUNCING) {
                kafka.bounces(topic("bounces"), mailbox, 2);
            }
            kafka.flush();

            await("the domain is paused by its ratio, then resumes by itself")
                    .atMost(PATIENCE)
                    .until(
                            () -> changes(kafka, DOMAIN),
                            changes ->
                                    changes.equals(
                                            List.of(
                                                    "HEALTHY->PAUSED UNHEALTHY_RATIO",
                                                    "PAUSED->HEALTHY UNHEALTHY_RATIO")));
            // The domain resumes once one of its mailboxes is paused no more: the others' cooldowns
            // may end a moment later.
            await("every bouncing mailbox was paused, then left its cooldown")
                    .atMost(PATIENCE)
                    .untilAsserted(
                            () -> {
                                for (String mailbox : BOUNCING) {
                                    assertThat(changes(kafka, mailbox))
                                            .as(mailbox)
                                            .startsWith(
                                                    "HEALTHY->PAUSED BOUNCE_RATE",
                                                    "PAUSED->WARNING COOLDOWN_EXPIRED");
                                }
                            });
            assertThat(kafka.readAll(topic("mailbox-status")))
                    .as("the clean mailbox was blocked by its domain meanwhile")
                    .anySatisfy(
                            r -> {
                                assertThat(r.key()).isEqualTo(CLEAN);
                                assertThat(
                                                KafkaTestClients.json(r.value())
                                                        .get("blockedBy")
                                                        .asText())
                                        .isEqualTo("DOMAIN");
                            });

            // On probation they may send again: one heals, one bounces again.
            kafka.sends(topic("sends"), "heals@heal.io", 200);
            kafka.bounces(topic("bounces"), "relapses@heal.io", 4);
            kafka.flush();

            await("one mailbox heals with clean sends, another pauses again")
                    .atMost(PATIENCE)
                    .untilAsserted(
                            () -> {
                                assertThat(changes(kafka, "heals@heal.io"))
                                        .containsExactly(
                                                "HEALTHY->PAUSED BOUNCE_RATE",
                                                "PAUSED->WARNING COOLDOWN_EXPIRED",
                                                "WARNING->HEALTHY RECOVERED");
                                assertThat(changes(kafka, "relapses@heal.io"))
                                        .startsWith(
                                                "HEALTHY->PAUSED BOUNCE_RATE",
                                                "PAUSED->WARNING COOLDOWN_EXPIRED",
                                                "WARNING->PAUSED BOUNCE_COUNT");
                                JsonNode health =
                                        kafka.latest(topic("mailbox-status")).get("heals@heal.io");
                                assertThat(health.get("status").asText()).isEqualTo("HEALTHY");
                                assertThat(health.get("sendingAllowed").asBoolean()).isTrue();
                            });
            assertThat(changes(kafka, DOMAIN))
                    .as("one paused mailbox of four keeps the domain healthy")
                    .hasSize(2);
            // Each change says what decided it: the ratio against the pause ratio, then under the
            // warning ratio; the cooldown that ran out; the probation made.
            List<JsonNode> domainChanges = kafka.statusChanges(topic("status-changes"), DOMAIN);
            JsonNode paused = domainChanges.get(domainChanges.size() - 2).get("evidence");
            assertThat(paused.get("rule").asText()).isEqualTo("UNHEALTHY_RATIO");
            assertThat(paused.get("threshold").asDouble()).isEqualTo(0.5);
            assertThat(paused.get("value").asDouble()).isGreaterThanOrEqualTo(0.5);
            JsonNode resumed = domainChanges.get(domainChanges.size() - 1).get("evidence");
            assertThat(resumed.get("rule").asText()).isEqualTo("UNHEALTHY_RATIO");
            assertThat(resumed.get("threshold").asDouble()).isEqualTo(0.3);
            assertThat(resumed.get("value").asDouble()).isLessThan(0.3);
            List<JsonNode> healed = kafka.statusChanges(topic("status-changes"), "heals@heal.io");
            JsonNode expired = healed.get(1).get("evidence");
            assertThat(expired.get("rule").asText()).isEqualTo("COOLDOWN_EXPIRED");
            assertThat(expired.get("threshold").asDouble()).isEqualTo(3.0);
            assertThat(expired.get("value").asDouble()).isGreaterThanOrEqualTo(3.0);
            assertThat(healed.get(2).get("evidence").toString())
                    .isEqualTo("{\"rule\":\"PROBATION\",\"threshold\":60,\"value\":60}");
            JsonNode domain = get(monitor, "/api/domains/" + DOMAIN);
            assertThat(domain.get("status").asText()).isEqualTo("HEALTHY");
            assertThat(domain.get("reason").asText()).isEqualTo("UNHEALTHY_RATIO");
            assertThat(domain.get("totalMailboxes").asInt()).isEqualTo(4);
            JsonSchemas.assertValid("domain-health.schema.json", domain.toString());
            kafka.readAll(topic("status-changes"))
                    .forEach(r -> JsonSchemas.assertValid("status-change.schema.json", r.value()));
        }
    }
}
