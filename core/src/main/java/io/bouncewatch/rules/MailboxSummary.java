package io.bouncewatch.rules;

import java.time.Duration;
import java.util.Objects;

/**
 * What a domain needs to know of one of its mailboxes. The mailbox side publishes a new summary
 * only when it differs from the last, so the domain aggregation sees status changes and a mailbox's
 * activity in coarse steps, not every event.
 *
 * @param status the mailbox status
 * @param onProbation WARNING only because it is on probation after a resume: healthy for its domain
 * @param riskScore the mailbox risk score, rounded to {@link #RISK_STEP} points
 * @param lastEventAt the time of its latest event rounded down to an activity step ({@link
 *     #activityStep}); 0 when not known (no event yet, or a summary of an earlier release)
 */
public record MailboxSummary(Status status, boolean onProbation, int riskScore, long lastEventAt) {

    /** Risk moves the domain average only in steps of this many points, to keep re-keying rare. */
    public static final int RISK_STEP = 5;

    /**
     * Activity is published in steps of this share of {@code domain.inactive-after}: an active
     * mailbox reaches its domain about once a day with the default of 30 days.
     */
    private static final int ACTIVITY_STEPS = 30;

    public MailboxSummary {
        Objects.requireNonNull(status, "status");
        if (riskScore < 0 || riskScore > 100) {
            throw new IllegalArgumentException("risk score out of 0..100: " + riskScore);
        }
        if (onProbation && status != Status.WARNING) {
            throw new IllegalArgumentException("only a WARNING mailbox is on probation: " + status);
        }
    }

    /** The summary of a mailbox's state, its risk score rounded and its last event time stepped. */
    public static MailboxSummary of(MailboxState state, int riskScore, RuleSettings settings) {
        long step = activityStep(settings.domainInactiveAfter());
        return new MailboxSummary(
                state.status(),
                state.status() == Status.WARNING && state.onProbation(),
                Math.round(riskScore / (float) RISK_STEP) * RISK_STEP,
                state.lastEventAt() <= 0 ? 0 : Math.floorDiv(state.lastEventAt(), step) * step);
    }

    /** How finely a mailbox's activity reaches its domain, in milliseconds. */
    public static long activityStep(Duration inactiveAfter) {
        return Math.max(1, inactiveAfter.toMillis() / ACTIVITY_STEPS);
    }

    /**
     * Whether it counts against its domain's ratio: PAUSED, or WARNING by a rule. A mailbox on
     * probation counts as healthy, or a domain paused by its ratio would keep every mailbox from
     * the clean sends that end probation, and never heal.
     */
    public boolean unhealthy() {
        return status.isUnhealthy() && !onProbation;
    }

    MailboxSummary withLastEventAt(long at) {
        return new MailboxSummary(status, onProbation, riskScore, at);
    }
}
