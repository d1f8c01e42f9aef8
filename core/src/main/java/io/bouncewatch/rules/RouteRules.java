package io.bouncewatch.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The route rules of docs/rules.md §2.3 as pure functions on a mailbox's routes (those not OK, and
 * OK ones with reputation strikes). A THROTTLE bounce slows the route to its provider down, and one
 * while slowed down doubles the slow-down up to its cap; enough REPUTATION bounces from one
 * provider within the block window block the route. A slow-down or block ends by itself when its
 * time is up. Routes are advice: nothing here touches the mailbox's own status.
 *
 * <p>Durations run on the wall clock, as cooldowns do: {@code until} is {@code now} plus the
 * duration. Whether reputation bounces come "within" the block window is measured on their own
 * event timestamps, so a burst replayed late still blocks and two bounces a day apart never do,
 * whenever they arrive.
 */
public final class RouteRules {

    /** Routes after an input and the changes it made, in the order they happened. */
    public record Outcome(List<Route> routes, List<RouteChange> changes) {
        public Outcome {
            routes = List.copyOf(routes);
            changes = List.copyOf(changes);
        }
    }

    /** No routes and no change. */
    private static final Outcome NOTHING = new Outcome(List.of(), List.of());

    private static final Comparator<Route> BY_PROVIDER =
            Comparator.comparingInt(r -> r.provider().code());

    private final long backoffMillis;
    private final long maxBackoffMillis;
    private final int blockThreshold;
    private final long blockMillis;

    public RouteRules(RuleSettings settings) {
        this.backoffMillis = settings.throttleBackoff().toMillis();
        this.maxBackoffMillis = settings.throttleMaxBackoff().toMillis();
        this.blockThreshold = settings.blockThreshold();
        this.blockMillis = settings.blockDuration().toMillis();
    }

    /**
     * Every slow-down and block whose time is up by {@code now} ends: OK again, EXPIRED, with the
     * time it was to last and the time it lasted (more when its end was noticed late).
     */
    public Outcome expire(List<Route> routes, long now) {
        List<Route> next = new ArrayList<>(routes.size());
        List<RouteChange> changes = new ArrayList<>();
        for (Route r : routes) {
            if (r.status() != RouteStatus.OK && r.until() <= now) {
                long duration = r.status() == RouteStatus.BLOCKED ? blockMillis : r.backoffMillis();
                changes.add(
                        new RouteChange(
                                r.provider(),
                                r.status(),
                                RouteStatus.OK,
                                RouteReason.EXPIRED,
                                0,
                                now,
                                false,
                                Evidence.ofMillis(
                                        Evidence.Rule.EXPIRED,
                                        duration,
                                        now - (r.until() - duration))));
                r = new Route(r.provider(), RouteStatus.OK, 0, 0, r.strikes());
            }
            if (!r.forgettable()) {
                next.add(r);
            }
        }
        return new Outcome(next, changes);
    }

    /**
     * An event for the mailbox: first the routes whose time is up end, then a THROTTLE or
     * REPUTATION bounce acts on the route to its provider. Strikes older than the block window
     * before the latest event seen are forgotten, which bounds what an OK route keeps.
     *
     * @param latestEventAt the latest event timestamp of the mailbox, this event's included
     * @param now wall-clock time, from which a slow-down or a block runs
     */
    public Outcome onEvent(List<Route> routes, MailboxEvent event, long latestEventAt, long now) {
        if (routes.isEmpty() && !movesRoutes(event)) {
            // Nearly every event of nearly every mailbox: nothing to expire, prune or change.
            return NOTHING;
        }
        Outcome expired = expire(routes, now);
        List<RouteChange> changes = new ArrayList<>(expired.changes());
        List<Route> next = new ArrayList<>(expired.routes().size() + 1);
        for (Route r : expired.routes()) {
            Route pruned = withStrikes(r, recent(r.strikes(), latestEventAt - blockMillis));
            if (!pruned.forgettable()) {
                next.add(pruned);
            }
        }
        if (movesRoutes(event)) {
            MailboxEvent.Bounce bounce = (MailboxEvent.Bounce) event;
            Provider provider = bounce.classification().provider();
            Route route =
                    next.stream().filter(r -> r.provider() == provider).findFirst().orElse(null);
            if (route != null) {
                next.remove(route);
            } else {
                route = Route.ok(provider);
            }
            Route after;
            Evidence evidence;
            if (bounce.category() == Category.THROTTLE) {
                after = throttled(route, now);
                // One throttle is enough: the provider asked to slow down.
                evidence = Evidence.of(Evidence.Rule.RATE_LIMITED, 1, 1);
            } else {
                List<Long> strikes = strikes(route, bounce.timestamp());
                after = refused(route, strikes, now);
                evidence = Evidence.of(Evidence.Rule.BLOCKED, blockThreshold, strikes.size());
            }
            if (after.status() != route.status()) {
                changes.add(
                        new RouteChange(
                                provider,
                                route.status(),
                                after.status(),
                                after.reason(),
                                after.until(),
                                bounce.timestamp(),
                                true,
                                evidence));
            }
            if (!after.forgettable()) {
                next.add(after);
            }
        }
        next.sort(BY_PROVIDER);
        return new Outcome(next, changes);
    }

    /** A block beats a slow-down; a throttle while slowed down doubles it, up to the cap. */
    private Route throttled(Route route, long now) {
        return switch (route.status()) {
            case BLOCKED -> route;
            case SLOW_DOWN -> {
                long doubled =
                        route.backoffMillis() > maxBackoffMillis / 2
                                ? maxBackoffMillis
                                : Math.min(route.backoffMillis() * 2, maxBackoffMillis);
                yield new Route(
                        route.provider(),
                        RouteStatus.SLOW_DOWN,
                        now + doubled,
                        doubled,
                        route.strikes());
            }
            case OK ->
                    new Route(
                            route.provider(),
                            RouteStatus.SLOW_DOWN,
                            now + backoffMillis,
                            backoffMillis,
                            route.strikes());
        };
    }

    /**
     * A reputation bounce at {@code at} (its event time) is a strike; it counts with the route's
     * strikes within the block window of it.
     */
    private List<Long> strikes(Route route, long at) {
        List<Long> strikes = new ArrayList<>();
        for (long s : route.strikes()) {
            if (Math.abs(s - at) < blockMillis) {
                strikes.add(s);
            }
        }
        strikes.add(at);
        strikes.sort(null);
        return strikes;
    }

    /**
     * With the strikes of a new reputation bounce (see {@link #strikes}) the route reaches the
     * threshold and is blocked. A blocked route stays as it is: the block is not lengthened.
     */
    private Route refused(Route route, List<Long> strikes, long now) {
        if (route.status() == RouteStatus.BLOCKED) {
            return route;
        }
        if (strikes.size() >= blockThreshold) {
            return new Route(
                    route.provider(), RouteStatus.BLOCKED, now + blockMillis, 0, List.of());
        }
        return withStrikes(route, strikes);
    }

    private static Route withStrikes(Route r, List<Long> strikes) {
        return new Route(r.provider(), r.status(), r.until(), r.backoffMillis(), strikes);
    }

    private static List<Long> recent(List<Long> strikes, long from) {
        return strikes.stream().filter(s -> s >= from).toList();
    }

    /** The route to {@code provider}; empty when it is OK with nothing remembered. */
    public static Optional<Route> of(List<Route> routes, Provider provider) {
        return routes.stream().filter(r -> r.provider() == provider).findFirst();
    }

    /** The earliest time a route of these ends by itself; 0 when none will. */
    public static long earliestEnd(List<Route> routes) {
        long earliest = 0;
        for (Route r : routes) {
            if (r.status() != RouteStatus.OK && (earliest == 0 || r.until() < earliest)) {
                earliest = r.until();
            }
        }
        return earliest;
    }

    /** A throttle or a refusal for reputation: what sets a route, whatever its state. */
    private static boolean movesRoutes(MailboxEvent event) {
        return event instanceof MailboxEvent.Bounce bounce
                && (bounce.category() == Category.THROTTLE
                        || bounce.category() == Category.REPUTATION);
    }
}
