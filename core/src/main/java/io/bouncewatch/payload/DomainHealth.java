package io.bouncewatch.payload;

import io.bouncewatch.rules.DomainState;
import io.bouncewatch.rules.Reason;
import io.bouncewatch.rules.Status;

/**
 * The state of one domain: the value of {@code domain.status} and of {@code GET
 * /api/domains/{domain}}. {@code configFailures} counts its config failures within the hour before
 * the newest, until its config cooldown ends. {@code operator} and {@code note} are those of the
 * last operator command applied to the domain, null when there was none.
 */
public record DomainHealth(
        String domain,
        Status status,
        Reason reason,
        long totalMailboxes,
        long unhealthyMailboxes,
        double unhealthyRatio,
        double averageRiskScore,
        int configFailures,
        boolean operatorPaused,
        String operator,
        String note) {

    public static DomainHealth of(String domain, DomainState state) {
        return new DomainHealth(
                domain,
                state.status(),
                state.reason(),
                state.counts().totalMailboxes(),
                state.counts().unhealthyMailboxes(),
                state.counts().unhealthyRatio(),
                state.counts().averageRiskScore(),
                state.configFailures().count(),
                state.operatorPaused(),
                state.operator(),
                state.note());
    }
}
