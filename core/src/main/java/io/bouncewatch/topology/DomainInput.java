package io.bouncewatch.topology;

import io.bouncewatch.rules.Command;
import io.bouncewatch.rules.MailboxSummary;

/**
 * What moves a domain: a change in one of its mailboxes, a config failure of one of them, or an
 * operator command.
 */
sealed interface DomainInput {

    /** The latest summary of one of the domain's mailboxes; null once the mailbox is removed. */
    record Member(String mailbox, MailboxSummary summary) implements DomainInput {}

    /**
     * A CONFIG bounce one of the domain's mailboxes counted (not a duplicate).
     *
     * @param at the bounce's own time
     */
    record ConfigFailure(String mailbox, String eventId, long at) implements DomainInput {}

    record Order(Command command) implements DomainInput {}
}
