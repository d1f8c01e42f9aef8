package io.bouncewatch.rules;

import java.util.Optional;

/**
 * The outcome of one input for one mailbox.
 *
 * @param state      the state to store; null when the mailbox is forgotten ({@code REMOVE})
 * @param transition the status change, if the input changed the status
 * @param counted    false when the input was ignored (a duplicate event id, a command with nothing to do)
 */
public record MailboxDecision(MailboxState state, Optional<Transition> transition, boolean counted) {

    static MailboxDecision unchanged(MailboxState state) {
        return new MailboxDecision(state, Optional.empty(), false);
    }

    static MailboxDecision removed() {
        return new MailboxDecision(null, Optional.empty(), true);
    }

    /** Whether the mailbox is to be forgotten; an ignored command on an unknown mailbox removes nothing. */
    public boolean removes() {
        return counted && state == null;
    }
}
