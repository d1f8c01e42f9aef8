package io.bouncewatch.rules;

import java.util.Objects;

/**
 * What the monitor remembers about one domain.
 *
 * @param status         current status
 * @param reason         reason of the last change; null while it never changed
 * @param operatorPaused paused by an operator: ratios no longer move it until an operator resumes it
 * @param counts         the latest aggregate of its mailboxes
 */
public record DomainState(Status status, Reason reason, boolean operatorPaused, DomainCounts counts) {

    public static final DomainState FRESH = new DomainState(Status.HEALTHY, null, false, DomainCounts.EMPTY);

    public DomainState {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(counts, "counts");
    }

    /** Whether every mailbox of the domain is blocked from sending. */
    public boolean blocksMailboxes() {
        return status == Status.PAUSED;
    }
}
