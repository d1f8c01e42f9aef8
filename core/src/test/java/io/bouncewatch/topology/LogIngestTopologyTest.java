package io.bouncewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bouncewatch.ingest.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * KumoMTA's log records and Postfix's log lines through the whole topology: decoded (KumoMTA) or
 * joined by queue id (Postfix) into the same events a sender would publish, each counted once,
 * suppressing what a user-unknown bounce suppresses, and nothing fatal from what they cannot read.
 */
class LogIngestTopologyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, JsonNode> latest(List<JsonNode> statuses) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        statuses.forEach(s -> out.put(s.get("mailbox").asText(), s));
        return out;
    }

    private static byte[] kumoBounce(String id, String recipient) throws IOException {
        ObjectNode record =
                (ObjectNode) JSON.readTree(Fixtures.bytes("kumomta/bounce-user-unknown.json"));
        record.put("id", id);
        record.put("recipient", recipient);
        record.remove("timestamp");
        return JSON.writeValueAsBytes(record);
    }

    @Test
    void aKumoMtaUserUnknownBounceCountsASendAndABounceAndSuppressesTheRecipient()
            throws IOException {
        try (TopologyHarness h = new TopologyHarness()) {
            h.raw("kumomta", null, kumoBounce("m1", "nobody@recipient.example.com"));
            h.raw("kumomta", null, kumoBounce("m1", "nobody@recipient.example.com"));

            JsonNode mailbox = latest(h.mailboxStatus()).get("user@sender.example.com");
            assertThat(mailbox.get("totalSends").asLong()).isEqualTo(1);
            assertThat(mailbox.get("totalBounces").asLong())
                    .as("the record redelivered counts once")
                    .isEqualTo(1);
            assertThat(h.suppressionState("nobody@recipient.example.com")).isNotNull();
            assertThat(h.total("kumomta", "records-recognised")).isEqualTo(2);
        }
    }

    @Test
    void kumoMtaRecordsItCannotCountAreIgnoredOrDeadLetteredWithTheReason() throws IOException {
        try (TopologyHarness h = new TopologyHarness()) {
            ObjectNode noSender =
                    (ObjectNode) JSON.readTree(Fixtures.bytes("kumomta/bounce-user-unknown.json"));
            noSender.remove("sender");
            h.raw("kumomta", null, JSON.writeValueAsBytes(noSender));
            h.raw("kumomta", null, bytes("{\"type\":\"AdminBounce\"}"));
            h.raw("kumomta", null, bytes("garbage"));

            List<TopologyHarness.DeadLetter> dead = h.deadLetters();
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).header("bouncewatch.error.reason"))
                    .isEqualTo("a KumoMTA Bounce record without a valid sender");
            assertThat(h.total("kumomta", "records-dead-lettered")).isEqualTo(1);
            assertThat(h.total("kumomta", "records-ignored")).isEqualTo(2);
        }
    }

    /** A message to three unknown users and one good one, as Postfix logs it. */
    private static List<String> postfixMessage(String queueId, String from) {
        List<String> lines = new ArrayList<>();
        lines.add(
                "Jan  2 10:00:00 mx1 postfix/cleanup[101]: "
                        + queueId
                        + ": message-id=<"
                        + queueId
                        + "@acme.io>");
        lines.add(
                "Jan  2 10:00:00 mx1 postfix/qmgr[50]: "
                        + queueId
                        + ": from=<"
                        + from
                        + ">, size=1024, nrcpt=2 (queue active)");
        lines.add(
                "Jan  2 10:00:01 mx1 postfix/smtp[102]: "
                        + queueId
                        + ": to=<good@remote.example>, relay=mx.remote.example[203.0.113.20]:25,"
                        + " delay=1, delays=0.1/0/0.5/0.4, dsn=2.0.0, status=sent (250 2.0.0 Ok:"
                        + " queued as XYZ)");
        lines.add(
                "Jan  2 10:00:02 mx1 postfix/smtp[103]: "
                        + queueId
                        + ": to=<gone@remote.example>, relay=mx.remote.example[203.0.113.20]:25,"
                        + " delay=1.8, delays=0.03/0/1/0.8, dsn=4.3.2, status=deferred (host"
                        + " mx.remote.example[203.0.113.20] said: 450 4.3.2 Service currently"
                        + " unavailable (in reply to RCPT TO command))");
        lines.add(
                "Jan  2 11:00:02 mx1 postfix/smtp[104]: "
                        + queueId
                        + ": to=<gone@remote.example>, relay=mx.remote.example[203.0.113.20]:25,"
                        + " delay=3600, delays=3599/0/0.5/0.5, dsn=5.1.1, status=bounced (host"
                        + " mx.remote.example[203.0.113.20] said: 550 5.1.1 User unknown (in reply"
                        + " to RCPT TO command))");
        lines.add("Jan  2 11:00:02 mx1 postfix/qmgr[50]: " + queueId + ": removed");
        return lines;
    }

    @Test
    void postfixLinesInAnyOrderOverAnyPartitionJoinIntoTheSameCounts() {
        List<String> lines = new ArrayList<>(postfixMessage("1A2B3C4D5E", "alice@acme.io"));
        lines.addAll(postfixMessage("2B3C4D5E6F", "alice@acme.io"));
        Collections.shuffle(lines, new Random(17));
        try (TopologyHarness h = new TopologyHarness()) {
            for (String line : lines) {
                h.raw("postfix", bytes("any-key-" + line.hashCode()), bytes(line));
            }

            JsonNode mailbox = latest(h.mailboxStatus()).get("alice@acme.io");
            assertThat(mailbox.get("totalSends").asLong()).isEqualTo(4);
            assertThat(mailbox.get("totalBounces").asLong())
                    .as("per message: a deferral and a user-unknown bounce")
                    .isEqualTo(4);
            assertThat(h.suppressionState("gone@remote.example")).isNotNull();
            assertThat(h.suppressionState("good@remote.example")).isNull();
            assertThat(h.entries(MonitorTopology.POSTFIX_STORE))
                    .as("both queue ids removed and complete: nothing kept")
                    .isZero();
            assertThat(h.total("postfix", "records-recognised")).isEqualTo(10);
            assertThat(h.total("postfix", "records-ignored")).isEqualTo(2);
        }
    }

    @Test
    void aMessageThatExpiresInTheQueueBouncesItsDeferredRecipientsOnceAndIsForgotten() {
        // qmgr gives an expired message up in one line, as qmgr_active.c logs it: "%s:
        // from=<%s>, status=expired, returned to sender"; no line per recipient follows.
        List<String> lines = new ArrayList<>(postfixMessage("1A2B3C4D5E", "alice@acme.io"));
        lines.remove(5);
        lines.set(
                4,
                "Jan  7 10:00:02 mx1 postfix/qmgr[50]: 1A2B3C4D5E: from=<alice@acme.io>,"
                        + " status=expired, returned to sender");
        lines.add(
                "Jan  7 10:00:02 mx1 postfix/bounce[105]: 1A2B3C4D5E: sender non-delivery"
                        + " notification: 3D4E5F6A7B");
        lines.add("Jan  7 10:00:02 mx1 postfix/qmgr[50]: 1A2B3C4D5E: removed");
        try (TopologyHarness h = new TopologyHarness()) {
            for (String line : lines) {
                h.raw("postfix", null, bytes(line));
            }

            JsonNode mailbox = latest(h.mailboxStatus()).get("alice@acme.io");
            assertThat(mailbox.get("totalSends").asLong()).isEqualTo(2);
            assertThat(mailbox.get("totalBounces").asLong())
                    .as("gone@'s deferral and its expiry; good@ was delivered")
                    .isEqualTo(2);
            assertThat(h.entries(MonitorTopology.POSTFIX_STORE))
                    .as("every recipient's final outcome has come and the file is removed")
                    .isZero();
            assertThat(h.deadLetters()).isEmpty();
        }
    }

    @Test
    void theSameLinesShippedTwiceCountOnce() {
        try (TopologyHarness h = new TopologyHarness()) {
            for (int round = 0; round < 2; round++) {
                for (String line : postfixMessage("1A2B3C4D5E", "alice@acme.io")) {
                    h.raw("postfix", null, bytes("{\"message\":" + quote(line) + "}"));
                }
            }

            JsonNode mailbox = latest(h.mailboxStatus()).get("alice@acme.io");
            assertThat(mailbox.get("totalSends").asLong()).isEqualTo(2);
            assertThat(mailbox.get("totalBounces").asLong()).isEqualTo(2);
        }
    }

    @Test
    void aQueueIdWhoseSenderNeverComesIsForgottenAfterTheRetention() {
        TopologySettings settings =
                TopologySettings.defaults().withPostfixRetention(Duration.ofHours(2));
        try (TopologyHarness h = new TopologyHarness(settings)) {
            String orphan = postfixMessage("3C4D5E6F7A", "alice@acme.io").get(4);
            h.raw("postfix", null, bytes(orphan));
            assertThat(h.entries(MonitorTopology.POSTFIX_STORE)).isEqualTo(1);

            h.advance(Duration.ofHours(1));
            assertThat(h.entries(MonitorTopology.POSTFIX_STORE)).isEqualTo(1);

            h.advance(Duration.ofHours(1).plusMinutes(10));
            assertThat(h.entries(MonitorTopology.POSTFIX_STORE)).isZero();
            assertThat(h.total("postfix", "queue-ids-forgotten")).isEqualTo(1);
            assertThat(h.mailboxStatus()).isEmpty();
        }
    }

    @Test
    void aDeliveryLineWithoutStatusIsADeadLetterAndOtherLinesAreIgnored() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.raw(
                    "postfix",
                    null,
                    bytes(
                            "Jan  2 10:00:01 mx1 postfix/smtp[102]: 1A2B3C4D5E:"
                                    + " to=<good@remote.example>, relay=none"));
            h.raw("postfix", null, bytes("Jan  2 10:00:01 mx1 postfix/anvil[9]: statistics: max"));

            List<TopologyHarness.DeadLetter> dead = h.deadLetters();
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).header("bouncewatch.error.reason"))
                    .isEqualTo(
                            "a Postfix delivery line of queue id 1A2B3C4D5E for"
                                    + " <good@remote.example> without status=");
            assertThat(h.total("postfix", "records-dead-lettered")).isEqualTo(1);
            assertThat(h.total("postfix", "records-ignored")).isEqualTo(1);
        }
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
