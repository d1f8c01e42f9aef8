package io.bouncewatch.topology;

import io.bouncewatch.rules.Command;
import io.bouncewatch.rules.MailboxSummary;

/** What moves a domain: a change in one of its mailboxes, or an operator command. */
sealed interface DomainInput {

    /** The latest summary of one of the domain's mailboxes; null once the mailbox is removed. */
    record Member(String mailbox, MailboxSummary summary) implements DomainInput {}

    record Order(Command command) implements DomainInput {}
}
