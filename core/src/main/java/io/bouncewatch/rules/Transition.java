package io.bouncewatch.rules;

import java.util.Objects;

/**
 * A change of status: the one thing that becomes a status-change event.
 *
 * @param evidence what the rule that decided it measured, as it decided
 */
public record Transition(Status from, Status to, Reason reason, long at, Evidence evidence) {

    public Transition {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(evidence, "evidence");
        if (from == to) {
            throw new IllegalArgumentException(
                    "a transition changes the status, " + from + " stays " + to);
        }
    }
}
