package io.bouncewatch.rules;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of one input for one mailbox.
 *
 * @param state the state to store; null when the mailbox is forgotten ({@code REMOVE})
 * @param transition the status change, if the input changed the status
 * @param counted false when the input was ignored (a duplicate event id, a command with nothing to
 *     do)
 * @param expiry the cooldown expiry applied before the input, when the mailbox's cooldown had run
 *     out without it being resumed; its state is the resumed one, its transition the resume
 * @param routeChanges the changes of the mailbox's routes, in the order they happened
 */
public record MailboxDecision(
        MailboxState state,
        Optional<Transition> transition,
        boolean counted,
        Optional<MailboxDecision> expiry,
        List<RouteChange> routeChanges) {

    public MailboxDecision {
        routeChanges = List.copyOf(routeChanges);
    }

    MailboxDecision(MailboxState state, Optional<Transition> transition, boolean counted) {
        this(state, transition, counted, Optional.empty(), List.of());
    }

    static MailboxDecision unchanged(MailboxState state) {
        return new MailboxDecision(state, Optional.empty(), false);
    }

    static MailboxDecision removed() {
        return new MailboxDecision(null, Optional.empty(), true);
    }

    /** This decision, taken on the state {@code expiry} resumed. */
    MailboxDecision after(MailboxDecision expiry) {
        return new MailboxDecision(state, transition, counted, Optional.of(expiry), routeChanges);
    }

    /**
     * This decision with the routes of {@code routes} in its state and their changes; counted when
     * a route changed.
     */
    MailboxDecision withRoutes(RouteRules.Outcome routes) {
        boolean routesMoved = !routes.routes().equals(state.routes());
        if (!routesMoved && routes.changes().isEmpty() && routeChanges.isEmpty()) {
            return this;
        }
        return new MailboxDecision(
                state.withRoutes(routes.routes()),
                transition,
                counted || routesMoved,
                expiry,
                routes.changes());
    }

    /**
     * Whether the mailbox is to be forgotten; an ignored command on an unknown mailbox removes
     * nothing.
     */
    public boolean removes() {
        return counted && state == null;
    }
}
