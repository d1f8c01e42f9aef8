package io.bouncewatch.rules;

import java.util.List;
import java.util.Objects;

/**
 * What the monitor remembers of a mailbox towards one provider. An OK route is remembered only
 * while it has reputation strikes that may still add up to a block.
 *
 * @param provider the far end
 * @param status current advice, which names its reason ({@link #reason()})
 * @param until wall-clock epoch millis at which a SLOW_DOWN or BLOCKED route is OK again; 0 when OK
 * @param backoffMillis length of the running slow-down, the base of its doubling; 0 when not slowed
 *     down
 * @param strikes event timestamps of the latest REPUTATION bounces from the provider that may still
 *     count towards a block, oldest first
 */
public record Route(
        Provider provider, RouteStatus status, long until, long backoffMillis, List<Long> strikes) {

    public Route {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(status, "status");
        strikes = List.copyOf(strikes);
    }

    /** A route never seen: OK, nothing remembered. */
    static Route ok(Provider provider) {
        return new Route(provider, RouteStatus.OK, 0, 0, List.of());
    }

    /**
     * Why the route is not OK: a slow-down is always for a throttle, a block for reputation; null
     * for OK. Derived, so the stored state need not keep it.
     */
    public RouteReason reason() {
        return switch (status) {
            case OK -> null;
            case SLOW_DOWN -> RouteReason.RATE_LIMITED;
            case BLOCKED -> RouteReason.BLOCKED;
        };
    }

    /** Whether the state need not keep it: OK with nothing that may add up. */
    boolean forgettable() {
        return status == RouteStatus.OK && strikes.isEmpty();
    }
}
