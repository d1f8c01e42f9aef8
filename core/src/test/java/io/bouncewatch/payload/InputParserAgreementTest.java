package io.bouncewatch.payload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bouncewatch.fuzz.PoisonGenerator;
import io.bouncewatch.fuzz.PoisonGenerator.Input;
import io.bouncewatch.fuzz.PoisonGenerator.Poison;
import io.bouncewatch.rules.BounceClassifier;
import io.bouncewatch.rules.BounceFacts;
import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.Command;
import io.bouncewatch.rules.MailboxEvent;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The input parser and Jackson's tree model (the reference, {@link JacksonInputParser}) agree on
 * what is JSON, on the poison corpus, on mutations of it and on generated documents: a record the
 * reference calls broken is rejected; one it reads as valid is never called "invalid JSON", "not a
 * JSON object" or "trailing content" unless it is; and an event read holds exactly the values the
 * reference reads in its fields (a bounce: classified from them). Whether a record is valid as an
 * event or a command (required fields, lengths, ranges, addresses, the limits of a record) is not
 * compared here: the reference knows none of those rules, which are written once, in the input
 * parser, and pinned by InputParserTest, PoisonInputTest and DeadLetterTest. Only UTF-8 is read;
 * Jackson also guesses UTF-16 and UTF-32, so such records are only required to be rejected.
 */
class InputParserAgreementTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final long NOW_MILLIS = NOW.toEpochMilli();
    private static final long RECORD_TIME = NOW_MILLIS - 5_000;

    @Test
    void agreesWithTheReferenceOnTheWholePoisonCorpus() {
        List<Poison> corpus = new PoisonGenerator(7L, NOW, 70_000, 150).generate(20_000);
        for (Poison p : corpus) {
            assertAgree(p.input(), p.value());
        }
    }

    @Test
    void agreesWithTheReferenceOnMutationsOfValidRecords() {
        SplittableRandom random = new SplittableRandom(11L);
        List<Poison> valid =
                new PoisonGenerator(13L, NOW, 70_000, 150)
                        .generate(5_000).stream()
                                .filter(Poison::valid)
                                .filter(p -> p.value() != null)
                                .toList();
        byte[] alphabet =
                "{}[]\":,\\ \t\n0123456789-+.eEtrufalsn/ubfnrtx\u00e9"
                        .getBytes(StandardCharsets.UTF_8);
        for (Poison p : valid) {
            for (int m = 0; m < 8; m++) {
                byte[] value = p.value().clone();
                int edits = 1 + random.nextInt(3);
                for (int e = 0; e < edits; e++) {
                    value = mutate(value, random, alphabet);
                }
                assertAgree(p.input(), value);
            }
        }
    }

    @Test
    void aNumberBeyondALongReplacedByALaterDuplicateIsNotAnotherVerdict() {
        for (Input input : Input.values()) {
            assertAgree(
                    input,
                    "{\"timestamp\" : 9223372036854775808,\"timestamp\":\"2026-11-22T09:00:00Z\"}"
                            .getBytes(StandardCharsets.UTF_8));
        }
    }

    @Property(tries = 3000)
    void agreesWithTheReferenceOnGeneratedDocuments(
            @ForAll("documents") String json, @ForAll Input input) {
        assertAgree(input, json.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> documents() {
        Arbitrary<String> text =
                Arbitraries.oneOf(
                        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(12),
                        Arbitraries.strings().all().ofMaxLength(6),
                        Arbitraries.of(
                                "\\u00e9",
                                "\\ud83d\\ude00",
                                "\\ud800",
                                "\\n",
                                "\\\"",
                                "\\/",
                                "\\x",
                                "\\u12"));
        Arbitrary<String> strings = text.map(t -> "\"" + t + "\"");
        Arbitrary<String> numbers =
                Arbitraries.of(
                        "0",
                        "-0",
                        "550",
                        "-550",
                        "1.5",
                        "1e3",
                        "1E+3",
                        "01",
                        "-",
                        "1.",
                        ".5",
                        "9223372036854775807",
                        "9223372036854775808",
                        "-9223372036854775808",
                        "-9223372036854775809",
                        "1735689600000",
                        "17000000000.5",
                        "NaN",
                        "Infinity",
                        "+1",
                        "0x10");
        Arbitrary<String> literals =
                Arbitraries.of("true", "false", "null", "nul", "True", "nulll");
        Arbitrary<String> scalars = Arbitraries.oneOf(strings, numbers, literals);
        Arbitrary<String> values =
                Arbitraries.oneOf(
                        scalars,
                        scalars.list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]"),
                        scalars.list()
                                .ofMaxSize(2)
                                .map(
                                        l ->
                                                "{"
                                                        + String.join(
                                                                ",",
                                                                l.stream()
                                                                        .map(v -> "\"k\":" + v)
                                                                        .toList())
                                                        + "}"),
                        Arbitraries.of(
                                "[", "{", "]", "}", "[1,]", "{\"a\"}", "{\"a\":1,}", "[[[]]]"));
        Arbitrary<String> names =
                Arbitraries.oneOf(
                        Arbitraries.of(
                                "eventId",
                                "mailbox",
                                "timestamp",
                                "type",
                                "smtpCode",
                                "enhancedStatus",
                                "commandId",
                                "action",
                                "domain",
                                "reason",
                                "operator",
                                "recipient",
                                "diagnostic",
                                "category",
                                "provider",
                                "remoteMta",
                                "event\\u0049d",
                                "mail\\u0062ox"),
                        text);
        Arbitrary<String> members =
                Arbitraries.oneOf(
                        Arbitraries.of(
                                "\"eventId\":\"e-1\"",
                                "\"mailbox\":\"Alice@Acme.io\"",
                                "\"type\":\"HARD\"",
                                "\"commandId\":\"c-1\"",
                                "\"action\":\"pause\"",
                                "\"domain\":\"acme.io\"",
                                "\"timestamp\":\"2026-11-22T09:00:00Z\"",
                                "\"timestamp\":1795856400000",
                                "\"smtpCode\":550",
                                "\"enhancedStatus\":\"4.2.2\"",
                                "\"diagnostic\":\"550 5.7.1 very low reputation gsmtp\"",
                                "\"category\":\"throttle\"",
                                "\"provider\":\"microsoft\"",
                                "\"recipient\":\"Bob@Gmail.com\""),
                        Arbitraries.strings()
                                .ofLength(1)
                                .withChars(' ', '\t', '\n')
                                .flatMap(
                                        ws ->
                                                names.flatMap(
                                                        n ->
                                                                values.map(
                                                                        v ->
                                                                                "\"" + n + "\"" + ws
                                                                                        + ":" + ws
                                                                                        + v))));
        return members.list()
                .ofMaxSize(7)
                .flatMap(
                        list ->
                                Arbitraries.of(
                                        "{" + String.join(",", list) + "}",
                                        " {" + String.join(" , ", list) + "} \n",
                                        "\uFEFF{" + String.join(",", list) + "}",
                                        "{" + String.join(",", list) + "} x",
                                        "{" + String.join(",", list) + "} {}",
                                        "{" + String.join(",", list),
                                        "[{" + String.join(",", list) + "}]"));
    }

    private static byte[] mutate(byte[] value, SplittableRandom random, byte[] alphabet) {
        if (value.length == 0) {
            return new byte[] {alphabet[random.nextInt(alphabet.length)]};
        }
        int at = random.nextInt(value.length);
        List<Byte> bytes = new ArrayList<>(value.length + 1);
        for (byte b : value) {
            bytes.add(b);
        }
        switch (random.nextInt(5)) {
            case 0 -> bytes.remove(at);
            case 1 -> bytes.add(at, alphabet[random.nextInt(alphabet.length)]);
            case 2 -> bytes.set(at, alphabet[random.nextInt(alphabet.length)]);
            case 3 -> bytes.set(at, (byte) random.nextInt(256));
            default -> {
                return java.util.Arrays.copyOf(value, at);
            }
        }
        byte[] out = new byte[bytes.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = bytes.get(k);
        }
        return out;
    }

    private static void assertAgree(Input input, byte[] value) {
        String ours;
        Object event = null;
        try {
            event = ours(input, value);
            ours = "read: " + event;
        } catch (MalformedRecordException e) {
            ours = "rejected: " + e.getMessage();
        }
        String shown = input + " on " + printable(value);
        if (guessedUtf16Or32(value)) {
            assertThat(ours).as(shown).startsWith("rejected: ");
            return;
        }
        JacksonInputParser.Verdict verdict = JacksonInputParser.read(value);
        String as = shown + ": the reference says " + verdict;
        if (verdict instanceof JacksonInputParser.Empty) {
            assertThat(ours).as(as).isEqualTo("rejected: empty record value");
        } else if (verdict instanceof JacksonInputParser.Invalid) {
            assertThat(ours).as(as).startsWith("rejected: ");
        } else if (verdict instanceof JacksonInputParser.NotAnObject) {
            assertThat(ours).as(as).isEqualTo("rejected: value is not a JSON object");
        } else if (verdict instanceof JacksonInputParser.Trailing) {
            assertThat(ours).as(as).startsWith("rejected: ");
            assertNotCalledBroken(ours, null, value, as);
        } else if (verdict instanceof JacksonInputParser.OneObject object) {
            assertNotCalledBroken(ours, object.fields(), value, as);
            assertThat(ours)
                    .as(as)
                    .doesNotStartWith("rejected: value is not a JSON object")
                    .doesNotStartWith("rejected: trailing content");
            if (event != null) {
                assertReadAsTheReferenceReads(event, object.fields(), as);
            }
        }
    }

    /**
     * Valid JSON is never called broken, but where a limit of the input parser is exceeded, where a
     * number it reads does not fit a long, or where Jackson lets through bytes that are not UTF-8
     * (beyond U+10FFFF, or a 0xFF byte in a name).
     */
    private static void assertNotCalledBroken(
            String ours, ObjectNode fields, byte[] value, String as) {
        if (!ours.startsWith("rejected: invalid JSON")) {
            return;
        }
        boolean limit = ours.contains("exceeds the maximum allowed");
        // A field read before a later duplicate replaces it is read all the same.
        boolean beyondLong =
                ours.contains("out of range of long")
                        && (fields == null
                                || beyondLong(fields.get("smtpCode"))
                                || beyondLong(fields.get("timestamp"))
                                || hasIntegerBeyondLong(value));
        boolean notUtf8 =
                ours.startsWith("rejected: invalid JSON: invalid UTF-8") && hasByteFromF4(value);
        assertThat(limit || beyondLong || notUtf8)
                .as("%s, but the input parser says %s", as, ours)
                .isTrue();
    }

    private static boolean hasIntegerBeyondLong(byte[] value) {
        Matcher m =
                Pattern.compile("-?[0-9]{19,}")
                        .matcher(new String(value, StandardCharsets.ISO_8859_1));
        while (m.find()) {
            if (new BigInteger(m.group()).bitLength() > 63) {
                return true;
            }
        }
        return false;
    }

    private static boolean beyondLong(JsonNode node) {
        return node != null && node.isIntegralNumber() && !node.canConvertToLong();
    }

    private static boolean hasByteFromF4(byte[] value) {
        for (byte b : value) {
            if ((b & 0xFF) >= 0xF4) {
                return true;
            }
        }
        return false;
    }

    /**
     * The event holds the values of the reference's fields, as the monitor's own functions make
     * them.
     */
    private static void assertReadAsTheReferenceReads(Object event, ObjectNode f, String as) {
        long at = timestamp(f.get("timestamp"));
        if (event instanceof MailboxEvent.Send e) {
            assertThat(e)
                    .as(as)
                    .isEqualTo(
                            new MailboxEvent.Send(
                                    text(f, "eventId"),
                                    Addresses.normaliseMailbox(text(f, "mailbox")),
                                    at));
        } else if (event instanceof MailboxEvent.Complaint e) {
            assertThat(e)
                    .as(as)
                    .isEqualTo(
                            new MailboxEvent.Complaint(
                                    text(f, "eventId"),
                                    Addresses.normaliseMailbox(text(f, "mailbox")),
                                    at,
                                    Addresses.recipientOrNull(text(f, "recipient"))));
        } else if (event instanceof MailboxEvent.Bounce e) {
            JsonNode code = f.get("smtpCode");
            Integer smtpCode = code == null || code.isNull() ? null : code.intValue();
            assertThat(e)
                    .as(as)
                    .isEqualTo(
                            MailboxEvent.Bounce.classified(
                                    text(f, "eventId"),
                                    Addresses.normaliseMailbox(text(f, "mailbox")),
                                    at,
                                    new BounceFacts(
                                            text(f, "category"),
                                            text(f, "diagnostic"),
                                            text(f, "enhancedStatus"),
                                            smtpCode,
                                            BounceType.classify(
                                                    text(f, "type"),
                                                    smtpCode,
                                                    text(f, "enhancedStatus")),
                                            text(f, "recipient"),
                                            text(f, "remoteMta"),
                                            text(f, "provider")),
                                    new BounceClassifier()));
        } else if (event instanceof Command c) {
            String mailbox = text(f, "mailbox");
            String target =
                    mailbox != null
                            ? Addresses.normaliseMailbox(mailbox)
                            : Addresses.normaliseDomain(text(f, "domain"));
            assertThat(c)
                    .as(as)
                    .isEqualTo(
                            new Command(
                                    text(f, "commandId"),
                                    target,
                                    mailbox == null,
                                    c.action(),
                                    text(f, "reason"),
                                    text(f, "operator"),
                                    at));
            assertThat(c.action().name()).as(as).isEqualToIgnoringCase(text(f, "action").trim());
        }
    }

    private static String text(ObjectNode fields, String name) {
        JsonNode node = fields.get(name);
        return node == null || node.isNull() ? null : node.textValue();
    }

    private static long timestamp(JsonNode node) {
        if (node == null || node.isNull()) {
            return RECORD_TIME;
        }
        return node.isTextual()
                ? IsoInstant.parseMillis(node.textValue().trim())
                : node.longValue();
    }

    /** The bytes as text, every byte that is not printable ASCII as \\xNN. */
    private static String printable(byte[] value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        for (byte b : value) {
            int c = b & 0xFF;
            out.append(
                    c >= 0x20 && c < 0x7F
                            ? String.valueOf((char) c)
                            : String.format(Locale.ROOT, "\\x%02X", c));
        }
        return out.toString();
    }

    private static boolean guessedUtf16Or32(byte[] value) {
        for (int k = 0; value != null && k < Math.min(4, value.length); k++) {
            if (value[k] == 0) {
                return true;
            }
        }
        return false;
    }

    private static Object ours(Input input, byte[] value) {
        return switch (input) {
            case SENDS -> InputParser.send(value, RECORD_TIME, NOW_MILLIS);
            case BOUNCES -> InputParser.bounce(value, RECORD_TIME, NOW_MILLIS);
            case COMPLAINTS -> InputParser.complaint(value, RECORD_TIME, NOW_MILLIS);
            case COMMANDS -> InputParser.command(value, RECORD_TIME, NOW_MILLIS);
        };
    }
}
