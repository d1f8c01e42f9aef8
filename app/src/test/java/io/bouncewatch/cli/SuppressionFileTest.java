package io.bouncewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.rules.Category;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lists other providers export, read as {@code suppressions import} reads them: the address,
 * the category their reason means, the times; bad lines reported by number, the rest read.
 */
class SuppressionFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<SuppressionFile.Entry> entries = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();

    private void read(String name, InputStream in) throws IOException {
        new SuppressionFile(name)
                .read(
                        in,
                        new SuppressionFile.Sink() {
                            @Override
                            public void entry(SuppressionFile.Entry entry) {
                                entries.add(entry);
                            }

                            @Override
                            public void rejected(long line, String reason) {
                                rejected.add(line + ": " + reason);
                            }
                        });
    }

    private void fixture(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/suppressions/" + name)) {
            read(name, in);
        }
    }

    private void text(String content) throws IOException {
        read("list.csv", new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
    }

    private static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void anAmazonSesListGivesBouncesAsListAndComplaintsAsComplaints() throws Exception {
        fixture("ses.csv");
        assertThat(entries)
                .extracting(
                        SuppressionFile.Entry::recipient,
                        SuppressionFile.Entry::category,
                        SuppressionFile.Entry::reason,
                        SuppressionFile.Entry::created)
                .containsExactly(
                        tuple(
                                "bounced@example.com",
                                Category.LIST,
                                "BOUNCE",
                                at("2026-11-20T08:00:00Z")),
                        tuple(
                                "complainer@example.org",
                                Category.COMPLAINT,
                                "COMPLAINT",
                                at("2025-11-20T08:00:00Z")));
        assertThat(rejected).isEmpty();
    }

    @Test
    void aSendGridBounceIsListByItsPermanentStatusAndKeepsTheReceiversReply() throws Exception {
        fixture("sendgrid-bounces.csv");
        assertThat(entries)
                .extracting(SuppressionFile.Entry::recipient, SuppressionFile.Entry::category)
                .containsExactly(
                        tuple("gone@example.com", Category.LIST), tuple("full@example.com", null));
        assertThat(entries.get(0).reason())
                .isEqualTo(
                        "550 5.1.1 The email account that you tried to reach does not exist,"
                                + " please check");
    }

    @Test
    void aMailgunListIsReadAndItsBadLinesAreReportedByNumber() throws Exception {
        fixture("mailgun-bounces.csv");
        assertThat(entries)
                .extracting(
                        SuppressionFile.Entry::line,
                        SuppressionFile.Entry::recipient,
                        SuppressionFile.Entry::category,
                        SuppressionFile.Entry::reason,
                        SuppressionFile.Entry::created)
                .containsExactly(
                        tuple(
                                2L,
                                "nobody@example.net",
                                Category.LIST,
                                "No such user",
                                at("2026-11-20T08:00:00Z")));
        assertThat(rejected)
                .containsExactly(
                        "3: recipient 'not-an-address' has no @",
                        "4: no address",
                        "5: a time is not one of ISO-8601, epoch seconds or milliseconds, an RFC"
                                + " 1123 date or yyyy-MM-dd HH:mm:ss");
    }

    @Test
    void aPostmarkDumpInJsonLinesMapsItsReasonsAndSkipsBlankLines() throws Exception {
        fixture("postmark.jsonl");
        assertThat(entries)
                .extracting(
                        SuppressionFile.Entry::line,
                        SuppressionFile.Entry::recipient,
                        SuppressionFile.Entry::category,
                        SuppressionFile.Entry::created)
                .containsExactly(
                        tuple(1L, "hard@example.com", Category.LIST, at("2026-11-20T13:00:00Z")),
                        tuple(
                                2L,
                                "spam@example.com",
                                Category.COMPLAINT,
                                at("2026-11-20T08:00:00Z")),
                        tuple(5L, "manual@example.com", null, at("2026-11-20T08:00:00Z")));
        assertThat(rejected).containsExactly("3: not valid JSON");
    }

    @Test
    void ourOwnExportIsReadBackWithItsCategoryTimesAndNote() throws Exception {
        text(
                "recipient,category,class,source,since,until,mailbox,causeEventId,operator,note\n"
                        + "carol@example.com,TRANSIENT,MAILBOX_FULL,BOUNCE,2026-11-20T08:00:00Z,"
                        + "2026-11-27T08:00:00Z,alice@acme.io,b-9,,\n"
                        + "dave@example.com,,,OPERATOR,2026-11-21T08:00:00Z,,,op-1,ops,"
                        + "\"asked, by phone\"\n");
        assertThat(entries)
                .extracting(
                        SuppressionFile.Entry::recipient,
                        SuppressionFile.Entry::category,
                        SuppressionFile.Entry::reason,
                        SuppressionFile.Entry::created,
                        SuppressionFile.Entry::until)
                .containsExactly(
                        tuple(
                                "carol@example.com",
                                Category.TRANSIENT,
                                "imported from list.csv",
                                at("2026-11-20T08:00:00Z"),
                                at("2026-11-27T08:00:00Z")),
                        tuple(
                                "dave@example.com",
                                null,
                                "asked, by phone",
                                at("2026-11-21T08:00:00Z"),
                                null));
    }

    @Test
    void aTimeBefore2000OrInTheFutureRejectsItsLineAsTheMonitorWould() throws Exception {
        text("email,created\nold@example.com,1999-12-31T23:59:59Z\nnext@example.com,4102444800\n");
        assertThat(entries).isEmpty();
        assertThat(rejected)
                .containsExactly(
                        "2: the time it was suppressed, 1999-12-31T23:59:59Z, is before 2000 or in"
                                + " the future",
                        "3: the time it was suppressed, 4102444800, is before 2000 or in the"
                                + " future");
    }

    @Test
    void aQuotedFieldMayGoOnOverLinesAndTheNextLineKeepsItsNumber() throws Exception {
        text("email;error\n\"a@example.com\";\"first\nsecond\"\n\"b@example.com\";\"unclosed\n");
        assertThat(entries)
                .extracting(SuppressionFile.Entry::recipient, SuppressionFile.Entry::reason)
                .containsExactly(tuple("a@example.com", "first\nsecond"));
        assertThat(rejected).containsExactly("4: a quoted field is not closed");
    }

    @Test
    void aHeaderWithoutAnAddressColumnRejectsTheFile() throws Exception {
        text("name,reason\nbob,BOUNCE\n");
        assertThat(entries).isEmpty();
        assertThat(rejected)
                .containsExactly(
                        "1: the header row names no address column (email, address, recipient or"
                                + " EmailAddress)");
    }

    @Test
    void theSameLineGivesTheSameCommandIdAndAnotherLineAnother() throws Exception {
        text(
                "email,reason\nbob@example.com,BOUNCE\nBOB@example.com ,BOUNCE\n"
                        + "bob@example.com,BOUNCE\nbob@example.com,COMPLAINT\n");
        List<String> ids = entries.stream().map(SuppressionFile.Entry::commandId).toList();
        assertThat(ids.get(0)).startsWith("import-").isEqualTo(ids.get(2));
        assertThat(ids.get(1)).isNotEqualTo(ids.get(0));
        assertThat(ids.get(3)).isNotEqualTo(ids.get(0));
    }

    @Test
    void aLineBecomesASuppressCommandFromAnImport() throws Exception {
        text("email,type,created,until\nBob@Example.com,hard_bounce,1763625600,1767225600000\n");
        JsonNode command = JSON.readTree(entries.get(0).command("ops"));
        assertThat(command.get("commandId").asText()).isEqualTo(entries.get(0).commandId());
        assertThat(command.get("recipient").asText()).isEqualTo("bob@example.com");
        assertThat(command.get("action").asText()).isEqualTo("SUPPRESS");
        assertThat(command.get("source").asText()).isEqualTo("IMPORT");
        assertThat(command.get("category").asText()).isEqualTo("LIST");
        assertThat(command.get("reason").asText()).isEqualTo("hard_bounce");
        assertThat(command.get("operator").asText()).isEqualTo("ops");
        assertThat(command.get("until").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(command.get("timestamp").asText()).isEqualTo("2025-11-20T08:00:00Z");
    }
}
