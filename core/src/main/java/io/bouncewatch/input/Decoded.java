package io.bouncewatch.input;

import io.bouncewatch.rules.Command;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.SuppressionCommand;
import java.util.Objects;

/**
 * What a record of an input topic holds: an event, a command (for a mailbox, a domain or a
 * recipient), or the reason it is rejected.
 */
public sealed interface Decoded {

    /** A send, bounce or complaint of the mailbox the event names. */
    record Event(MailboxEvent event) implements Decoded {
        public Event {
            Objects.requireNonNull(event, "event");
        }
    }

    /** An operator command for a mailbox or, when {@link Command#domain()}, a domain. */
    record Order(Command command) implements Decoded {
        public Order {
            Objects.requireNonNull(command, "command");
        }
    }

    /** An operator command for a recipient of the suppression list. */
    record RecipientOrder(SuppressionCommand command) implements Decoded {
        public RecipientOrder {
            Objects.requireNonNull(command, "command");
        }
    }

    /** A record, or part of one, that cannot be counted, and why. */
    record Rejected(String reason) implements Decoded {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
