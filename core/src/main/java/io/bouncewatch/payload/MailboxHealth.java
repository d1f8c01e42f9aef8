package io.bouncewatch.payload;

import io.bouncewatch.rules.CategoryCounts;
import io.bouncewatch.rules.MailboxRules;
import io.bouncewatch.rules.MailboxState;
import io.bouncewatch.rules.Reason;
import io.bouncewatch.rules.Route;
import io.bouncewatch.rules.RouteStatus;
import io.bouncewatch.rules.Status;
import java.util.List;
import java.util.Objects;

/**
 * The state of one mailbox as schedulers and operators see it: the value of {@code mailbox.status}
 * and of {@code GET /api/mailboxes/{mailbox}}. {@code operator} and {@code note} are those of the
 * last operator command applied to the mailbox, null when there was none. {@code bouncesByCategory}
 * are the lifetime bounces by category (auto-replies included, which {@code totalBounces} leaves
 * out); {@code routes} are the routes that are not OK, by provider.
 */
public record MailboxHealth(
        String mailbox,
        String domain,
        Status status,
        Reason reason,
        double windowSends,
        double windowBounces,
        double windowComplaints,
        double bounceRate,
        long totalSends,
        long totalBounces,
        long totalComplaints,
        int riskScore,
        Long cooldownUntil,
        boolean sendingAllowed,
        BlockedBy blockedBy,
        int probationSendsRemaining,
        Long lastEventAt,
        String operator,
        String note,
        CategoryCounts bouncesByCategory,
        List<Route> routes) {

    public MailboxHealth {
        Objects.requireNonNull(bouncesByCategory, "bouncesByCategory");
        routes = List.copyOf(routes);
    }

    /** What stops a mailbox from sending. */
    public enum BlockedBy {
        MAILBOX,
        DOMAIN
    }

    /**
     * @param domainPaused whether the mailbox's domain is PAUSED, which blocks it whatever its own
     *     status
     */
    public static MailboxHealth of(
            String mailbox, MailboxState state, MailboxRules rules, boolean domainPaused) {
        // A paused domain blocks every one of its mailboxes, its own paused ones included.
        BlockedBy blockedBy =
                domainPaused
                        ? BlockedBy.DOMAIN
                        : state.status() == Status.PAUSED ? BlockedBy.MAILBOX : null;
        return new MailboxHealth(
                mailbox,
                Addresses.domainOf(mailbox),
                state.status(),
                state.reason(),
                state.window().sendCount(),
                state.window().bounceCount(),
                state.window().complaintCount(),
                state.window().bounceRate(),
                state.totalSends(),
                state.totalBounces(),
                state.totalComplaints(),
                rules.riskScore(state),
                state.coolingDown() ? state.cooldownUntil() : null,
                blockedBy == null,
                blockedBy,
                state.probationSends(),
                state.lastEventAt() > 0 ? state.lastEventAt() : null,
                state.operator(),
                state.note(),
                state.bouncesByCategory(),
                state.routes().stream().filter(r -> r.status() != RouteStatus.OK).toList());
    }
}
