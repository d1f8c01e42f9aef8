package io.bouncewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.payload.DomainHistory;
import io.bouncewatch.payload.MailboxHistory;
import io.bouncewatch.payload.PayloadWriter;
import io.bouncewatch.topology.TopologyHarness.Keyed;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code mailbox-history} and {@code domain-history} stores as the real topology fills them,
 * read the way the API reads them and written as the API answers.
 */
class HistoryTopologyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MAILBOX = "alice@story.io";
    private static final String THROTTLE =
            "451 4.7.650 The mail server [40.107.22.1] has been temporarily rate limited due to IP"
                    + " reputation";

    private TopologyHarness h;
    private int ids;

    /** The topology's settings; a subclass runs the same tests with others. */
    protected TopologySettings settings() {
        return TopologySettings.defaults();
    }

    @BeforeEach
    void start() {
        h = new TopologyHarness(settings());
        // Three healthy peers: one unhealthy mailbox (25%) never moves the domain.
        h.send("f1@story.io");
        h.send("f2@story.io");
        h.send("f3@story.io");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private JsonNode mailboxHistory(String mailbox) throws IOException {
        MailboxHistory history =
                HistoryStores.mailbox(h.store(MonitorTopology.MAILBOX_HISTORY_STORE), mailbox);
        assertThat(history).as("history of " + mailbox).isNotNull();
        return JSON.readTree(PayloadWriter.write(history));
    }

    private JsonNode domainHistory(String domain) throws IOException {
        DomainHistory history =
                HistoryStores.domain(h.store(MonitorTopology.DOMAIN_HISTORY_STORE), domain);
        assertThat(history).as("history of " + domain).isNotNull();
        return JSON.readTree(PayloadWriter.write(history));
    }

    private String rawBounce(String mailbox, String recipient, String diagnostic, String extra) {
        String id = "hb-" + ++ids;
        h.rawJson(
                "bounces",
                mailbox,
                "{\"eventId\":\""
                        + id
                        + "\",\"mailbox\":\""
                        + mailbox
                        + "\",\"recipient\":\""
                        + recipient
                        + "\",\"diagnostic\":\""
                        + diagnostic
                        + "\""
                        + extra
                        + ",\"timestamp\":\""
                        + h.eventTime()
                        + "\"}");
        return id;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }

    @Test
    void aMailboxsStoryIsKeptNewestFirstWithItsCausesAndTheOperatorsWords() throws IOException {
        String throttle = rawBounce(MAILBOX, "bob@outlook.com", THROTTLE, "");
        h.advance(Duration.ofMinutes(11));
        h.sends(MAILBOX, 59);
        h.bounces(MAILBOX, 3);
        h.advance(Duration.ofMinutes(11));
        h.send(MAILBOX);
        h.mailboxCommand(MAILBOX, "RESUME", "op-resume", "list cleaned", "dana@acme.io");

        List<Keyed> published = h.statusChangeRecords();
        List<String> expected = new ArrayList<>();
        for (Keyed r : published) {
            if (r.key().equals(MAILBOX)) {
                expected.add(0, r.value().toString());
            }
        }
        JsonNode history = mailboxHistory(MAILBOX);

        JsonNode changes = history.get("changes");
        assertThat(texts(changes, "entity"))
                .containsExactly("MAILBOX", "MAILBOX", "MAILBOX", "ROUTE", "ROUTE");
        assertThat(texts(changes, "reason"))
                .containsExactly(
                        "OPERATOR", "BOUNCE_RATE", "EARLY_WARNING", "EXPIRED", "RATE_LIMITED");
        List<String> stored = new ArrayList<>();
        changes.forEach(c -> stored.add(c.toString()));
        assertThat(stored)
                .as("exactly the records of health.status-changes, newest first")
                .isEqualTo(expected);
        assertThat(changes.get(0).get("operator").asText()).isEqualTo("dana@acme.io");
        assertThat(changes.get(0).get("note").asText()).isEqualTo("list cleaned");
        assertThat(changes.get(4).get("provider").asText()).isEqualTo("microsoft");

        JsonNode bounces = history.get("bounces");
        assertThat(texts(bounces, "category")).containsExactly("LIST", "LIST", "LIST", "THROTTLE");
        JsonNode first = bounces.get(3);
        assertThat(first.get("eventId").asText()).isEqualTo(throttle);
        assertThat(first.get("recipient").asText()).isEqualTo("bob@outlook.com");
        assertThat(first.get("provider").asText()).isEqualTo("microsoft");
        assertThat(first.get("class").asText()).isEqualTo("RATE_LIMITED");
        assertThat(first.get("diagnostic").asText()).contains("rate limited");
        assertThat(bounces.get(0).get("provider").isNull()).as("no known provider").isTrue();

        JsonNode window = history.get("window");
        List<String> at = texts(window, "at");
        assertThat(at).as("oldest first").isSorted();
        assertThat(texts(window, "status")).contains("WARNING", "PAUSED");
        JsonNode paused = window.get(texts(window, "status").indexOf("PAUSED"));
        assertThat(paused.get("windowSends").asDouble()).isEqualTo(60);
        assertThat(paused.get("windowBounces").asDouble()).isEqualTo(3);
        assertThat(paused.get("bounceRate").asDouble()).isEqualTo(0.05);
    }

    @Test
    void aMailboxsWindowIsSampledOncePerTenMinutesOfTheMonitorsClock() throws IOException {
        h.send(MAILBOX);
        h.sends(MAILBOX, 5);
        h.advance(Duration.ofMinutes(9));
        h.send(MAILBOX);
        assertThat(HistoryStores.mailbox(h.store(MonitorTopology.MAILBOX_HISTORY_STORE), MAILBOX))
                .as("the slot it was first seen in counts as sampled: nothing kept yet")
                .isNull();

        h.advance(Duration.ofMinutes(1));
        h.send(MAILBOX);
        h.send(MAILBOX);
        h.advance(Duration.ofMinutes(10));
        h.send(MAILBOX);

        JsonNode window = mailboxHistory(MAILBOX).get("window");
        assertThat(texts(window, "windowSends")).containsExactly("8", "10");
    }

    @Test
    void aBacklogReadInMinutesIsNotSampledAtEveryEvent() throws IOException {
        h.advance(Duration.ofMinutes(10));
        h.send(MAILBOX);
        for (int i = 0; i < 30; i++) {
            h.advanceEventTime(Duration.ofMinutes(20));
            h.send(MAILBOX);
        }
        h.advance(Duration.ofMinutes(10));
        h.send(MAILBOX);

        assertThat(texts(mailboxHistory(MAILBOX).get("window"), "windowSends"))
                .containsExactly("32");
    }

    @Test
    void eachListIsCapped() throws IOException {
        for (int i = 0; i < 60; i++) {
            h.mailboxCommand(MAILBOX, i % 2 == 0 ? "PAUSE" : "RESUME");
        }
        h.send(MAILBOX);
        for (int i = 0; i < 25; i++) {
            rawBounce(MAILBOX, "r" + i + "@example.com", "421 4.7.0 try later", "");
        }
        for (int i = 0; i < 150; i++) {
            h.advance(Duration.ofMinutes(10));
            h.send(MAILBOX);
        }

        JsonNode history = mailboxHistory(MAILBOX);
        assertThat(history.get("changes")).hasSize(HistoryStores.CHANGES);
        assertThat(history.get("bounces")).hasSize(HistoryStores.BOUNCES);
        assertThat(history.get("bounces").get(0).get("recipient").asText())
                .isEqualTo("r24@example.com");
        assertThat(history.get("window")).hasSize(HistoryStores.WINDOW_SAMPLES);
        assertThat(texts(history.get("window"), "at")).isSorted();
        assertThat(history.get("window").get(HistoryStores.WINDOW_SAMPLES - 1).get("at").asText())
                .isEqualTo(h.eventTime().toString());
    }

    @Test
    void aRemovedMailboxLosesItsHistory() {
        h.sends(MAILBOX, 3);
        h.bounce(MAILBOX);
        h.mailboxCommand(MAILBOX, "REMOVE");

        assertThat(HistoryStores.mailbox(h.store(MonitorTopology.MAILBOX_HISTORY_STORE), MAILBOX))
                .isNull();
    }

    @Test
    void aDomainKeepsItsRatioPerMinuteItsChangesAndItsConfigFailures() throws IOException {
        h.send("f4@story.io");
        h.advance(Duration.ofMinutes(1));
        h.mailboxCommand("f1@story.io", "PAUSE");
        h.advance(Duration.ofMinutes(1));
        h.domainCommand("story.io", "PAUSE", "op-d", "too many bounces", "dana@acme.io");
        String dmarc =
                rawBounce(
                        "f3@story.io",
                        "r@gmail.com",
                        "DKIM checks did not pass. The sender's domain has a DMARC policy of"
                                + " reject. gsmtp",
                        ",\"type\":\"HARD\",\"smtpCode\":550,\"enhancedStatus\":\"5.7.26\"");

        JsonNode history = domainHistory("story.io");

        JsonNode ratio = history.get("ratio");
        assertThat(texts(ratio, "at")).isSorted();
        List<String> counts = new ArrayList<>();
        ratio.forEach(
                s ->
                        counts.add(
                                s.get("unhealthyMailboxes").asText()
                                        + "/"
                                        + s.get("totalMailboxes").asText()
                                        + " "
                                        + s.get("status").asText()));
        assertThat(counts.get(0)).as("the latest of the first minute").isEqualTo("0/4 HEALTHY");
        assertThat(counts.get(1)).isEqualTo("1/4 HEALTHY");
        assertThat(ratio.get(1).get("unhealthyRatio").asDouble()).isEqualTo(0.25);
        assertThat(counts.get(counts.size() - 1)).endsWith("PAUSED");

        JsonNode changes = history.get("changes");
        assertThat(changes.get(0).get("entity").asText()).isEqualTo("DOMAIN");
        assertThat(changes.get(0).get("to").asText()).isEqualTo("PAUSED");
        assertThat(changes.get(0).get("operator").asText()).isEqualTo("dana@acme.io");
        assertThat(changes.get(0).get("note").asText()).isEqualTo("too many bounces");

        JsonNode failures = history.get("configFailures");
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).get("mailbox").asText()).isEqualTo("f3@story.io");
        assertThat(failures.get(0).get("eventId").asText()).isEqualTo(dmarc);
    }
}
