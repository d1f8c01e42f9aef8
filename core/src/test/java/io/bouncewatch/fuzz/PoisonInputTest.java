package io.bouncewatch.fuzz;

import static io.bouncewatch.fuzz.FuzzTopology.START;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bouncewatch.fuzz.PoisonCheck.DeadLetter;
import io.bouncewatch.fuzz.PoisonCheck.Where;
import io.bouncewatch.fuzz.PoisonGenerator.Input;
import io.bouncewatch.fuzz.PoisonGenerator.Poison;
import io.bouncewatch.fuzz.PoisonGenerator.Totals;
import io.bouncewatch.rules.MailboxState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Poison input through the real topology (TopologyTestDriver): thousands of seeded bad and tricky
 * valid records on all four input topics. Every valid event must be counted for its normalised
 * mailbox, every bad record must be in health.dead-letters exactly once, unchanged, with headers
 * naming why and where from, and nothing else may be dead-lettered. Reproduce a failure with {@code
 * -Dpoison.seed=N}.
 */
class PoisonInputTest {

    static final long SEED = Long.getLong("poison.seed", 20261122L);
    private static final int RECORDS = Integer.getInteger("poison.records", 5_000);

    @Test
    void fiveThousandMixedRecordsAreEachCountedOrDeadLetteredExactlyOnce() {
        PoisonGenerator generator = new PoisonGenerator(SEED, START, 1_000_000, 150);
        List<Poison> records = generator.generate(RECORDS);
        List<Poison> bad = PoisonGenerator.bad(records);
        Map<String, Totals> expected = PoisonGenerator.expectedTotals(records);
        PoisonCheck check = new PoisonCheck(SEED);

        long started = System.nanoTime();
        try (FuzzTopology topology = new FuzzTopology()) {
            Map<Where, Poison> sent = new LinkedHashMap<>();
            for (Poison p : records) {
                long offset;
                try {
                    offset = topology.pipe(p);
                } catch (RuntimeException e) {
                    throw new AssertionError(
                            "the topology threw on "
                                    + p.describe()
                                    + " (seed "
                                    + SEED
                                    + "); expected: counted or dead-lettered, the stream going on; actual: "
                                    + e,
                            e);
                }
                sent.put(new Where(topology.topicName(p.input()), 0, offset), p);
            }

            List<DeadLetter> letters = new ArrayList<>();
            for (TestRecord<byte[], byte[]> r : topology.deadLetters()) {
                letters.add(new DeadLetter(r.key(), r.value(), r.headers()));
            }
            check.deadLetters(sent, letters);
            if (letters.size() != bad.size()) {
                check.problems()
                        .add(
                                "dead letters: expected "
                                        + bad.size()
                                        + " (one per bad record), actual "
                                        + letters.size());
            }

            Map<String, Totals> stored = new TreeMap<>();
            for (Map.Entry<String, MailboxState> e : topology.mailboxStore().entrySet()) {
                MailboxState s = e.getValue();
                stored.put(
                        e.getKey(),
                        new Totals(s.totalSends(), s.totalBounces(), s.totalComplaints()));
            }
            check.totals("mailbox store", expected, stored);
            check.totals("mailbox.status", expected, totalsOf(topology.latestMailboxStatus()));

            // The stream goes on: one more valid event after all of that is counted.
            topology.pipeJson(
                    Input.SENDS,
                    "last@after.io",
                    "{\"eventId\":\"last\",\"mailbox\":\"last@after.io\"}");
            MailboxState last = topology.mailbox("last@after.io");
            if (last == null || last.totalSends() != 1) {
                check.problems().add("a valid send after the poison was not counted: " + last);
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;

        String summary =
                records.size()
                        + " records ("
                        + bad.size()
                        + " bad, "
                        + (records.size() - bad.size())
                        + " valid over "
                        + expected.size()
                        + " mailboxes) in "
                        + millis
                        + " ms";
        System.out.println("PoisonInputTest: " + summary + "\n" + categories(records));
        assertThat(bad.size())
                .as("about half the records are bad")
                .isBetween(RECORDS * 2 / 5, RECORDS * 3 / 5);
        assertThat(check.problems()).as(check.report(summary)).isEmpty();
    }

    /** The check is not vacuous: a record treated otherwise than it deserves is reported. */
    @Test
    void theCheckReportsARecordThatIsNotTreatedAsItDeserves() {
        List<Poison> records = new PoisonGenerator(SEED + 1, START, 100_000, 20).generate(300);
        try (FuzzTopology topology = new FuzzTopology()) {
            Map<Where, Poison> sent = new LinkedHashMap<>();
            for (Poison p : records) {
                sent.put(new Where(topology.topicName(p.input()), 0, topology.pipe(p)), p);
            }
            Map.Entry<Where, Poison> aBad =
                    sent.entrySet().stream()
                            .filter(e -> !e.getValue().valid())
                            .findFirst()
                            .orElseThrow();
            Poison b = aBad.getValue();
            // Pretend the first bad record was valid, and that one more send was expected
            // somewhere.
            sent.put(
                    aBad.getKey(),
                    new Poison(
                            b.seq(),
                            "pretend-valid",
                            b.input(),
                            b.key(),
                            b.value(),
                            true,
                            "x@y.io",
                            PoisonGenerator.Counts.SEND,
                            true,
                            null));
            Map<String, Totals> expected = new TreeMap<>(PoisonGenerator.expectedTotals(records));
            String someone = expected.keySet().iterator().next();
            Totals t = expected.get(someone);
            expected.put(someone, new Totals(t.sends() + 1, t.bounces(), t.complaints()));

            PoisonCheck check = new PoisonCheck(SEED + 1);
            check.deadLetters(
                    sent,
                    topology.deadLetters().stream()
                            .map(r -> new DeadLetter(r.key(), r.value(), r.headers()))
                            .toList());
            check.totals("mailbox.status", expected, totalsOf(topology.latestMailboxStatus()));
            assertThat(check.problems())
                    .hasSize(2)
                    .anySatisfy(
                            p ->
                                    assertThat(p)
                                            .startsWith("VALID record dead-lettered: #" + b.seq()))
                    .anySatisfy(
                            p ->
                                    assertThat(p)
                                            .contains(PoisonCheck.escape(someone))
                                            .contains("expected " + (t.sends() + 1) + "/"));
        }
    }

    /**
     * The generator covers every input topic with valid and bad records of every kind asked for.
     */
    @Test
    void theMixCoversEveryTopicAndEveryCategory() {
        List<Poison> records = new PoisonGenerator(SEED, START, 1_000_000, 150).generate(RECORDS);
        Map<String, Integer> histogram = PoisonGenerator.histogram(records);
        for (Input input : Input.values()) {
            assertThat(records)
                    .as("valid and bad records on " + input)
                    .anyMatch(p -> p.input() == input && p.valid())
                    .anyMatch(p -> p.input() == input && !p.valid());
        }
        for (String category :
                List.of(
                        "bad/random-bytes",
                        "bad/truncated-json",
                        "bad/deeply-nested/field-10000",
                        "bad/deeply-nested/top-array-10000",
                        "bad/not-an-object",
                        "bad/wrong-type/eventId",
                        "bad/wrong-type/commandId",
                        "bad/wrong-type/mailbox",
                        "bad/wrong-type/smtpCode",
                        "bad/wrong-type/timestamp",
                        "bad/huge-id",
                        "bad/long-id",
                        "bad/missing-id/absent",
                        "bad/missing-id/empty",
                        "bad/missing-mailbox/absent",
                        "bad/address/no-at",
                        "bad/address/nothing-before-at",
                        "bad/address/nothing-after-at",
                        "bad/address/space-in-local",
                        "bad/address/control-inside",
                        "bad/timestamp/1970",
                        "bad/timestamp/2999",
                        "bad/command/unknown-action",
                        "bad/command/domain-reset",
                        "bad/command/domain-remove",
                        "bad/command/mailbox-and-domain",
                        "bad/tombstone",
                        "bad/empty-value",
                        "bad/trailing-garbage",
                        "bad/invalid-utf8",
                        "bad/json-syntax",
                        "bad/bounce-type",
                        "bad/bounce-huge-diagnostic",
                        "bad/bounce-classification-field",
                        "valid/duplicate-redelivery",
                        "valid/command/mailbox-pause",
                        "valid/command/domain-pause",
                        "valid/command/mailbox-remove-unknown")) {
            assertThat(histogram.keySet())
                    .as("category " + category + " in " + histogram.keySet())
                    .anyMatch(c -> c.startsWith(category));
        }
        for (String tag :
                List.of(
                        "upper",
                        "padded",
                        "timestamp",
                        "extras",
                        "delivery-notice",
                        "bom",
                        "trailing-white-space",
                        "unicode-domain",
                        "trailing-dot")) {
            assertThat(histogram.keySet())
                    .as("valid events tagged " + tag)
                    .anyMatch(c -> c.contains(tag));
        }
        assertThat(records)
                .as("internationalised, several-@ and null-key valid records")
                .anyMatch(
                        p ->
                                p.valid()
                                        && p.mailbox() != null
                                        && p.mailbox().contains("xn--fsqu00a.xn--4rr70v"))
                .anyMatch(p -> p.valid() && p.mailbox() != null && p.mailbox().contains("josé"))
                .anyMatch(
                        p ->
                                p.valid()
                                        && p.mailbox() != null
                                        && p.mailbox().indexOf('@') != p.mailbox().lastIndexOf('@'))
                .anyMatch(p -> p.valid() && p.key() == null)
                .anyMatch(p -> !p.valid() && p.key() == null && p.value() == null);
        // Same seed, same records.
        List<Poison> again = new PoisonGenerator(SEED, START, 1_000_000, 150).generate(RECORDS);
        for (int i = 0; i < records.size(); i++) {
            assertThat(Arrays.equals(again.get(i).value(), records.get(i).value()))
                    .as("record %d repeats", i)
                    .isTrue();
        }
    }

    /** The decisions README.md spells out, on single hand-written records. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            upper-case and padded             | '  Alice@ACME.io  '    | alice@acme.io
            internationalised                 | josé@bücher.de         | josé@xn--bcher-kva.de
            internationalised upper-case      | JOSÉ@BÜCHER.DE         | josé@xn--bcher-kva.de
            already in punycode               | josé@xn--bcher-kva.de  | josé@xn--bcher-kva.de
            chinese                           | 用户@例子.广告          | 用户@xn--fsqu00a.xn--4rr70v
            fully qualified                   | Alice@ACME.IO.         | alice@acme.io
            several @, domain after the last  | a@b@acme.io            | a@b@acme.io
            """)
    void trickyValidAddressesAreCountedForTheirNormalisedMailbox(
            String what, String raw, String normalised) {
        try (FuzzTopology topology = new FuzzTopology()) {
            topology.pipeJson(
                    Input.SENDS,
                    null,
                    "{\"eventId\":\"s-1\",\"mailbox\":"
                            + PoisonGenerator.str(raw)
                            + ",\"extra\":{\"nested\":{\"deeper\":[1,{\"x\":null}]}},"
                            + "\"timestamp\":\"2026-11-22T11:30:00+02:00\"}");
            topology.pipeJson(
                    Input.BOUNCES,
                    raw,
                    "{\"eventId\":\"b-1\",\"mailbox\":"
                            + PoisonGenerator.str(raw)
                            + ",\"timestamp\":"
                            + START.minusSeconds(5).toEpochMilli()
                            + "}");

            assertThat(topology.deadLetters()).as(what).isEmpty();
            Map<String, JsonNode> status = topology.latestMailboxStatus();
            assertThat(status.keySet()).as(what).containsExactly(normalised);
            assertThat(status.get(normalised).get("domain").asText())
                    .isEqualTo(normalised.substring(normalised.lastIndexOf('@') + 1));
            assertThat(status.get(normalised).get("totalSends").asLong()).isEqualTo(1);
            assertThat(status.get(normalised).get("totalBounces").asLong()).isEqualTo(1);
        }
    }

    // ------------------------------------------------------------------ edge probes (bugs found)

    /**
     * An ISO-8601 timestamp with a year far beyond 2999 parses as an Instant but does not fit in
     * epoch milliseconds. It is a bad record like any other far-future or far-past timestamp.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            SENDS      | {"eventId":"s-y","mailbox":"year@edge.io","timestamp":"+300000000-01-01T00:00:00Z"}
            BOUNCES    | {"eventId":"b-y","mailbox":"year@edge.io","timestamp":"-300000000-01-01T00:00:00Z"}
            COMPLAINTS | {"eventId":"c-y","mailbox":"year@edge.io","timestamp":"+1000000000-12-31T23:59:59Z"}
            COMMANDS   | {"commandId":"op-y","mailbox":"year@edge.io","action":"PAUSE","timestamp":"+300000000-06-01T00:00:00+02:00"}
            """)
    void aTimestampBeyondTheRangeOfEpochMillisIsADeadLetterAndTheStreamGoesOn(
            Input input, String json) {
        try (FuzzTopology topology = new FuzzTopology()) {
            byte[] value = json.getBytes(StandardCharsets.UTF_8);
            Throwable thrown = null;
            try {
                topology.pipe(input, "year@edge.io".getBytes(StandardCharsets.UTF_8), value);
            } catch (RuntimeException e) {
                thrown = e;
            }
            assertThat(thrown)
                    .as(
                            "input %s on %s; expected: a dead letter and the stream going on; actual: the "
                                    + "topology threw %s (on a real broker the stream thread dies and the instance shuts down)",
                            json, input, rootCause(thrown))
                    .isNull();
            assertThat(topology.deadLetters())
                    .as("dead letters for %s", json)
                    .singleElement()
                    .satisfies(
                            d ->
                                    assertThat(
                                                    new String(
                                                            d.headers()
                                                                    .lastHeader(PoisonCheck.REASON)
                                                                    .value(),
                                                            StandardCharsets.UTF_8))
                                            .contains("timestamp"));
            topology.pipeJson(
                    Input.SENDS,
                    "next@edge.io",
                    "{\"eventId\":\"s-n\",\"mailbox\":\"next@edge.io\"}");
            assertThat(topology.mailbox("next@edge.io"))
                    .as("the next valid send is counted")
                    .isNotNull();
        }
    }

    /**
     * README.md: "An address ... with white space is a dead letter". The parser checks {@code
     * Character.isWhitespace}, which leaves out the no-break spaces of Unicode's White_Space set,
     * so these addresses become distinct mailboxes (and domains) that look like real ones.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            no-break space U+00A0 in the local part          | al\\u00a0ice@acme.io
            narrow no-break space U+202F in the domain       | alice@acme\\u202f.io
            figure space U+2007 in the domain                | alice@example\\u2007.com
            no-break space U+00A0 at the end (not trimmed)   | alice@acme.io\\u00a0
            """)
    void anAddressWithUnicodeWhiteSpaceIsADeadLetter(String what, String escapedAddress) {
        try (FuzzTopology topology = new FuzzTopology()) {
            String json = "{\"eventId\":\"s-ws\",\"mailbox\":\"" + escapedAddress + "\"}";
            topology.pipeJson(Input.SENDS, "alice@acme.io", json);

            List<DeadLetter> letters =
                    topology.deadLetters().stream()
                            .map(r -> new DeadLetter(r.key(), r.value(), r.headers()))
                            .toList();
            assertThat(letters)
                    .as(
                            "input %s (%s); expected: a dead letter (white space in an address); actual: "
                                    + "counted for mailbox(es) %s",
                            json,
                            what,
                            topology.mailboxStore().keySet().stream()
                                    .map(PoisonCheck::escape)
                                    .collect(Collectors.toList()))
                    .hasSize(1);
            assertThat(letters.get(0).header(PoisonCheck.REASON)).contains("white space");
        }
    }

    /**
     * A JSON escape may carry a lone UTF-16 surrogate ({@code \ud800}); Kafka's String serde and
     * the repartition codec turn it into {@code ?}, so the address silently merges with another,
     * valid mailbox ({@code a?@acme.io}, where {@code ?} is a legal character).
     */
    @Test
    void anAddressWithALoneSurrogateIsADeadLetterNotAnotherMailboxsCount() {
        try (FuzzTopology topology = new FuzzTopology()) {
            topology.pipeJson(
                    Input.SENDS,
                    "a?@acme.io",
                    "{\"eventId\":\"s-real\",\"mailbox\":\"a?@acme.io\"}");
            String json = "{\"eventId\":\"s-lone\",\"mailbox\":\"a\\ud800@acme.io\"}";
            topology.pipeJson(Input.SENDS, null, json);

            MailboxState real = topology.mailbox("a?@acme.io");
            assertThat(topology.deadLetters())
                    .as(
                            "input %s on email.sends after one send of a?@acme.io; expected: "
                                    + "a dead letter (not a Unicode address) or a mailbox of its own; actual: a?@acme.io has %s sends "
                                    + "and no dead letter",
                            json, real == null ? 0 : real.totalSends())
                    .hasSize(1);
            assertThat(real.totalSends()).isEqualTo(1);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String rootCause(Throwable e) {
        if (e == null) {
            return "nothing";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        StackTraceElement at = root.getStackTrace().length == 0 ? null : root.getStackTrace()[0];
        String where = "";
        for (StackTraceElement frame : root.getStackTrace()) {
            if (frame.getClassName().startsWith("io.bouncewatch")) {
                where = " at " + frame;
                break;
            }
        }
        return root + (at == null ? "" : where);
    }

    static Map<String, Totals> totalsOf(Map<String, JsonNode> status) {
        Map<String, Totals> out = new TreeMap<>();
        status.forEach(
                (mailbox, m) ->
                        out.put(
                                mailbox,
                                new Totals(
                                        m.get("totalSends").asLong(),
                                        m.get("totalBounces").asLong(),
                                        m.get("totalComplaints").asLong())));
        return out;
    }

    /** The categories, with the valid ones folded to topic level. */
    static String categories(List<Poison> records) {
        Map<String, Integer> folded = new TreeMap<>();
        for (Poison p : records) {
            String c = p.category();
            if (c.startsWith("valid/")
                    && !c.startsWith("valid/command")
                    && !c.startsWith("valid/duplicate")) {
                c = c.substring(0, c.indexOf('/', 6));
            }
            folded.merge(c, 1, Integer::sum);
        }
        return folded.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "  categories: ", ""));
    }
}
