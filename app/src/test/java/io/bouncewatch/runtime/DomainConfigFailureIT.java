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
 * Config failures against a real broker (docs/rules.md §6): DMARC bounces from several mailboxes of
 * one domain pause the domain, which blocks every one of its mailboxes while none of them is paused
 * itself; once no config failure came for the config cooldown, the domain resumes by itself, also
 * after a restart.
 */
class DomainConfigFailureIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String DOMAIN = "dmarc.io";
    private static final List<String> MAILBOXES =
            List.of("a@dmarc.io", "b@dmarc.io", "c@dmarc.io", "d@dmarc.io");
    private static final String PREFIX = "configfailure";

    /** Gmail's refusal of a message that fails DMARC. */
    private static final String GMAIL_DMARC =
            "550 5.7.26 This mail is unauthenticated, which poses a security risk to the sender"
                    + " and Gmail users, and has been blocked. The sender must authenticate with at"
                    + " least one of SPF or DKIM. For this message, DKIM checks did not pass and"
                    + " SPF check for [dmarc.io] did not pass with ip: [192.0.2.1]. The sender's"
                    + " domain has a DMARC policy of reject. gsmtp";

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

    private MonitorConfig config(String configCooldown) {
        Map<String, String> settings =
                MonitorSettings.of(broker.bootstrapServers(), dataDir, PREFIX);
        settings.put("domain.config-cooldown", configCooldown);
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

    private static List<String> domainChanges(KafkaTestClients kafka) {
        return kafka.statusChanges(topic("status-changes"), DOMAIN).stream()
                .map(
                        c ->
                                c.get("entity").asText()
                                        + " "
                                        + c.get("from").asText()
                                        + "->"
                                        + c.get("to").asText()
                                        + " "
                                        + c.get("reason").asText()
                                        + " config="
                                        + c.get("configFailures").asInt())
                .toList();
    }

    @Test
    void tenDmarcFailuresWithinTheHourPauseTheDomain() throws Exception {
        try (KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers())) {
            try (Monitor monitor = Monitor.start(config("1h"))) {
                MAILBOXES.forEach(m -> kafka.send(topic("sends"), m));
                for (int i = 0; i < 10; i++) {
                    String mailbox = MAILBOXES.get(i % 3);
                    kafka.publish(
                            topic("bounces"),
                            mailbox,
                            "{\"eventId\":\"dmarc-"
                                    + i
                                    + "\",\"mailbox\":\""
                                    + mailbox
                                    + "\",\"recipient\":\"r"
                                    + i
                                    + "@gmail.com\",\"type\":\"HARD\",\"diagnostic\":\""
                                    + GMAIL_DMARC
                                    + "\"}");
                }
                kafka.flush();

                await("the domain is paused for its config failures")
                        .atMost(PATIENCE)
                        .until(
                                () -> domainChanges(kafka),
                                changes ->
                                        changes.equals(
                                                List.of(
                                                        "DOMAIN HEALTHY->WARNING CONFIG_FAILURE config=3",
                                                        "DOMAIN WARNING->PAUSED CONFIG_FAILURE config=10")));
                await("every mailbox of the domain shows it is blocked by its domain")
                        .atMost(PATIENCE)
                        .untilAsserted(
                                () -> {
                                    Map<String, JsonNode> state =
                                            kafka.latest(topic("mailbox-status"));
                                    for (String mailbox : MAILBOXES) {
                                        JsonNode health = state.get(mailbox);
                                        assertThat(health).as(mailbox).isNotNull();
                                        assertThat(health.get("blockedBy").asText())
                                                .as(mailbox)
                                                .isEqualTo("DOMAIN");
                                        assertThat(health.get("sendingAllowed").asBoolean())
                                                .isFalse();
                                        assertThat(health.get("status").asText())
                                                .as("CONFIG bounces do not count in the window")
                                                .isEqualTo("HEALTHY");
                                    }
                                    assertThat(state.get("a@dmarc.io").get("totalBounces").asInt())
                                            .isEqualTo(4);
                                });

                JsonNode domain = get(monitor, "/api/domains/" + DOMAIN);
                assertThat(domain.get("status").asText()).isEqualTo("PAUSED");
                assertThat(domain.get("reason").asText()).isEqualTo("CONFIG_FAILURE");
                assertThat(domain.get("configFailures").asInt()).isEqualTo(10);
                JsonSchemas.assertValid("domain-health.schema.json", domain.toString());
                JsonNode mailbox = get(monitor, "/api/mailboxes/b@dmarc.io");
                assertThat(mailbox.get("blockedBy").asText()).isEqualTo("DOMAIN");
                assertThat(mailbox.get("status").asText()).isEqualTo("HEALTHY");
                for (String m : MAILBOXES) {
                    assertThat(kafka.statusChanges(topic("status-changes"), m)).as(m).isEmpty();
                }
            }

            // Restarted with a short config cooldown, it finds the paused domain in its store.
            try (Monitor restarted = Monitor.start(config("2s"))) {
                await("the domain resumes once no config failure came for the cooldown")
                        .atMost(PATIENCE)
                        .until(
                                () -> domainChanges(kafka),
                                changes ->
                                        changes.size() == 3
                                                && changes.get(2)
                                                        .equals(
                                                                "DOMAIN PAUSED->HEALTHY CONFIG_FAILURE config=0"));
                await("its mailboxes may send again")
                        .atMost(PATIENCE)
                        .untilAsserted(
                                () -> {
                                    Map<String, JsonNode> state =
                                            kafka.latest(topic("mailbox-status"));
                                    for (String mailbox : MAILBOXES) {
                                        assertThat(
                                                        state.get(mailbox)
                                                                .get("sendingAllowed")
                                                                .asBoolean())
                                                .as(mailbox)
                                                .isTrue();
                                    }
                                });
                JsonNode domain = get(restarted, "/api/domains/" + DOMAIN);
                assertThat(domain.get("status").asText()).isEqualTo("HEALTHY");
                assertThat(domain.get("configFailures").asInt()).isZero();
            }
            kafka.readAll(topic("status-changes"))
                    .forEach(r -> JsonSchemas.assertValid("status-change.schema.json", r.value()));
            kafka.readAll(topic("domain-status"))
                    .forEach(r -> JsonSchemas.assertValid("domain-health.schema.json", r.value()));
        }
    }
}
