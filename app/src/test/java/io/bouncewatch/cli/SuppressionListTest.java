package io.bouncewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The list {@code suppressions export} writes: the latest entry of each recipient as the compacted
 * topic holds it, a tombstone removing one, in address order, as JSON lines or CSV.
 */
class SuppressionListTest {

    private static final String BOB =
            "{\"recipient\":\"bob@example.com\",\"category\":\"LIST\",\"class\":\"USER_UNKNOWN\","
                    + "\"source\":\"BOUNCE\",\"since\":\"2026-11-22T10:16:02Z\",\"until\":null,"
                    + "\"mailbox\":\"alice@acme.io\",\"causeEventId\":\"b-1\",\"operator\":null,"
                    + "\"note\":null}";
    private static final String CAROL =
            "{\"recipient\":\"carol@example.com\",\"category\":null,\"class\":null,"
                    + "\"source\":\"OPERATOR\",\"since\":\"2026-11-23T09:00:00Z\","
                    + "\"until\":\"2026-12-31T00:00:00Z\",\"mailbox\":null,\"causeEventId\":\"op-3\","
                    + "\"operator\":\"ops@acme.io\",\"note\":\"asked, \\\"by phone\\\"\"}";

    private final SuppressionList list = new SuppressionList();

    private void record(String key, String value) {
        list.apply(
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private void fill() {
        record("carol@example.com", CAROL.replace("op-3", "op-2"));
        record("dave@example.com", CAROL.replace("carol", "dave"));
        record("bob@example.com", BOB);
        record("carol@example.com", CAROL);
        record("dave@example.com", null);
        record("eve@example.com", "not json");
        record(null, BOB);
    }

    @Test
    void theLatestEntryOfEachRecipientIsWrittenInAddressOrderAndATombstoneRemovesOne()
            throws Exception {
        fill();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        list.writeJsonLines(out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(BOB + "\n" + CAROL + "\n");
        assertThat(list.problems())
                .containsExactly(
                        "a record without a key is not an entry; skipped",
                        "the entry of eve@example.com is not Suppression JSON; skipped");
    }

    @Test
    void csvHasTheSuppressionsFieldsAsColumnsAndQuotesWhatMustBe() throws Exception {
        fill();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        list.writeCsv(out);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo(
                        "recipient,category,class,source,since,until,mailbox,causeEventId,operator,note\n"
                                + "bob@example.com,LIST,USER_UNKNOWN,BOUNCE,2026-11-22T10:16:02Z,,"
                                + "alice@acme.io,b-1,,\n"
                                + "carol@example.com,,,OPERATOR,2026-11-23T09:00:00Z,"
                                + "2026-12-31T00:00:00Z,,op-3,ops@acme.io,"
                                + "\"asked, \"\"by phone\"\"\"\n");
    }
}
