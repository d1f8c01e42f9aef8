package io.bouncewatch.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.dsn.BounceMessageParser;
import io.bouncewatch.topology.Topics;
import io.bouncewatch.whatif.FleetHistory;
import io.bouncewatch.whatif.FleetHistory.Recorded;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputDecoderTest {

    private final InputDecoder decoder = new InputDecoder(new BounceMessageParser());

    @Test
    void aValueReadWhereItLiesDecodesAsTheSameValueAlone() {
        Map<String, InputKind> kinds = Topics.DEFAULTS.inputKinds();
        List<Recorded> history = FleetHistory.of(11, Instant.parse("2026-11-22T10:00:00Z"), 3_000);
        byte[] before = "{\"value\":".getBytes(StandardCharsets.UTF_8);
        byte[] after = ",\"eventId\":\"not-this-one\"} trailing".getBytes(StandardCharsets.UTF_8);
        int events = 0;
        int rejected = 0;
        for (Recorded r : history) {
            byte[] key = r.key().getBytes(StandardCharsets.UTF_8);
            byte[] value = r.value().getBytes(StandardCharsets.UTF_8);
            byte[] line = new byte[before.length + value.length + after.length];
            System.arraycopy(before, 0, line, 0, before.length);
            System.arraycopy(value, 0, line, before.length, value.length);
            System.arraycopy(after, 0, line, before.length + value.length, after.length);
            InputKind kind = kinds.get(r.topic());

            List<Decoded> alone = decoder.decode(kind, key, value, r.timestamp(), r.timestamp());
            List<Decoded> inPlace =
                    decoder.decode(
                            kind,
                            key,
                            line,
                            before.length,
                            value.length,
                            r.timestamp(),
                            r.timestamp());

            assertThat(inPlace).as(r.value()).isEqualTo(alone);
            for (Decoded d : alone) {
                if (d instanceof Decoded.Rejected) {
                    rejected++;
                } else {
                    events++;
                }
            }
        }
        // Events of every kind, commands, and records that cannot be read.
        assertThat(events).isGreaterThan(2_500);
        assertThat(rejected).isPositive();
        assertThat(history).anyMatch(r -> kinds.get(r.topic()) == InputKind.COMMANDS);
    }

    @Test
    void aRawMessageReadWhereItLiesIsTheSameMessage() {
        String message =
                "From: MAILER-DAEMON@mx.acme.io\r\nTo: alice@acme.io\r\n"
                        + "Message-ID: <dsn-1@mx.acme.io>\r\nSubject: Undelivered Mail Returned to"
                        + " Sender\r\n\r\nI'm sorry to have to inform you that your message could"
                        + " not be delivered to one or more recipients.\r\n\r\n<bob@example.com>:"
                        + " host mx.example.com said: 550 5.1.1 <bob@example.com>: Recipient"
                        + " address rejected: User unknown\r\n";
        byte[] value = message.getBytes(StandardCharsets.UTF_8);
        byte[] line = new byte[value.length + 20];
        System.arraycopy(value, 0, line, 10, value.length);

        List<Decoded> alone = decoder.decode(InputKind.DSN, null, value, 5L, 5L);

        assertThat(alone).singleElement().isInstanceOf(Decoded.Event.class);
        assertThat(decoder.decode(InputKind.DSN, null, line, 10, value.length, 5L, 5L))
                .isEqualTo(alone);
    }

    @Test
    void nothingOutsideTheValueIsRead() {
        byte[] line =
                "{\"eventId\":\"s-1\",\"mailbox\":\"a@acme.io\"}{\"eventId\":\"s-2\"}"
                        .getBytes(StandardCharsets.UTF_8);
        // The first 30 bytes end inside the mailbox: the value is cut short, whatever follows.
        List<Decoded> cut = decoder.decode(InputKind.SENDS, null, line, 0, 30, 1L, 1L);
        assertThat(cut).singleElement().isInstanceOf(Decoded.Rejected.class);
        assertThat(((Decoded.Rejected) cut.get(0)).reason())
                .startsWith("invalid JSON: unexpected end of input");
        List<Decoded> second = decoder.decode(InputKind.SENDS, null, line, 39, 17, 1L, 1L);
        assertThat(second).singleElement().isInstanceOf(Decoded.Rejected.class);
        assertThat(((Decoded.Rejected) second.get(0)).reason())
                .isEqualTo("missing required field 'mailbox'");
    }
}
