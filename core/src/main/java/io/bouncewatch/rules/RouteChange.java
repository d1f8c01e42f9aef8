package io.bouncewatch.rules;

import java.util.Objects;

/**
 * A route changed status: the one thing about routes that becomes a status-change event.
 *
 * @param until when the new status ends by itself, wall-clock epoch millis; 0 for OK
 * @param at when it changed: the cause event's timestamp, or the wall clock for an expiry
 * @param byEvent whether the event being applied caused it (not an expiry noticed on its arrival)
 * @param evidence what the route rule that decided it measured, as it decided
 */
public record RouteChange(
        Provider provider,
        RouteStatus from,
        RouteStatus to,
        RouteReason reason,
        long until,
        long at,
        boolean byEvent,
        Evidence evidence) {

    public RouteChange {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(evidence, "evidence");
        if (from == to) {
            throw new IllegalArgumentException(
                    "a route change changes the status, " + from + " stays " + to);
        }
    }
}
