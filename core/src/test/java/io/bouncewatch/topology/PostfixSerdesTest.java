package io.bouncewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.ingest.PostfixLine;
import io.bouncewatch.ingest.PostfixQueue;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Postfix join's bytes: a state with deferred recipients, an expiry, and the older state. */
class PostfixSerdesTest {

    private static final PostfixLine.Outcome DEFERRED =
            new PostfixLine.Outcome(
                    "mx1",
                    "4A1B2C3D",
                    "bob@remote.example",
                    "deferred",
                    "4.4.1",
                    null,
                    "connect to mx.remote.example[192.0.2.1]:25: Connection refused");

    @Test
    void aStateWithItsDeferredRecipientsComesBackAsItWent() {
        PostfixQueue state =
                new PostfixQueue(
                        true,
                        "alice@acme.io",
                        2,
                        1,
                        false,
                        1_795_000_000_000L,
                        List.of("bob@remote.example", "carol@remote.example"),
                        List.of(),
                        List.of(DEFERRED));
        var serde = PostfixSerdes.queue();

        byte[] bytes = serde.serializer().serialize("t", state);

        assertThat(bytes[0]).as("version").isEqualTo((byte) 2);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(state);
    }

    @Test
    void anExpiryLineComesBackAsItWent() {
        var serde = PostfixSerdes.line();
        for (PostfixLine line :
                List.of(
                        new PostfixLine.Expired("mx1", "4A1B2C3D", "alice@acme.io"),
                        new PostfixLine.Expired(null, "4A1B2C3D", null))) {
            byte[] bytes = serde.serializer().serialize("t", new Inbound.PostfixLog(line));
            assertThat(serde.deserializer().deserialize("t", bytes).line()).isEqualTo(line);
        }
    }

    @Test
    void aStateOfTheFirstVersionIsReadWithoutDeferredRecipients() {
        byte[] v1 =
                new CompactCodec.Writer(64)
                        .writeByte(1)
                        .writeByte(1)
                        .writeNullableString("alice@acme.io")
                        .writeVarLong(1)
                        .writeVarLong(0)
                        .writeFixedLong(1_795_000_000_000L)
                        .writeVarLong(1)
                        .writeString("bob@remote.example")
                        .writeVarLong(0)
                        .toByteArray();

        PostfixQueue state = PostfixSerdes.queue().deserializer().deserialize("t", v1);

        assertThat(state)
                .isEqualTo(
                        new PostfixQueue(
                                true,
                                "alice@acme.io",
                                1,
                                0,
                                false,
                                1_795_000_000_000L,
                                List.of("bob@remote.example"),
                                List.of(),
                                List.of()));
    }
}
