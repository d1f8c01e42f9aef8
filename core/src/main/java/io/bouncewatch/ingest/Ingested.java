package io.bouncewatch.ingest;

import io.bouncewatch.input.InputKind;
import java.util.Objects;

/**
 * One record that an ingest source makes of what a provider or a mail server reported: an input
 * event for an input topic, or a part that cannot become one and goes to the dead-letter topic with
 * its reason.
 */
public sealed interface Ingested {

    /**
     * An input event, exactly as a sender would have published it.
     *
     * @param kind {@link InputKind#SENDS}, {@link InputKind#BOUNCES} or {@link
     *     InputKind#COMPLAINTS}: which input topic it goes to
     * @param key the mailbox address, the record's key
     * @param value the event's JSON (docs/interface.md §1.1)
     */
    record Event(InputKind kind, String key, byte[] value) implements Ingested {
        public Event {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (kind != InputKind.SENDS
                    && kind != InputKind.BOUNCES
                    && kind != InputKind.COMPLAINTS) {
                throw new IllegalArgumentException("not an event topic: " + kind);
            }
        }
    }

    /**
     * A provider event that cannot become an input event (for example one that does not name the
     * sending mailbox), with the bytes it came from.
     */
    record Rejected(String reason, byte[] original) implements Ingested {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(original, "original");
        }
    }
}
