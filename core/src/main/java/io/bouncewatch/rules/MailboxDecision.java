package io.bouncewatch.rules;

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
 */
public record MailboxDecision(
        MailboxState state,
        Optional<Transition> transition,
        boolean counted,
        Optional<MailboxDecision> expiry) {

    MailboxDecision(MailboxState state, Optional<Transition> transition, boolean counted) {
        this(state, transition, counted, Optional.empty());
    }

    static MailboxDecision unchanged(MailboxState state) {
        return new MailboxDecision(state, Optional.empty(), false);
    }

    static MailboxDecision removed() {
        return new MailboxDecision(null, Optional.empty(), true);
    }

    /** This decision, taken on the state {@code expiry} resumed. */
    MailboxDecision after(MailboxDecision expiry) {
        return new MailboxDecision(state, transition, counted, Optional.of(expiry));
    }

    /**
     * Whether the mailbox is to be forgotten; an ignored command on an unknown mailbox removes
     * nothing.
     */
    public boolean removes() {
        return counted && state == null;
    }
}
