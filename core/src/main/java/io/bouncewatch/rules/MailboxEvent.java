package io.bouncewatch.rules;

import java.util.Objects;

/**
 * One thing that happened to a mailbox, already validated: the mailbox address is normalised
 * (trimmed, lower-case) and the timestamp is epoch milliseconds.
 */
public sealed interface MailboxEvent {

    String eventId();

    String mailbox();

    long timestamp();

    /** A message handed to the mail server. */
    record Send(String eventId, String mailbox, long timestamp) implements MailboxEvent {
        public Send {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(mailbox, "mailbox");
        }
    }

    /** A bounce, classified HARD or SOFT. */
    record Bounce(String eventId, String mailbox, long timestamp, BounceType type)
            implements MailboxEvent {
        public Bounce {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(mailbox, "mailbox");
            Objects.requireNonNull(type, "type");
        }
    }

    /** A spam complaint from a feedback loop. */
    record Complaint(String eventId, String mailbox, long timestamp) implements MailboxEvent {
        public Complaint {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(mailbox, "mailbox");
        }
    }
}
