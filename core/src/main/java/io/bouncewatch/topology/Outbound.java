package io.bouncewatch.topology;

import io.bouncewatch.payload.DomainHealth;
import io.bouncewatch.payload.MailboxHealth;
import io.bouncewatch.payload.StatusChange;
import io.bouncewatch.rules.MailboxSummary;

/** What the mailbox and domain processors emit, each kind to its own sink. */
sealed interface Outbound {

    record Change(StatusChange change) implements Outbound {
    }

    /** The latest state of a mailbox; null health for a removed mailbox (a tombstone). */
    record MailboxStatus(MailboxHealth health) implements Outbound {
    }

    /** What its domain counts of a mailbox; a null summary for a removed mailbox. */
    record Summary(String mailbox, MailboxSummary summary) implements Outbound {
    }

    /** The latest state of a domain; null health for a forgotten domain (a tombstone). */
    record DomainStatus(DomainHealth health) implements Outbound {
    }

    /** A domain started or stopped blocking its mailboxes. */
    record Block(boolean blocked) implements Outbound {
    }
}
