package io.bouncewatch.rules;

/**
 * The aggregate of a domain's active mailboxes: how many are counted, how many are unhealthy, and
 * the sum of their risk scores. Built by adding each mailbox's summary and subtracting its previous
 * one; a dormant mailbox is subtracted until its next event.
 */
public record DomainCounts(long totalMailboxes, long unhealthyMailboxes, long riskScoreSum) {

    public static final DomainCounts EMPTY = new DomainCounts(0, 0, 0);

    public DomainCounts {
        if (totalMailboxes < 0
                || unhealthyMailboxes < 0
                || riskScoreSum < 0
                || unhealthyMailboxes > totalMailboxes) {
            throw new IllegalArgumentException(
                    "impossible domain counts: total "
                            + totalMailboxes
                            + ", unhealthy "
                            + unhealthyMailboxes
                            + ", risk sum "
                            + riskScoreSum);
        }
    }

    public DomainCounts plus(MailboxSummary mailbox) {
        return new DomainCounts(
                totalMailboxes + 1,
                unhealthyMailboxes + (mailbox.unhealthy() ? 1 : 0),
                riskScoreSum + mailbox.riskScore());
    }

    public DomainCounts minus(MailboxSummary mailbox) {
        return new DomainCounts(
                totalMailboxes - 1,
                unhealthyMailboxes - (mailbox.unhealthy() ? 1 : 0),
                riskScoreSum - mailbox.riskScore());
    }

    public double unhealthyRatio() {
        return totalMailboxes == 0 ? 0 : (double) unhealthyMailboxes / totalMailboxes;
    }

    public double averageRiskScore() {
        return totalMailboxes == 0 ? 0 : (double) riskScoreSum / totalMailboxes;
    }
}
