package io.bouncewatch.rules;

import java.util.Objects;

/**
 * A route changed status: the one thing about routes that becomes a status-change event.
 *
 * @param until when the new status ends by itself, wall-clock epoch millis; 0 for OK
 * @param at when it changed: the cause event's timestamp, or the wall clock for an expiry
 * @param byEvent whether the event being applied caused it (not an expiry noticed on its arrival)
 */
public record RouteChange(
        Provider provider,
        RouteStatus from,
        RouteStatus to,
        RouteReason reason,
        long until,
        long at,
        boolean byEvent) {

    public RouteChange {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        if (from == to) {
            throw new IllegalArgumentException(
                    "a route change changes the status, " + from + " stays " + to);
        }
    }
}
