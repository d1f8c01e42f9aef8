package io.bouncewatch.payload;

import io.bouncewatch.rules.DomainState;
import io.bouncewatch.rules.MailboxState;
import io.bouncewatch.rules.Reason;
import io.bouncewatch.rules.Status;
import io.bouncewatch.rules.Transition;

/**
 * One record of {@code health.status-changes}: a mailbox or a domain moved from one status to
 * another.
 */
public sealed interface StatusChange {

    String id();

    Status from();

    Status to();

    Reason reason();

    /** Who caused the change when an operator did; null otherwise. */
    String operator();

    /** Why, as that operator wrote it; null when no operator caused the change or none was said. */
    String note();

    long at();

    /** A mailbox changed status; the window is the one the rules decided on. */
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
            String causeEventId)
            implements StatusChange {

        /**
         * The state is the one after the change: an operator's change leaves its command's operator
         * and note there.
         */
        public static OfMailbox of(
                String mailbox, Transition t, MailboxState state, String causeEventId) {
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
                    causeEventId);
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
            int configFailures)
            implements StatusChange {

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
                    state.configFailures().count());
        }
    }
}
