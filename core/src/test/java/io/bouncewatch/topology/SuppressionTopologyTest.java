package io.bouncewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The suppression list through the real topology: bounces and complaints of any mailbox reach their
 * recipient's entry, and every change of the list is on {@code recipient.suppressions}.
 */
class SuppressionTopologyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BOB = "bob@example.com";

    private final TopologyHarness harness = new TopologyHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    private void bounce(String mailbox, String id, int code, String status, String diagnostic) {
        harness.rawJson(
                "bounces",
                mailbox,
                "{\"eventId\":\""
                        + id
                        + "\",\"mailbox\":\""
                        + mailbox
                        + "\",\"recipient\":\"Bob@Example.com\",\"timestamp\":\""
                        + harness.eventTime()
                        + "\",\"smtpCode\":"
                        + code
                        + ",\"enhancedStatus\":\""
                        + status
                        + "\",\"diagnostic\":\""
                        + diagnostic
                        + "\"}");
    }

    private void mailboxFull(String mailbox, String id) {
        bounce(mailbox, id, 452, "4.2.2", "mailbox full");
    }

    private void command(String json) {
        harness.rawJson("commands", BOB, json);
    }

    private static JsonNode json(TestRecord<String, byte[]> record) throws IOException {
        return JSON.readTree(record.value());
    }

    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void aUserUnknownBounceFromOneMailboxSuppressesTheRecipientAndSaysWhy() throws IOException {
        bounce("alice@acme.io", "b-1", 550, "5.1.1", "user unknown");

        List<TestRecord<String, byte[]>> records = harness.suppressionRecords();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo(BOB);
        JsonNode entry = json(records.get(0));
        assertThat(entry.get("category").asText()).isEqualTo("LIST");
        assertThat(entry.get("class").asText()).isEqualTo("USER_UNKNOWN");
        assertThat(entry.get("source").asText()).isEqualTo("BOUNCE");
        assertThat(entry.get("since").asText()).isEqualTo(harness.eventTime().toString());
        assertThat(entry.get("until").isNull()).isTrue();
        assertThat(entry.get("mailbox").asText()).isEqualTo("alice@acme.io");
        assertThat(entry.get("causeEventId").asText()).isEqualTo("b-1");
        assertThat(harness.suppressionState(BOB).suppressedAt(Long.MAX_VALUE)).isTrue();
        // The mailbox counts its bounce as before.
        assertThat(harness.mailboxState("alice@acme.io").totalBounces()).isEqualTo(1);
    }

    @Test
    void aReputationBlockSuppressesNobody() {
        bounce(
                "alice@acme.io",
                "b-1",
                550,
                "5.7.1",
                "Our system has detected that this message is likely unsolicited mail, low"
                        + " reputation");
        bounce(
                "alice@acme.io",
                "b-2",
                421,
                "4.7.28",
                "Our system has detected an unusual rate of unsolicited mail");

        assertThat(harness.suppressionRecords()).isEmpty();
        assertThat(harness.entries(MonitorTopology.SUPPRESSION_STORE)).isZero();
        assertThat(harness.mailboxState("alice@acme.io").totalBounces()).isEqualTo(2);
    }

    @Test
    void threeFullMailboxBouncesSuppressForAWeekAndTheEntryLeavesByItself() throws IOException {
        mailboxFull("alice@acme.io", "b-1");
        harness.advance(Duration.ofHours(1));
        mailboxFull("carol@other.io", "b-2");
        harness.advance(Duration.ofHours(1));
        assertThat(harness.suppressionRecords()).isEmpty();
        mailboxFull("dave@acme.io", "b-3");

        List<TestRecord<String, byte[]>> records = harness.suppressionRecords();
        assertThat(records).hasSize(1);
        JsonNode entry = json(records.get(0));
        assertThat(entry.get("category").asText()).isEqualTo("TRANSIENT");
        assertThat(entry.get("class").asText()).isEqualTo("MAILBOX_FULL");
        assertThat(entry.get("until").asText())
                .isEqualTo(harness.eventTime().plus(Duration.ofDays(7)).toString());

        harness.advance(Duration.ofDays(7).minusSeconds(2));
        assertThat(harness.suppressionRecords()).isEmpty();
        harness.advance(Duration.ofSeconds(2));

        List<TestRecord<String, byte[]>> expired = harness.suppressionRecords();
        assertThat(expired).hasSize(1);
        assertThat(expired.get(0).key()).isEqualTo(BOB);
        assertThat(expired.get(0).value()).isNull();
        assertThat(header(expired.get(0).headers(), "bouncewatch-removed")).isEqualTo("EXPIRED");
        assertThat(header(expired.get(0).headers(), "bouncewatch-operator")).isNull();
        assertThat(harness.entries(MonitorTopology.SUPPRESSION_STORE)).isZero();
        assertThat(harness.entries(MonitorTopology.SUPPRESSION_DEADLINE_STORE)).isZero();
    }

    @Test
    void anOperatorRemovesAnEntryAndTheTombstoneSaysWhoAndWhy() {
        bounce("alice@acme.io", "b-1", 550, "5.1.1", "user unknown");
        harness.discardOutputs();

        command(
                "{\"commandId\":\"op-7\",\"recipient\":\"bob@example.com\",\"action\":\"UNSUPPRESS\","
                        + "\"reason\":\"address fixed\",\"operator\":\"ops@acme.io\"}");

        List<TestRecord<String, byte[]>> records = harness.suppressionRecords();
        assertThat(records).hasSize(1);
        TestRecord<String, byte[]> tombstone = records.get(0);
        assertThat(tombstone.key()).isEqualTo(BOB);
        assertThat(tombstone.value()).isNull();
        assertThat(header(tombstone.headers(), "bouncewatch-removed")).isEqualTo("OPERATOR");
        assertThat(header(tombstone.headers(), "bouncewatch-operator")).isEqualTo("ops@acme.io");
        assertThat(header(tombstone.headers(), "bouncewatch-note")).isEqualTo("address fixed");
        assertThat(header(tombstone.headers(), "bouncewatch-command-id")).isEqualTo("op-7");
        assertThat(harness.suppressionState(BOB)).isNull();
    }

    @Test
    void aComplaintThatNamesItsRecipientSuppressesIt() throws IOException {
        harness.rawJson(
                "complaints",
                "alice@acme.io",
                "{\"eventId\":\"c-1\",\"mailbox\":\"alice@acme.io\",\"recipient\":\"bob@example.com\","
                        + "\"feedbackType\":\"abuse\"}");

        List<TestRecord<String, byte[]>> records = harness.suppressionRecords();
        assertThat(records).hasSize(1);
        assertThat(json(records.get(0)).get("category").asText()).isEqualTo("COMPLAINT");
        assertThat(json(records.get(0)).get("source").asText()).isEqualTo("COMPLAINT");
    }

    @Test
    void anImportedEntryIsPublishedOnceHoweverOftenItIsImported() throws IOException {
        String suppress =
                "{\"commandId\":\"imp-1\",\"recipient\":\"bob@example.com\",\"action\":\"SUPPRESS\","
                        + "\"category\":\"LIST\",\"source\":\"IMPORT\",\"reason\":\"old list\"}";
        command(suppress);
        harness.advance(Duration.ofMinutes(1));
        command(suppress.replace("imp-1", "imp-2"));

        List<TestRecord<String, byte[]>> records = harness.suppressionRecords();
        assertThat(records).hasSize(1);
        JsonNode entry = json(records.get(0));
        assertThat(entry.get("source").asText()).isEqualTo("IMPORT");
        assertThat(entry.get("note").asText()).isEqualTo("old list");
        assertThat(entry.get("mailbox").isNull()).isTrue();
    }

    @Test
    void sendsNeverCrossTheSuppressionRekey() {
        harness.sends("alice@acme.io", 5);

        assertThat(harness.recordsWrittenTo("suppression-rekey-repartition")).isZero();
    }
}
