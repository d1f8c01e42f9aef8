package io.bouncewatch.topology;

/** What the mailbox processor takes: an input for one mailbox, or a block on all of a domain's. */
sealed interface MailboxInput permits Inbound.ForMailbox, MailboxInput.DomainBlock {

    /** Whether every mailbox of a domain is blocked, broadcast to every mailbox partition. */
    record DomainBlock(String domain, boolean blocked) implements MailboxInput {}
}
