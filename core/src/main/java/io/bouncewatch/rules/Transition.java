package io.bouncewatch.rules;

import java.util.Objects;

/** A change of status: the one thing that becomes a status-change event. */
public record Transition(Status from, Status to, Reason reason, long at) {

    public Transition {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        if (from == to) {
            throw new IllegalArgumentException(
                    "a transition changes the status, " + from + " stays " + to);
        }
    }
}
