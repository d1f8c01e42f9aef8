package io.bouncewatch.payload;

import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.DomainState;
import io.bouncewatch.rules.Evidence;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.MailboxState;
import io.bouncewatch.rules.Provider;
import io.bouncewatch.rules.Reason;
import io.bouncewatch.rules.RouteChange;
import io.bouncewatch.rules.RouteReason;
import io.bouncewatch.rules.RouteStatus;
import io.bouncewatch.rules.Status;
import io.bouncewatch.rules.Transition;

/**
 * One record of {@code health.status-changes}: a mailbox, a domain or a route (a mailbox towards
 * one provider) moved from one status to another.
 */
public sealed interface StatusChange {

    /** The mailbox or domain the change is about, and keyed by; a route's is its mailbox. */
    String id();

    long at();

    /** The rule that decided the change, its threshold and what it measured. */
    Evidence evidence();

    /** A mailbox or a domain changed status. */
    sealed interface OfEntity extends StatusChange {

        Status from();

        Status to();

        Reason reason();

        /** Who caused the change when an operator did; null otherwise. */
        String operator();

        /**
         * Why, as that operator wrote it; null when no operator caused the change or none was said.
         */
        String note();
    }

    /**
     * A mailbox changed status; the window is the one the rules decided on. A change a bounce
     * caused carries the bounce's category and reply ({@code causeCategory}, {@code
     * causeDiagnostic}); null otherwise.
     */
    record OfMailbox(
            String id,
            String domain,
            Status from,
            Status to,
            Reason reason,
            String operator,
            String note,
            long at,
            double windowSends,
            double windowBounces,
            double windowComplaints,
            double bounceRate,
            Long cooldownUntil,
            String causeEventId,
            Evidence evidence,
            Category causeCategory,
            String causeDiagnostic)
            implements OfEntity {

        /**
         * The state is the one after the change: an operator's change leaves its command's operator
         * and note there.
         *
         * @param cause the bounce that caused the change; null when no bounce did
         */
        public static OfMailbox of(
                String mailbox,
                Transition t,
                MailboxState state,
                String causeEventId,
                MailboxEvent.Bounce cause) {
            boolean byOperator = t.reason() == Reason.OPERATOR;
            return new OfMailbox(
                    mailbox,
                    Addresses.domainOf(mailbox),
                    t.from(),
                    t.to(),
                    t.reason(),
                    byOperator ? state.operator() : null,
                    byOperator ? state.note() : null,
                    t.at(),
                    state.window().sendCount(),
                    state.window().bounceCount(),
                    state.window().complaintCount(),
                    state.window().bounceRate(),
                    state.coolingDown() ? state.cooldownUntil() : null,
                    causeEventId,
                    t.evidence(),
                    cause == null ? null : cause.category(),
                    cause == null ? null : cause.reply());
        }
    }

    /** A domain changed status; {@code configFailures} as its health counts them. */
    record OfDomain(
            String id,
            Status from,
            Status to,
            Reason reason,
            String operator,
            String note,
            long at,
            long totalMailboxes,
            long unhealthyMailboxes,
            double unhealthyRatio,
            int configFailures,
            Evidence evidence)
            implements OfEntity {

        /**
         * The state is the one after the change: an operator's change leaves its command's operator
         * and note there.
         */
        public static OfDomain of(String domain, Transition t, DomainState state) {
            boolean byOperator = t.reason() == Reason.OPERATOR;
            return new OfDomain(
                    domain,
                    t.from(),
                    t.to(),
                    t.reason(),
                    byOperator ? state.operator() : null,
                    byOperator ? state.note() : null,
                    t.at(),
                    state.counts().totalMailboxes(),
                    state.counts().unhealthyMailboxes(),
                    state.counts().unhealthyRatio(),
                    state.configFailures().count(),
                    t.evidence());
        }
    }

    /**
     * A route of a mailbox changed status: keyed by its mailbox, so a scheduler reads a mailbox's
     * changes in order. {@code until} is when the new status ends by itself (null for OK); the
     * cause is the bounce that caused it, all null for an expiry.
     */
    record OfRoute(
            String id,
            String domain,
            Provider provider,
            RouteStatus from,
            RouteStatus to,
            RouteReason reason,
            Long until,
            long at,
            String causeEventId,
            Evidence evidence,
            Category causeCategory,
            String causeDiagnostic)
            implements StatusChange {

        /**
         * @param cause the bounce being applied; its id, category and reply are the change's cause
         *     only when it caused the change
         */
        public static OfRoute of(String mailbox, RouteChange c, MailboxEvent.Bounce cause) {
            MailboxEvent.Bounce by = c.byEvent() ? cause : null;
            return new OfRoute(
                    mailbox,
                    Addresses.domainOf(mailbox),
                    c.provider(),
                    c.from(),
                    c.to(),
                    c.reason(),
                    c.until() > 0 ? c.until() : null,
                    c.at(),
                    by == null ? null : by.eventId(),
                    c.evidence(),
                    by == null ? null : by.category(),
                    by == null ? null : by.reply());
        }
    }
}
