package io.bouncewatch.payload;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.fuzz.PoisonGenerator;
import io.bouncewatch.fuzz.PoisonGenerator.Input;
import io.bouncewatch.fuzz.PoisonGenerator.Poison;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The input parser reads JSON by hand; Jackson's streaming parser with its strict defaults is the
 * reference of what it must accept and how it reads it. On the poison corpus, on mutations of it
 * and on generated documents both must reach the same outcome: the same event, or a rejection for
 * the same reason. Where the JSON itself is broken, both must call it so ("invalid JSON"), in
 * their own words; only UTF-8 is read (Jackson also guesses UTF-16 and UTF-32).
 */
class InputParserAgreementTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final long NOW_MILLIS = NOW.toEpochMilli();
    private static final long RECORD_TIME = NOW_MILLIS - 5_000;

    @Test
    void agreesWithJacksonOnTheWholePoisonCorpus() {
        List<Poison> corpus = new PoisonGenerator(7L, NOW, 70_000, 150).generate(20_000);
        for (Poison p : corpus) {
            assertAgree(p.input(), p.value());
        }
    }

    @Test
    void agreesWithJacksonOnMutationsOfValidRecords() {
        SplittableRandom random = new SplittableRandom(11L);
        List<Poison> valid = new PoisonGenerator(13L, NOW, 70_000, 150).generate(5_000).stream()
                .filter(Poison::valid).filter(p -> p.value() != null).toList();
        byte[] alphabet = "{}[]\":,\\ \t\n0123456789-+.eEtrufalsn/ubfnrtx\u00e9".getBytes(StandardCharsets.UTF_8);
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

    @Property(tries = 3000)
    void agreesWithJacksonOnGeneratedDocuments(@ForAll("documents") String json, @ForAll Input input) {
        assertAgree(input, json.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> documents() {
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(12),
                Arbitraries.strings().all().ofMaxLength(6),
                Arbitraries.of("\\u00e9", "\\ud83d\\ude00", "\\ud800", "\\n", "\\\"", "\\/", "\\x", "\\u12"));
        Arbitrary<String> strings = text.map(t -> "\"" + t + "\"");
        Arbitrary<String> numbers = Arbitraries.of("0", "-0", "550", "-550", "1.5", "1e3", "1E+3", "01", "-", "1.",
                ".5", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
                "1735689600000", "17000000000.5", "NaN", "Infinity", "+1", "0x10");
        Arbitrary<String> literals = Arbitraries.of("true", "false", "null", "nul", "True", "nulll");
        Arbitrary<String> scalars = Arbitraries.oneOf(strings, numbers, literals);
        Arbitrary<String> values = Arbitraries.oneOf(scalars,
                scalars.list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]"),
                scalars.list().ofMaxSize(2).map(l -> "{" + String.join(",", l.stream()
                        .map(v -> "\"k\":" + v).toList()) + "}"),
                Arbitraries.of("[", "{", "]", "}", "[1,]", "{\"a\"}", "{\"a\":1,}", "[[[]]]"));
        Arbitrary<String> names = Arbitraries.oneOf(
                Arbitraries.of("eventId", "mailbox", "timestamp", "type", "smtpCode", "enhancedStatus", "commandId",
                        "action", "domain", "reason", "operator", "recipient", "event\\u0049d", "mail\\u0062ox"),
                text);
        Arbitrary<String> members = Arbitraries.oneOf(
                Arbitraries.of("\"eventId\":\"e-1\"", "\"mailbox\":\"Alice@Acme.io\"", "\"type\":\"HARD\"",
                        "\"commandId\":\"c-1\"", "\"action\":\"pause\"", "\"domain\":\"acme.io\"",
                        "\"timestamp\":\"2026-11-22T09:00:00Z\"", "\"timestamp\":1795856400000",
                        "\"smtpCode\":550", "\"enhancedStatus\":\"4.2.2\""),
                Arbitraries.strings().ofLength(1).withChars(' ', '\t', '\n').flatMap(ws -> names.flatMap(n ->
                        values.map(v -> "\"" + n + "\"" + ws + ":" + ws + v))));
        return members.list().ofMaxSize(7).flatMap(list -> Arbitraries.of(
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
        String ours = outcome(input, value, InputParserAgreementTest::ours);
        String reference = outcome(input, value, InputParserAgreementTest::reference);
        String shown = printable(value);
        if (guessedUtf16Or32(value)) {
            // Jackson reads a document with a NUL among its first bytes as UTF-16 or UTF-32; JSON on
            // Kafka is UTF-8 (RFC 8259, 8.1), so only the rejection must agree, not its reason.
            assertThat(ours).as("%s on %s", input, shown).startsWith("rejected: ");
            assertThat(reference).startsWith("rejected: ");
        } else if (reference.startsWith("rejected: invalid JSON")) {
            assertThat(ours).as("%s on %s: Jackson said %s", input, shown, reference).startsWith("rejected: invalid JSON");
        } else {
            assertThat(ours).as("%s on %s", input, shown).isEqualTo(reference);
        }
    }

    /** The bytes as text, every byte that is not printable ASCII as \\xNN. */
    private static String printable(byte[] value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        for (byte b : value) {
            int c = b & 0xFF;
            out.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format(Locale.ROOT, "\\x%02X", c));
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

    private static String outcome(Input input, byte[] value, Function<Object[], Object> parser) {
        try {
            return "read: " + parser.apply(new Object[] {input, value});
        } catch (MalformedRecordException e) {
            return "rejected: " + e.getMessage();
        }
    }

    private static Object ours(Object[] args) {
        byte[] value = (byte[]) args[1];
        return switch ((Input) args[0]) {
            case SENDS -> InputParser.send(value, RECORD_TIME, NOW_MILLIS);
            case BOUNCES -> InputParser.bounce(value, RECORD_TIME, NOW_MILLIS);
            case COMPLAINTS -> InputParser.complaint(value, RECORD_TIME, NOW_MILLIS);
            case COMMANDS -> InputParser.command(value, RECORD_TIME, NOW_MILLIS);
        };
    }

    private static Object reference(Object[] args) {
        byte[] value = (byte[]) args[1];
        return switch ((Input) args[0]) {
            case SENDS -> JacksonInputParser.send(value, RECORD_TIME, NOW_MILLIS);
            case BOUNCES -> JacksonInputParser.bounce(value, RECORD_TIME, NOW_MILLIS);
            case COMPLAINTS -> JacksonInputParser.complaint(value, RECORD_TIME, NOW_MILLIS);
            case COMMANDS -> JacksonInputParser.command(value, RECORD_TIME, NOW_MILLIS);
        };
    }
}
