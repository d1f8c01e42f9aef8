package io.bouncewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.dsn.BounceMessageParser;
import io.bouncewatch.input.Decoded;
import io.bouncewatch.input.InputDecoder;
import io.bouncewatch.rules.MailboxEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the sources' tests read: a stored provider sample, and what the monitor itself makes of an
 * ingested event, read by the same decoder as every record of the input topics.
 */
final class IngestedEvents {

    private static final InputDecoder DECODER = new InputDecoder(new BounceMessageParser());

    private IngestedEvents() {}

    /** A sample under {@code ingest/} of the test resources. */
    static byte[] sample(String path) {
        try (InputStream in = IngestedEvents.class.getResourceAsStream("/ingest/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event as the monitor reads it from its input topic; it must not be rejected. */
    static MailboxEvent decoded(Ingested ingested) {
        assertThat(ingested).isInstanceOf(Ingested.Event.class);
        Ingested.Event event = (Ingested.Event) ingested;
        List<Decoded> decoded =
                DECODER.decode(
                        event.kind(),
                        event.key().getBytes(StandardCharsets.UTF_8),
                        event.value(),
                        0L,
                        System.currentTimeMillis());
        assertThat(decoded).hasSize(1);
        assertThat(decoded.get(0))
                .as(new String(event.value(), StandardCharsets.UTF_8))
                .isInstanceOf(Decoded.Event.class);
        return ((Decoded.Event) decoded.get(0)).event();
    }
}
