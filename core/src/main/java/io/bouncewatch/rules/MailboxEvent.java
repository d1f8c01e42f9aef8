package io.bouncewatch.rules;

import java.util.Locale;
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

    /**
     * A bounce, with what it means.
     *
     * @param type permanent (HARD) or transient (SOFT), as the event or its codes say; an {@code
     *     UNKNOWN} bounce counts when it is HARD
     * @param classification its category, finer class, provider and the rule that decided
     * @param recipient the failed recipient, normalised; null when the event does not say
     * @param reply the remote server's reply in one line with its codes (for example {@code 550
     *     5.1.1 user unknown}), at most {@link BounceFacts#MAX_REPLY_LENGTH} characters; null when
     *     the event has no codes and no diagnostic
     */
    record Bounce(
            String eventId,
            String mailbox,
            long timestamp,
            BounceType type,
            Classification classification,
            String recipient,
            String reply)
            implements MailboxEvent {
        public Bounce {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(mailbox, "mailbox");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(classification, "classification");
        }

        /** A bounce known only by its type, classified by it alone (SOFT is TRANSIENT). */
        public Bounce(String eventId, String mailbox, long timestamp, BounceType type) {
            this(eventId, mailbox, timestamp, type, Classification.ofType(type), null, null);
        }

        /**
         * A bounce classified from its facts; the type comes from the facts, else from their codes.
         */
        public static Bounce classified(
                String eventId,
                String mailbox,
                long timestamp,
                BounceFacts facts,
                BounceClassifier classifier) {
            BounceType type =
                    facts.type() != null
                            ? facts.type()
                            : BounceType.classify(null, facts.smtpCode(), facts.enhancedStatus());
            String recipient = facts.recipient();
            return new Bounce(
                    eventId,
                    mailbox,
                    timestamp,
                    type,
                    classifier.classify(facts),
                    recipient == null || recipient.isBlank()
                            ? null
                            : recipient.strip().toLowerCase(Locale.ROOT),
                    facts.reply());
        }

        public Category category() {
            return classification.category();
        }
    }

    /**
     * A spam complaint from a feedback loop.
     *
     * @param recipient the normalised address of who complained; null when the event does not say
     */
    record Complaint(String eventId, String mailbox, long timestamp, String recipient)
            implements MailboxEvent {
        public Complaint {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(mailbox, "mailbox");
        }

        /** A complaint that does not name who complained. */
        public Complaint(String eventId, String mailbox, long timestamp) {
            this(eventId, mailbox, timestamp, null);
        }
    }
}
