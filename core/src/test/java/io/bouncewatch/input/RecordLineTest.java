package io.bouncewatch.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bouncewatch.payload.JsonIn;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecordLineTest {

    private static RecordLine parse(String line) {
        return RecordLine.parse(line.getBytes(StandardCharsets.UTF_8));
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void anObjectValueIsTakenAsItsOwnBytes() {
        RecordLine r =
                parse(
                        "{\"topic\":\"email.bounces\",\"timestamp\":\"2026-11-22T10:16:02Z\","
                                + "\"key\":\"alice@acme.io\",\"value\":{\"eventId\":\"b-1\","
                                + "\"nested\":{\"a\":[1,2]},\"mailbox\":\"alice@acme.io\"},\"x\":1}");
        assertThat(r.topic()).isEqualTo("email.bounces");
        assertThat(utf8(r.key())).isEqualTo("alice@acme.io");
        assertThat(r.timestamp()).isEqualTo(Instant.parse("2026-11-22T10:16:02Z").toEpochMilli());
        assertThat(utf8(r.value()))
                .isEqualTo(
                        "{\"eventId\":\"b-1\",\"nested\":{\"a\":[1,2]},"
                                + "\"mailbox\":\"alice@acme.io\"}");
    }

    @Test
    void aStringValueIsARawMessageAndTheTimestampMayBeMillisAndTheKeyNull() {
        RecordLine r =
                parse(
                        "{\"value\":\"From: a\\r\\nSubject: é\\r\\n\",\"key\":null,"
                                + "\"topic\":\"email.dsn\",\"timestamp\":1795000000000}");
        assertThat(r.key()).isNull();
        assertThat(r.timestamp()).isEqualTo(1_795_000_000_000L);
        assertThat(utf8(r.value())).isEqualTo("From: a\r\nSubject: é\r\n");
    }

    @Test
    void aLineThatIsNoRecordSaysWhy() {
        assertThatThrownBy(() -> parse("{\"topic\":\"email.sends\",\"value\":{}}"))
                .hasMessage("missing required field 'timestamp'");
        assertThatThrownBy(() -> parse("{\"topic\":\"email.sends\",\"timestamp\":\"yesterday\","))
                .hasMessageStartingWith("'timestamp' must be ISO-8601");
        assertThatThrownBy(() -> parse("[1]")).hasMessage("not a JSON object");
        assertThatThrownBy(() -> parse("{\"topic\":\"t\",\"timestamp\":1,\"value\":{\"a\":"))
                .hasMessageStartingWith("invalid JSON");
        assertThatThrownBy(() -> parse("{\"topic\":\"t\",\"timestamp\":1,\"value\":3}"))
                .hasMessage("'value' must be a JSON object or a string");
        assertThatThrownBy(() -> parse("{\"topic\":\"t\",\"timestamp\":1,\"value\":{}} {}"))
                .hasMessage("not one JSON object");
    }

    @Test
    void aLineIsReadWhereItLiesWithoutCopyingItsValue() {
        String line =
                "{\"topic\":\"email.sends\",\"timestamp\":1795000000000,\"key\":\"a@acme.io\","
                        + "\"value\":{\"eventId\":\"s-1\",\"mailbox\":\"a@acme.io\"}}";
        byte[] buffer =
                ("not this line\n" + line + "\r\n{\"neither\":1}").getBytes(StandardCharsets.UTF_8);
        int from = "not this line\n".length();

        RecordLine r = RecordLine.parse(buffer, from, from + line.length() + 1);

        assertThat(r.topic()).isEqualTo("email.sends");
        assertThat(r.timestamp()).isEqualTo(1_795_000_000_000L);
        assertThat(r.valueBytes()).isSameAs(buffer);
        assertThat(utf8(r.value())).isEqualTo("{\"eventId\":\"s-1\",\"mailbox\":\"a@acme.io\"}");
        assertThatThrownBy(() -> RecordLine.parse(buffer, from, from + line.length() - 1))
                .hasMessageStartingWith("invalid JSON");
    }

    @Test
    void aValueAsDeepAsAnEventMayBeIsALine() {
        // The value's object and its arrays: as deep as a value read alone may be.
        String deepest = "[".repeat(JsonIn.MAX_NESTING - 1) + "]".repeat(JsonIn.MAX_NESTING - 1);
        RecordLine r = parse("{\"topic\":\"t\",\"timestamp\":1,\"value\":{\"x\":" + deepest + "}}");
        assertThat(utf8(r.value())).isEqualTo("{\"x\":" + deepest + "}");
        assertThatThrownBy(
                        () ->
                                parse(
                                        "{\"topic\":\"t\",\"timestamp\":1,\"value\":{\"x\":["
                                                + deepest
                                                + "]}}"))
                .hasMessageStartingWith("invalid JSON: document nesting depth (33)");
    }
}
