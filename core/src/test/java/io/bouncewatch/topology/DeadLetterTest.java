package io.bouncewatch.topology;

import static io.bouncewatch.topology.TopologyHarness.START;
import static io.bouncewatch.topology.TopologyHarness.healths;
import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.testing.KafkaHeaders;
import io.bouncewatch.topology.TopologyHarness.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Records that cannot become an event or a command end in {@code health.dead-letters} exactly as
 * they arrived, with headers naming why and where from, and the stream goes on. Bad input is piped
 * as raw bytes.
 *
 * <p>One driver serves the whole class (a driver costs far more than the records of a test): every
 * test uses mailboxes of its own, drops earlier output first and computes offsets from what was
 * piped, so no test depends on another or on an empty store.
 */
class DeadLetterTest extends SharedDriverTest {

    private int mailboxes;

    private String freshMailbox() {
        return "m" + (++mailboxes) + "@dead.io";
    }

    private static Arguments bad(String what, String topic, String value, String reason) {
        return Arguments.of(what, topic, value.getBytes(StandardCharsets.UTF_8), reason);
    }

    private static String send(String fields) {
        return "{\"eventId\":\"s-x\",\"mailbox\":\"alice@acme.io\"" + fields + "}";
    }

    static Stream<Arguments> badRecords() {
        String nested =
                "{\"eventId\":\"s-x\",\"mailbox\":\"alice@acme.io\",\"extra\":"
                        + "{\"x\":".repeat(1000)
                        + "1"
                        + "}".repeat(1000)
                        + "}";
        byte[] invalidUtf8 =
                "{\"eventId\":\"s-\u00ff\",\"mailbox\":\"alice@acme.io\"}"
                        .getBytes(StandardCharsets.ISO_8859_1);
        return Stream.of(
                bad("not JSON", "sends", "hello, world", "invalid JSON"),
                bad(
                        "truncated JSON",
                        "sends",
                        "{\"eventId\":\"s-x\",\"mailbox\":\"alice@ac",
                        "invalid JSON"),
                bad(
                        "a JSON array",
                        "sends",
                        "[{\"eventId\":\"s-x\",\"mailbox\":\"alice@acme.io\"}]",
                        "not a JSON object"),
                bad("a JSON string", "bounces", "\"alice@acme.io\"", "not a JSON object"),
                bad("1000 levels of nested objects", "sends", nested, "nesting depth"),
                bad(
                        "1000 levels of nested arrays",
                        "complaints",
                        "[".repeat(1000) + "]".repeat(1000),
                        "not a JSON object"),
                bad("trailing content", "sends", send("") + "{}", "trailing content"),
                bad("empty value", "sends", "", "empty record value"),
                Arguments.of("invalid UTF-8", "sends", invalidUtf8, "invalid JSON"),
                bad(
                        "missing eventId",
                        "sends",
                        "{\"mailbox\":\"alice@acme.io\"}",
                        "missing required field 'eventId'"),
                bad(
                        "empty eventId",
                        "bounces",
                        "{\"eventId\":\"\",\"mailbox\":\"alice@acme.io\"}",
                        "required field 'eventId' is empty"),
                bad(
                        "blank eventId",
                        "complaints",
                        "{\"eventId\":\"   \",\"mailbox\":\"alice@acme.io\"}",
                        "required field 'eventId' is empty"),
                bad(
                        "null eventId",
                        "sends",
                        "{\"eventId\":null,\"mailbox\":\"alice@acme.io\"}",
                        "missing required field 'eventId'"),
                bad(
                        "missing mailbox",
                        "sends",
                        "{\"eventId\":\"s-x\"}",
                        "missing required field 'mailbox'"),
                bad(
                        "mailbox without @",
                        "bounces",
                        "{\"eventId\":\"b-x\",\"mailbox\":\"alice.acme.io\"}",
                        "has no @"),
                bad(
                        "mailbox with nothing before the @",
                        "sends",
                        "{\"eventId\":\"s-x\",\"mailbox\":\"@acme.io\"}",
                        "nothing before the @"),
                bad(
                        "mailbox with nothing after the @",
                        "sends",
                        "{\"eventId\":\"s-x\",\"mailbox\":\"alice@\"}",
                        "has no domain"),
                bad(
                        "mailbox with white space inside",
                        "sends",
                        "{\"eventId\":\"s-x\",\"mailbox\":\"al ice@acme.io\"}",
                        "white space"),
                bad(
                        "eventId as a number",
                        "sends",
                        "{\"eventId\":42,\"mailbox\":\"alice@acme.io\"}",
                        "field 'eventId' must be a string"),
                bad(
                        "mailbox as an object",
                        "sends",
                        "{\"eventId\":\"s-x\",\"mailbox\":{\"a\":\"alice@acme.io\"}}",
                        "field 'mailbox' must be a string"),
                bad(
                        "smtpCode as a string",
                        "bounces",
                        "{\"eventId\":\"b-x\",\"mailbox\":\"alice@acme.io\",\"smtpCode\":\"550\"}",
                        "field 'smtpCode' must be an integer"),
                bad(
                        "smtpCode out of range",
                        "bounces",
                        "{\"eventId\":\"b-x\",\"mailbox\":\"alice@acme.io\",\"smtpCode\":55000}",
                        "not an SMTP reply code"),
                bad(
                        "unknown bounce type",
                        "bounces",
                        "{\"eventId\":\"b-x\",\"mailbox\":\"alice@acme.io\",\"type\":\"MEDIUM\"}",
                        "bounce type 'MEDIUM' is not HARD or SOFT"),
                bad(
                        "eventId of 10,000 characters",
                        "sends",
                        "{\"eventId\":\""
                                + "e".repeat(10_000)
                                + "\",\"mailbox\":\"alice@acme.io\"}",
                        "field 'eventId' is longer than"),
                bad(
                        "mailbox of 1,000 characters",
                        "sends",
                        "{\"eventId\":\"s-x\",\"mailbox\":\"" + "a".repeat(990) + "@acme.io\"}",
                        "longer than"),
                bad(
                        "timestamp in 1970",
                        "sends",
                        send(",\"timestamp\":\"1970-01-01T00:00:00Z\""),
                        "before 2000"),
                bad(
                        "timestamp as epoch millis 0",
                        "sends",
                        send(",\"timestamp\":0"),
                        "before 2000"),
                bad(
                        "timestamp in 2999",
                        "bounces",
                        "{\"eventId\":\"b-x\",\"mailbox\":\"alice@acme.io\",\"timestamp\":\"2999-01-01T00:00:00Z\"}",
                        "more than a day ahead"),
                bad(
                        "timestamp 25 hours ahead",
                        "sends",
                        send(",\"timestamp\":\"" + START.plus(Duration.ofHours(25)) + "\""),
                        "more than a day ahead"),
                bad(
                        "timestamp that is not a date",
                        "sends",
                        send(",\"timestamp\":\"yesterday\""),
                        "is not an ISO-8601 date-time"),
                bad(
                        "unknown command action",
                        "commands",
                        "{\"commandId\":\"op-x\",\"mailbox\":\"alice@acme.io\",\"action\":\"EXPLODE\"}",
                        "unknown action 'EXPLODE'"),
                bad(
                        "domain command RESET",
                        "commands",
                        "{\"commandId\":\"op-x\",\"domain\":\"acme.io\",\"action\":\"RESET\"}",
                        "RESET applies to mailboxes only"),
                bad(
                        "domain command REMOVE",
                        "commands",
                        "{\"commandId\":\"op-x\",\"domain\":\"acme.io\",\"action\":\"REMOVE\"}",
                        "REMOVE applies to mailboxes only"),
                bad(
                        "command with both mailbox and domain",
                        "commands",
                        "{\"commandId\":\"op-x\",\"mailbox\":\"alice@acme.io\",\"domain\":\"acme.io\","
                                + "\"action\":\"PAUSE\"}",
                        "a mailbox, a domain or a recipient, not several"),
                bad(
                        "command with neither mailbox nor domain",
                        "commands",
                        "{\"commandId\":\"op-x\",\"action\":\"PAUSE\"}",
                        "missing required field 'mailbox', 'domain' or 'recipient'"),
                bad(
                        "command for a mailbox without @",
                        "commands",
                        "{\"commandId\":\"op-x\",\"mailbox\":\"alice\",\"action\":\"PAUSE\"}",
                        "has no @"),
                bad(
                        "command without commandId",
                        "commands",
                        "{\"mailbox\":\"alice@acme.io\",\"action\":\"PAUSE\"}",
                        "missing required field 'commandId'"),
                bad(
                        "command without action",
                        "commands",
                        "{\"commandId\":\"op-x\",\"mailbox\":\"alice@acme.io\"}",
                        "missing required field 'action'"),
                bad(
                        "domain command with an @ in the domain",
                        "commands",
                        "{\"commandId\":\"op-x\",\"domain\":\"alice@acme.io\",\"action\":\"PAUSE\"}",
                        "a domain has no @"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRecords")
    void badRecordEndsInDeadLettersAsItArrivedAndTheStreamGoesOn(
            String what, String topic, byte[] value, String reason) {
        String mailbox = freshMailbox();
        h.send(mailbox);
        byte[] key = ("key of " + what).getBytes(StandardCharsets.UTF_8);
        long offset = h.nextOffset(topic);
        h.raw(topic, key, value);
        h.send(mailbox);

        List<DeadLetter> dead = h.deadLetters();
        assertThat(dead).hasSize(1);
        DeadLetter letter = dead.get(0);
        assertThat(letter.key()).isEqualTo(key);
        assertThat(letter.value()).isEqualTo(value);
        assertThat(letter.header(DeadLetterProcessor.REASON)).contains(reason);
        assertThat(letter.header(DeadLetterProcessor.TOPIC)).isEqualTo(topicName(topic));
        assertThat(letter.header(DeadLetterProcessor.PARTITION)).isEqualTo("0");
        assertThat(letter.header(DeadLetterProcessor.OFFSET)).isEqualTo(Long.toString(offset));
        assertThat(h.mailboxState(mailbox).totalSends()).isEqualTo(2);
        assertThat(h.statusChangeRecords()).isEmpty();
    }

    @Test
    void everyBadRecordIsADeadLetterInOrderAndEveryValidOneBetweenThemIsCounted() {
        String mailbox = freshMailbox();
        List<Arguments> cases = badRecords().toList();
        List<String> expected = new ArrayList<>();
        for (Arguments c : cases) {
            String topic = (String) c.get()[1];
            expected.add(topicName(topic) + "@" + h.nextOffset(topic));
            h.raw(topic, mailbox.getBytes(StandardCharsets.UTF_8), (byte[]) c.get()[2]);
            h.send(mailbox);
        }

        assertThat(h.deadLetters())
                .extracting(
                        d ->
                                d.header(DeadLetterProcessor.TOPIC)
                                        + "@"
                                        + d.header(DeadLetterProcessor.OFFSET))
                .containsExactlyElementsOf(expected);
        assertThat(h.mailboxState(mailbox).totalSends()).isEqualTo(cases.size());
        assertThat(h.mailboxState(mailbox).status().name()).isEqualTo("HEALTHY");
        assertThat(h.statusChangeRecords()).isEmpty();
    }

    @Test
    void deadLetterReasonStaysShortEvenForHugeInput() {
        h.raw(
                "sends",
                null,
                ("{\"eventId\":\"" + "e".repeat(10_000) + "\"").getBytes(StandardCharsets.UTF_8));

        assertThat(h.deadLetters())
                .singleElement()
                .satisfies(
                        d -> assertThat(d.header(DeadLetterProcessor.REASON)).hasSizeLessThan(200));
    }

    @Test
    void nullKeyAndNullValueAreKeptAsTheyArrived() {
        long offset = h.nextOffset("bounces");
        h.raw("bounces", null, null);

        assertThat(h.deadLetters())
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.key()).isNull();
                            assertThat(d.value()).isNull();
                            assertThat(d.header(DeadLetterProcessor.REASON))
                                    .isEqualTo("empty record value");
                            assertThat(d.header(DeadLetterProcessor.TOPIC))
                                    .isEqualTo("email.bounces");
                            assertThat(d.header(DeadLetterProcessor.OFFSET))
                                    .isEqualTo(Long.toString(offset));
                        });
    }

    @Test
    void originalHeadersAreKeptAndForgedErrorHeadersReplaced() {
        Headers headers = KafkaHeaders.empty();
        headers.add("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterProcessor.REASON, "forged".getBytes(StandardCharsets.UTF_8));
        h.raw(
                "sends",
                freshMailbox().getBytes(StandardCharsets.UTF_8),
                "nope".getBytes(StandardCharsets.UTF_8),
                headers);

        DeadLetter letter = h.deadLetters().get(0);
        assertThat(letter.header("traceparent")).isEqualTo("00-abc-def-01");
        List<String> reasons = new ArrayList<>();
        for (Header header : letter.headers().headers(DeadLetterProcessor.REASON)) {
            reasons.add(new String(header.value(), StandardCharsets.UTF_8));
        }
        assertThat(reasons).singleElement().asString().startsWith("invalid JSON");
    }

    // ---- odd but valid

    @Test
    void mailboxWithSeveralAtSignsIsValidAndBelongsToTheDomainAfterTheLastOne() {
        h.send("a@b@several.io");

        assertThat(h.deadLetters()).isEmpty();
        assertThat(h.mailboxStatusKeyed())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.key()).isEqualTo("a@b@several.io");
                            assertThat(r.value().get("domain").asText()).isEqualTo("several.io");
                        });
        assertThat(h.domainStatus())
                .singleElement()
                .satisfies(d -> assertThat(d.get("domain").asText()).isEqualTo("several.io"));
    }

    @Test
    void eventWithoutTimestampIsStampedWithTheRecordTimestamp() {
        String mailbox = freshMailbox();
        h.rawJson("sends", mailbox, "{\"eventId\":\"s-1\",\"mailbox\":\"" + mailbox + "\"}");

        assertThat(h.deadLetters()).isEmpty();
        assertThat(h.mailboxStatus())
                .singleElement()
                .satisfies(
                        m ->
                                assertThat(m.get("lastEventAt").asText())
                                        .isEqualTo(h.eventTime().toString()));
    }

    @Test
    void timestampAsEpochMillisAndWithAnOffsetAreAccepted() {
        String mailbox = freshMailbox();
        h.rawJson(
                "sends",
                mailbox,
                "{\"eventId\":\"s-1\",\"mailbox\":\""
                        + mailbox
                        + "\",\"timestamp\":"
                        + START.minusSeconds(60).toEpochMilli()
                        + "}");
        h.rawJson(
                "sends",
                mailbox,
                "{\"eventId\":\"s-2\",\"mailbox\":\""
                        + mailbox
                        + "\","
                        + "\"timestamp\":\"2026-11-22T11:30:00+02:00\"}");

        assertThat(h.deadLetters()).isEmpty();
        assertThat(h.mailboxStatus())
                .extracting(m -> m.get("lastEventAt").asText())
                .containsExactly("2026-11-22T09:59:00Z", "2026-11-22T09:59:00Z");
    }

    @Test
    void clockSkewOfLessThanADayIsAccepted() {
        String mailbox = freshMailbox();
        h.rawJson(
                "sends",
                mailbox,
                "{\"eventId\":\"s-1\",\"mailbox\":\""
                        + mailbox
                        + "\",\"timestamp\":\""
                        + START.plus(Duration.ofHours(23))
                        + "\"}");

        assertThat(h.deadLetters()).isEmpty();
        assertThat(h.mailboxState(mailbox).totalSends()).isEqualTo(1);
    }

    @Test
    void unknownFieldsAreIgnored() {
        String mailbox = freshMailbox();
        h.rawJson(
                "bounces",
                mailbox,
                "{\"eventId\":\"b-1\",\"mailbox\":\""
                        + mailbox
                        + "\",\"type\":\"HARD\","
                        + "\"vendor\":{\"name\":\"x\",\"tags\":[1,2,{\"deep\":true}]},\"diagnostic\":\"user unknown\"}");

        assertThat(h.deadLetters()).isEmpty();
        assertThat(healths(h.mailboxStatusKeyed()))
                .containsExactly(mailbox + " HEALTHY null window=0/1 totals=0/1 allowed");
    }

    @Test
    void bounceTypeIsDerivedFromTheEnhancedStatusThenTheSmtpCode() {
        String mailbox = freshMailbox();
        String prefix = "{\"mailbox\":\"" + mailbox + "\",";
        h.rawJson(
                "bounces",
                mailbox,
                prefix + "\"eventId\":\"b-1\",\"enhancedStatus\":\"4.2.2\",\"smtpCode\":550}");
        h.rawJson("bounces", mailbox, prefix + "\"eventId\":\"b-2\",\"smtpCode\":421}");
        h.rawJson("bounces", mailbox, prefix + "\"eventId\":\"b-3\",\"smtpCode\":550}");
        h.rawJson("bounces", mailbox, prefix + "\"eventId\":\"b-4\"}");

        assertThat(h.deadLetters()).isEmpty();
        assertThat(healths(h.mailboxStatusKeyed()))
                .containsExactly(
                        mailbox + " HEALTHY null window=0/0 totals=0/1 allowed",
                        mailbox + " HEALTHY null window=0/0 totals=0/2 allowed",
                        mailbox + " HEALTHY null window=0/1 totals=0/3 allowed",
                        mailbox + " HEALTHY null window=0/2 totals=0/4 allowed");
    }

    private static String topicName(String topic) {
        return switch (topic) {
            case "sends" -> "email.sends";
            case "bounces" -> "email.bounces";
            case "complaints" -> "email.complaints";
            default -> "mailbox.commands";
        };
    }
}
