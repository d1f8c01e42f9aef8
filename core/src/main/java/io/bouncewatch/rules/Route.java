package io.bouncewatch.rules;

import java.util.List;
import java.util.Objects;

/**
 * What the monitor remembers of a mailbox towards one provider. An OK route is remembered only
 * while it has reputation strikes that may still add up to a block.
 *
 * @param provider the far end
 * @param status current advice
 * @param reason reason of the last change; null while the route never changed
 * @param until wall-clock epoch millis at which a SLOW_DOWN or BLOCKED route is OK again; 0 when OK
 * @param backoffMillis length of the running slow-down, the base of its doubling; 0 when not slowed
 *     down
 * @param strikes event timestamps of the latest REPUTATION bounces from the provider that may still
 *     count towards a block, oldest first
 */
public record Route(
        Provider provider,
        RouteStatus status,
        RouteReason reason,
        long until,
        long backoffMillis,
        List<Long> strikes) {

    public Route {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(status, "status");
        strikes = List.copyOf(strikes);
    }

    /** A route never seen: OK, nothing remembered. */
    static Route ok(Provider provider) {
        return new Route(provider, RouteStatus.OK, null, 0, 0, List.of());
    }

    /** Whether the state need not keep it: OK with nothing that may add up. */
    boolean forgettable() {
        return status == RouteStatus.OK && strikes.isEmpty();
    }
}
