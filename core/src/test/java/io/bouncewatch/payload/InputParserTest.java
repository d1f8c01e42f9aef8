package io.bouncewatch.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bouncewatch.rules.MailboxEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Where Jackson, the agreement test's reference, reads differently and the input parser must not:
 * only UTF-8 is read (Jackson guesses UTF-16 and UTF-32, and lets some invalid bytes through), and
 * the limits of an input record hold.
 */
class InputParserTest {

    private static final long NOW = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();
    private static final String SEND = "{\"eventId\":\"e-1\",\"mailbox\":\"a@b.io\"}";

    /** The bytes of text (each char one byte) with {@code bytes} in place of every '#'. */
    private static byte[] bytes(String text, int... bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int next = 0;
        for (char c : text.toCharArray()) {
            out.write(c == '#' ? bytes[next++] : c);
        }
        return out.toByteArray();
    }

    private static MailboxEvent.Send send(byte[] json) {
        return InputParser.send(json, NOW, NOW);
    }

    private static String rejection(byte[] json) {
        try {
            return "read: " + InputParser.bounce(json, NOW, NOW);
        } catch (MalformedRecordException e) {
            return e.getMessage();
        }
    }

    @Test
    void aNameWithA0xFFByteIsNotTakenForTheKnownNameItsTableWouldMatch() {
        // Jackson pads the last four bytes of a name with 0xFF: "even", 0xFF "tId" is "eventId" to
        // its table.
        send(SEND.getBytes(StandardCharsets.UTF_8));
        byte[] json = bytes("{\"even#tId\":\"e-1\",\"mailbox\":\"a@b.io\"}", 0xFF);

        assertThatThrownBy(() -> send(json))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage("invalid JSON: invalid UTF-8 start byte (code 255)");
    }

    @Test
    void aCharacterBeyondUnicodeIsNotUtf8EvenInAFieldTheMonitorSkips() {
        byte[] beyond =
                bytes(
                        "{\"eventId\":\"e-1\",\"mailbox\":\"a@b.io\",\"note\":\"####\"}",
                        0xF4,
                        0x90,
                        0x80,
                        0x80);
        byte[] last =
                bytes(
                        "{\"eventId\":\"e-1\",\"mailbox\":\"a@b.io\",\"note\":\"####\"}",
                        0xF4,
                        0x8F,
                        0xBF,
                        0xBF);

        assertThatThrownBy(() -> send(beyond))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage("invalid JSON: invalid UTF-8: code point beyond U+10FFFF");
        assertThat(send(last).mailbox()).isEqualTo("a@b.io");
    }

    @Test
    void aFieldRejectedBeforeTheBrokenBytesKeepsItsOwnReason() {
        assertThat(rejection(bytes("{\"eventId\":5,\"note\":\"####\"}", 0xF5, 0x80, 0x80, 0x80)))
                .isEqualTo("field 'eventId' must be a string");
        assertThat(rejection(bytes("{\"smtpCode\":\"####\"}", 0xF5, 0x80, 0x80, 0x80)))
                .isEqualTo("field 'smtpCode' must be an integer");
        assertThat(rejection(bytes("{\"eventId\":[\"####\"]}", 0xF5, 0x80, 0x80, 0x80)))
                .isEqualTo("invalid JSON: invalid UTF-8: code point beyond U+10FFFF");
    }

    @Test
    void onlyUtf8IsReadNeverAGuessedUtf16OrUtf32() {
        byte[] utf16 = SEND.getBytes(StandardCharsets.UTF_16LE);
        byte[] utf16WithMark = SEND.getBytes(StandardCharsets.UTF_16);
        byte[] utf32 = SEND.getBytes(java.nio.charset.Charset.forName("UTF-32BE"));

        for (byte[] json : new byte[][] {utf16, utf16WithMark, utf32}) {
            assertThat(rejection(json)).startsWith("invalid JSON");
        }
        assertThat(rejection(bytes("[#", 0))).isEqualTo("value is not a JSON object");
        assertThat(send(bytes("###" + SEND, 0xEF, 0xBB, 0xBF)).eventId()).isEqualTo("e-1");
    }

    @Test
    void theLimitsOfARecordHold() {
        String fields = "\"eventId\":\"e-1\",\"mailbox\":\"a@b.io\",";
        String deepest = "[".repeat(JsonIn.MAX_NESTING - 1) + "]".repeat(JsonIn.MAX_NESTING - 1);
        String tooDeep = "[".repeat(JsonIn.MAX_NESTING) + "]".repeat(JsonIn.MAX_NESTING);

        assertThat(
                        send(("{" + fields + "\"x\":" + deepest + "}")
                                        .getBytes(StandardCharsets.UTF_8))
                                .eventId())
                .isEqualTo("e-1");
        assertThat(
                        rejection(
                                ("{" + fields + "\"x\":" + tooDeep + "}")
                                        .getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(
                        "invalid JSON: document nesting depth (33) exceeds the maximum allowed (32)");
        assertThat(
                        rejection(
                                ("{\"eventId\":\"" + "n".repeat(JsonIn.MAX_STRING_LENGTH) + "\"}")
                                        .getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("field 'eventId' is longer than 256 characters");
        assertThat(
                        rejection(
                                ("{\"eventId\":\""
                                                + "n".repeat(JsonIn.MAX_STRING_LENGTH + 1)
                                                + "\"}")
                                        .getBytes(StandardCharsets.UTF_8)))
                .startsWith("invalid JSON: String value length");
        // Numbers and names the monitor does not read have no limit of their own.
        assertThat(
                        send(("{"
                                                + fields
                                                + "\"x\":"
                                                + "1".repeat(5_000)
                                                + ",\""
                                                + "n".repeat(60_000)
                                                + "\":1}")
                                        .getBytes(StandardCharsets.UTF_8))
                                .eventId())
                .isEqualTo("e-1");
        assertThat(
                        rejection(
                                ("{" + fields + "\"smtpCode\":" + "1".repeat(5_000) + "}")
                                        .getBytes(StandardCharsets.UTF_8)))
                .startsWithIgnoringCase("invalid JSON: numeric value")
                // The reason quotes the number abbreviated: it travels in a dead letter's header.
                .hasSizeLessThan(120);
    }
}
