package io.bouncewatch.topology;

import io.bouncewatch.ingest.PostfixLine;
import io.bouncewatch.rules.Command;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.SuppressionCommand;
import java.util.Objects;

/**
 * What the parser hands on: a valid input for a mailbox, a domain or a recipient of the suppression
 * list, a Postfix line for the join of its queue id, or a rejected record.
 */
sealed interface Inbound {

    /** A Postfix line on its way to its queue id's partition. */
    record PostfixLog(PostfixLine line) implements Inbound {
        public PostfixLog {
            Objects.requireNonNull(line, "line");
        }
    }

    /**
     * An event or a mailbox command. {@code misrouted} when the record's key is not the normalised
     * mailbox, so it may sit on another partition than the mailbox's other records.
     */
    record ForMailbox(MailboxEvent event, Command command, boolean misrouted)
            implements Inbound, MailboxInput {
        static ForMailbox event(MailboxEvent event, boolean misrouted) {
            return new ForMailbox(event, null, misrouted);
        }

        static ForMailbox command(Command command, boolean misrouted) {
            return new ForMailbox(null, command, misrouted);
        }

        /** The normalised mailbox this input is for. */
        String target() {
            return event != null ? event.mailbox() : command.target();
        }

        /** The same input, now on the partition of its normalised key. */
        ForMailbox rerouted() {
            return new ForMailbox(event, command, false);
        }
    }

    /** A command for a whole domain. */
    record ForDomain(Command command) implements Inbound {}

    /**
     * What can change a recipient's place on the suppression list: a bounce that can suppress, a
     * complaint that names its recipient, or a recipient's command; exactly one of {@code event}
     * and {@code command}.
     *
     * @param recipient the normalised recipient, the key of the list
     */
    record ForRecipient(String recipient, MailboxEvent event, SuppressionCommand command)
            implements Inbound {
        public ForRecipient {
            Objects.requireNonNull(recipient, "recipient");
            if ((event == null) == (command == null)) {
                throw new IllegalArgumentException("an event or a command, not both or neither");
            }
        }
    }

    /** A record that could not be read, with where it came from and why it was rejected. */
    record Rejected(
            byte[] key, byte[] value, String reason, String topic, int partition, long offset)
            implements Inbound {}
}
