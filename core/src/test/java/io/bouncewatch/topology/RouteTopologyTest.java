package io.bouncewatch.topology;

import static io.bouncewatch.topology.TopologyHarness.START;
import static io.bouncewatch.topology.TopologyHarness.changes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bouncewatch.topology.TopologyHarness.Keyed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routes through the topology: ROUTE status changes keyed by the mailbox, the routes in {@code
 * mailbox.status}, and slow-downs and blocks ended by the wall-clock punctuator, driven only by
 * {@code advanceWallClockTime}. Every output is validated against its topic schema by the harness.
 */
class RouteTopologyTest {

    private static final String MAILBOX = "alice@routes.io";
    private static final String THROTTLE =
            "451 4.7.650 The mail server [40.107.22.1] has been temporarily rate limited due to IP"
                    + " reputation";
    private static final String REPUTATION =
            "550-5.7.1 Our system has detected that this message is likely unsolicited mail. To"
                    + " reduce the amount of spam sent to Gmail, this message has been blocked."
                    + " very low reputation gsmtp";

    private TopologyHarness h;
    private int ids;

    /** The topology's settings; a subclass runs the same tests with others. */
    protected TopologySettings settings() {
        return TopologySettings.defaults();
    }

    @BeforeEach
    void start() {
        h = new TopologyHarness(settings());
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private String bounce(String recipient, String diagnostic) {
        String id = "rb-" + ++ids;
        h.rawJson(
                "bounces",
                MAILBOX,
                "{\"eventId\":\""
                        + id
                        + "\",\"mailbox\":\""
                        + MAILBOX
                        + "\",\"recipient\":\""
                        + recipient
                        + "\",\"diagnostic\":\""
                        + diagnostic
                        + "\",\"timestamp\":\""
                        + h.eventTime()
                        + "\"}");
        return id;
    }

    private List<JsonNode> routeChanges(List<Keyed> records) {
        return records.stream()
                .peek(r -> assertThat(r.key()).isEqualTo(MAILBOX))
                .map(Keyed::value)
                .filter(v -> v.get("entity").asText().equals("ROUTE"))
                .toList();
    }

    private static String route(JsonNode c) {
        return c.get("provider").asText()
                + " "
                + c.get("from").asText()
                + "->"
                + c.get("to").asText()
                + " "
                + c.get("reason").asText()
                + " until="
                + c.get("until").asText()
                + " cause="
                + c.get("causeEventId").asText();
    }

    private JsonNode latestHealth() {
        List<JsonNode> all = h.mailboxStatus();
        assertThat(all).isNotEmpty();
        return all.get(all.size() - 1);
    }

    @Test
    void aThrottleSlowsTheMicrosoftRouteDownAndTheWallClockEndsIt() {
        String first = bounce("bob@outlook.com", THROTTLE);

        List<Keyed> records = h.statusChangeRecords();
        assertThat(routeChanges(records).stream().map(RouteTopologyTest::route))
                .containsExactly(
                        "microsoft OK->SLOW_DOWN RATE_LIMITED until="
                                + START.plus(Duration.ofMinutes(10))
                                + " cause="
                                + first);
        JsonNode change = routeChanges(records).get(0);
        assertThat(change.get("mailbox").asText()).isEqualTo(MAILBOX);
        assertThat(change.get("domain").asText()).isEqualTo("routes.io");
        assertThat(change.get("causeCategory").asText()).isEqualTo("THROTTLE");
        assertThat(change.get("causeDiagnostic").asText()).startsWith("451 4.7.650");
        assertThat(change.get("evidence").toString())
                .isEqualTo("{\"rule\":\"RATE_LIMITED\",\"threshold\":1,\"value\":1}");
        assertThat(records).extracting(r -> r.value().get("entity").asText()).containsOnly("ROUTE");
        JsonNode health = latestHealth();
        assertThat(health.get("status").asText()).isEqualTo("HEALTHY");
        assertThat(health.get("routes").toString())
                .isEqualTo(
                        "[{\"provider\":\"microsoft\",\"status\":\"SLOW_DOWN\",\"reason\":\"RATE_LIMITED\","
                                + "\"until\":\""
                                + START.plus(Duration.ofMinutes(10))
                                + "\"}]");
        assertThat(health.get("bouncesByCategory").get("THROTTLE").asInt()).isEqualTo(1);

        h.advance(Duration.ofMinutes(1));
        bounce("carol@hotmail.com", THROTTLE);
        assertThat(h.statusChangeRecords()).as("a doubled slow-down is no change").isEmpty();
        assertThat(latestHealth().get("routes").get(0).get("until").asText())
                .isEqualTo(START.plus(Duration.ofMinutes(21)).toString());

        h.advance(Duration.ofMinutes(19));
        assertThat(h.statusChangeRecords()).isEmpty();
        h.advance(Duration.ofMinutes(2));
        List<JsonNode> expired = routeChanges(h.statusChangeRecords());
        assertThat(expired.stream().map(RouteTopologyTest::route))
                .containsExactly("microsoft SLOW_DOWN->OK EXPIRED until=null cause=null");
        assertThat(expired.get(0).get("causeCategory").isNull()).isTrue();
        // The doubled slow-down of 20 minutes, noticed by the punctuation after it ended.
        assertThat(expired.get(0).get("evidence").toString())
                .isEqualTo("{\"rule\":\"EXPIRED\",\"threshold\":1200,\"value\":1260}");
        assertThat(latestHealth().get("routes").size()).isZero();
        assertThat(h.entries(MonitorTopology.COOLDOWN_STORE)).isZero();
    }

    @Test
    void twoGmailReputationBouncesBlockTheGoogleRouteButNotTheMailbox() {
        bounce("bob@gmail.com", REPUTATION);
        assertThat(h.statusChangeRecords()).as("one is not enough").isEmpty();
        assertThat(latestHealth().get("routes").size()).isZero();

        h.advance(Duration.ofHours(1));
        String second = bounce("dave@gmail.com", REPUTATION);
        Instant blockedUntil = START.plus(Duration.ofHours(25));
        List<JsonNode> blocked = routeChanges(h.statusChangeRecords());
        assertThat(blocked.stream().map(RouteTopologyTest::route))
                .containsExactly(
                        "google OK->BLOCKED BLOCKED until=" + blockedUntil + " cause=" + second);
        assertThat(blocked.get(0).get("causeCategory").asText()).isEqualTo("REPUTATION");
        assertThat(blocked.get(0).get("evidence").toString())
                .isEqualTo("{\"rule\":\"BLOCKED\",\"threshold\":2,\"value\":2}");
        JsonNode health = latestHealth();
        assertThat(health.get("status").asText()).isEqualTo("HEALTHY");
        assertThat(health.get("bouncesByCategory").get("REPUTATION").asInt()).isEqualTo(2);
        assertThat(health.get("bouncesByCategory").get("LIST").asInt()).isZero();
        assertThat(health.get("routes").get(0).get("status").asText()).isEqualTo("BLOCKED");

        h.advance(Duration.ofHours(24));
        assertThat(routeChanges(h.statusChangeRecords()).stream().map(RouteTopologyTest::route))
                .containsExactly("google BLOCKED->OK EXPIRED until=null cause=null");
    }

    @Test
    void aRouteWhoseIndexEntryWasLostEndsAtItsMailboxsNextEvent() {
        bounce("bob@outlook.com", THROTTLE);
        h.statusChangeRecords();
        // What a crash under at-least-once could leave: the route slowed down, its index entry
        // gone.
        long until = h.mailboxState(MAILBOX).nextDeadline();
        KeyValueStore<Bytes, byte[]> index = h.store(MonitorTopology.COOLDOWN_STORE);
        index.delete(MailboxProcessor.cooldownKey(until, MailboxStoreKey.of(MAILBOX)));
        h.advance(Duration.ofHours(1));
        assertThat(h.statusChangeRecords()).as("nothing looks at the mailbox any more").isEmpty();

        String send = h.send(MAILBOX);

        List<Keyed> records = h.statusChangeRecords();
        assertThat(routeChanges(records).stream().map(RouteTopologyTest::route))
                .as("ended before the send %s was applied", send)
                .containsExactly("microsoft SLOW_DOWN->OK EXPIRED until=null cause=null");
        assertThat(h.mailboxState(MAILBOX).routes()).isEmpty();
        assertThat(h.entries(MonitorTopology.COOLDOWN_STORE)).isZero();
    }

    @Test
    void aMailboxChangeABounceCausedCarriesItsCategoryAndReply() {
        h.bounce(MAILBOX);
        h.bounce(MAILBOX);
        String third = h.bounce(MAILBOX);

        List<JsonNode> changes = h.mailboxChanges();
        assertThat(changes(changes))
                .containsExactly(
                        MAILBOX + " HEALTHY->WARNING EARLY_WARNING window=0/3 cause=" + third);
        assertThat(changes.get(0).get("causeCategory").asText()).isEqualTo("LIST");
        assertThat(changes.get(0).get("causeDiagnostic").asText()).isEqualTo("550 5.1.1");
    }

    @Test
    void aMailboxChangeASendCausedNamesNoCategory() {
        h.bounce(MAILBOX);
        h.bounce(MAILBOX);
        h.bounce(MAILBOX);
        h.discardOutputs();
        h.mailboxCommand(MAILBOX, "PAUSE");

        List<JsonNode> changes = h.mailboxChanges();
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).get("causeCategory").isNull()).isTrue();
        assertThat(changes.get(0).get("causeDiagnostic").isNull()).isTrue();
    }
}
