package io.bouncewatch.rules;

import java.util.Objects;

/**
 * What a domain needs to know of one of its mailboxes. The mailbox side publishes a new summary
 * only when it differs from the last, so the domain aggregation sees status changes, not every
 * event.
 *
 * @param status the mailbox status
 * @param riskScore the mailbox risk score, rounded to {@link #RISK_STEP} points
 */
public record MailboxSummary(Status status, int riskScore) {

    /** Risk moves the domain average only in steps of this many points, to keep re-keying rare. */
    public static final int RISK_STEP = 5;

    public MailboxSummary {
        Objects.requireNonNull(status, "status");
        if (riskScore < 0 || riskScore > 100) {
            throw new IllegalArgumentException("risk score out of 0..100: " + riskScore);
        }
    }

    public static MailboxSummary of(Status status, int riskScore) {
        return new MailboxSummary(status, Math.round(riskScore / (float) RISK_STEP) * RISK_STEP);
    }
}
