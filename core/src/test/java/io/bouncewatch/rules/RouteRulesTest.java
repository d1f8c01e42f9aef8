package io.bouncewatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The route rules of docs/rules.md, one test per transition, with the default settings. */
class RouteRulesTest {

    private static final long T0 = 1_795_000_000_000L;
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final RouteRules RULES = new RouteRules(RuleSettings.DEFAULTS);

    private int ids;

    private MailboxEvent.Bounce bounce(Category category, Provider provider, long at) {
        BounceClass bounceClass =
                switch (category) {
                    case THROTTLE -> BounceClass.RATE_LIMITED;
                    case REPUTATION -> BounceClass.LOW_REPUTATION;
                    default -> BounceClass.UNSPECIFIED;
                };
        return new MailboxEvent.Bounce(
                "b-" + ++ids,
                "alice@acme.io",
                at,
                BounceType.HARD,
                new Classification(category, bounceClass, provider, "test"),
                null,
                null);
    }

    private RouteRules.Outcome on(List<Route> routes, MailboxEvent.Bounce b, long now) {
        return RULES.onEvent(routes, b, b.timestamp(), now);
    }

    @Test
    void aThrottleSlowsTheRouteToItsProviderDownForTenMinutes() {
        RouteRules.Outcome out =
                on(List.of(), bounce(Category.THROTTLE, Provider.MICROSOFT, T0), T0 + 5);

        assertThat(out.routes())
                .containsExactly(
                        new Route(
                                Provider.MICROSOFT,
                                RouteStatus.SLOW_DOWN,
                                T0 + 5 + 10 * MINUTE,
                                10 * MINUTE,
                                List.of()));
        assertThat(out.changes())
                .containsExactly(
                        new RouteChange(
                                Provider.MICROSOFT,
                                RouteStatus.OK,
                                RouteStatus.SLOW_DOWN,
                                RouteReason.RATE_LIMITED,
                                T0 + 5 + 10 * MINUTE,
                                T0,
                                true,
                                Evidence.of(Evidence.Rule.RATE_LIMITED, 1, 1)));
    }

    @Test
    void anotherThrottleWhileSlowedDownDoublesTheBackoffWithoutAChange() {
        List<Route> slowed =
                on(List.of(), bounce(Category.THROTTLE, Provider.GOOGLE, T0), T0).routes();
        RouteRules.Outcome out =
                on(slowed, bounce(Category.THROTTLE, Provider.GOOGLE, T0 + MINUTE), T0 + MINUTE);

        assertThat(out.changes()).isEmpty();
        assertThat(out.routes())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.status()).isEqualTo(RouteStatus.SLOW_DOWN);
                            assertThat(r.backoffMillis()).isEqualTo(20 * MINUTE);
                            assertThat(r.until()).isEqualTo(T0 + MINUTE + 20 * MINUTE);
                        });
    }

    @Test
    void theDoubledBackoffStopsAtFourHours() {
        List<Route> routes = List.of();
        long now = T0;
        // 10, 20, 40, 80, 160 min, then 240 (the cap), and it stays there.
        for (int i = 0; i < 8; i++) {
            routes = on(routes, bounce(Category.THROTTLE, Provider.YAHOO, now), now).routes();
            now += MINUTE;
        }
        assertThat(routes.get(0).backoffMillis()).isEqualTo(4 * HOUR);
        assertThat(routes.get(0).until()).isEqualTo(now - MINUTE + 4 * HOUR);
    }

    @Test
    void oneReputationBounceLeavesTheRouteOkButRemembersTheStrike() {
        RouteRules.Outcome out =
                on(List.of(), bounce(Category.REPUTATION, Provider.GOOGLE, T0), T0);

        assertThat(out.changes()).isEmpty();
        assertThat(out.routes())
                .containsExactly(new Route(Provider.GOOGLE, RouteStatus.OK, 0, 0, List.of(T0)));
    }

    @Test
    void twoReputationBouncesWithinTwentyFourHoursBlockTheRouteForTwentyFourHours() {
        List<Route> once =
                on(List.of(), bounce(Category.REPUTATION, Provider.GOOGLE, T0), T0).routes();
        long second = T0 + 23 * HOUR;
        RouteRules.Outcome out =
                on(once, bounce(Category.REPUTATION, Provider.GOOGLE, second), second + 7);

        assertThat(out.changes())
                .containsExactly(
                        new RouteChange(
                                Provider.GOOGLE,
                                RouteStatus.OK,
                                RouteStatus.BLOCKED,
                                RouteReason.BLOCKED,
                                second + 7 + 24 * HOUR,
                                second,
                                true,
                                Evidence.of(Evidence.Rule.BLOCKED, 2, 2)));
        assertThat(out.routes())
                .containsExactly(
                        new Route(
                                Provider.GOOGLE,
                                RouteStatus.BLOCKED,
                                second + 7 + 24 * HOUR,
                                0,
                                List.of()));
    }

    @Test
    void twoReputationBouncesMoreThanTwentyFourHoursApartDoNotBlock() {
        List<Route> once =
                on(List.of(), bounce(Category.REPUTATION, Provider.GOOGLE, T0), T0).routes();
        long second = T0 + 24 * HOUR;
        RouteRules.Outcome out =
                on(once, bounce(Category.REPUTATION, Provider.GOOGLE, second), second);

        assertThat(out.changes()).isEmpty();
        assertThat(out.routes())
                .containsExactly(new Route(Provider.GOOGLE, RouteStatus.OK, 0, 0, List.of(second)));
    }

    @Test
    void aLateReputationBounceCountsWithTheOneItCameNear() {
        List<Route> once =
                on(List.of(), bounce(Category.REPUTATION, Provider.GOOGLE, T0), T0).routes();
        // Stamped an hour before the first, arriving later.
        RouteRules.Outcome out =
                RULES.onEvent(
                        once,
                        bounce(Category.REPUTATION, Provider.GOOGLE, T0 - HOUR),
                        T0,
                        T0 + 2 * HOUR);

        assertThat(out.changes()).extracting(RouteChange::to).containsExactly(RouteStatus.BLOCKED);
    }

    @Test
    void reputationBouncesFromTwoProvidersDoNotAddUp() {
        List<Route> once =
                on(List.of(), bounce(Category.REPUTATION, Provider.GOOGLE, T0), T0).routes();
        RouteRules.Outcome out =
                on(once, bounce(Category.REPUTATION, Provider.MICROSOFT, T0 + 1), T0 + 1);

        assertThat(out.changes()).isEmpty();
        assertThat(out.routes())
                .extracting(Route::provider)
                .containsExactly(Provider.GOOGLE, Provider.MICROSOFT);
    }

    @Test
    void aBlockOfASlowedDownRouteIsAChangeFromSlowDown() {
        List<Route> routes =
                on(List.of(), bounce(Category.THROTTLE, Provider.GOOGLE, T0), T0).routes();
        routes = on(routes, bounce(Category.REPUTATION, Provider.GOOGLE, T0 + 1), T0 + 1).routes();
        RouteRules.Outcome out =
                on(routes, bounce(Category.REPUTATION, Provider.GOOGLE, T0 + 2), T0 + 2);

        assertThat(out.changes())
                .extracting(RouteChange::from, RouteChange::to)
                .containsExactly(tuple(RouteStatus.SLOW_DOWN, RouteStatus.BLOCKED));
    }

    @Test
    void aThrottleOfABlockedRouteChangesNothing() {
        List<Route> blocked = blocked(Provider.GOOGLE);
        RouteRules.Outcome out =
                on(blocked, bounce(Category.THROTTLE, Provider.GOOGLE, T0 + 3), T0 + 3);

        assertThat(out.changes()).isEmpty();
        assertThat(out.routes()).isEqualTo(blocked);
    }

    @Test
    void aReputationBounceOnABlockedRouteDoesNotLengthenTheBlock() {
        List<Route> blocked = blocked(Provider.GOOGLE);
        RouteRules.Outcome out =
                on(blocked, bounce(Category.REPUTATION, Provider.GOOGLE, T0 + HOUR), T0 + HOUR);

        assertThat(out.changes()).isEmpty();
        assertThat(out.routes()).isEqualTo(blocked);
    }

    @Test
    void otherCategoriesLeaveTheRoutesAlone() {
        for (Category c :
                List.of(
                        Category.LIST,
                        Category.CONFIG,
                        Category.TRANSIENT,
                        Category.IGNORE,
                        Category.UNKNOWN)) {
            RouteRules.Outcome out = on(List.of(), bounce(c, Provider.GOOGLE, T0), T0);
            assertThat(out.routes()).as(c.name()).isEmpty();
            assertThat(out.changes()).as(c.name()).isEmpty();
        }
    }

    @Test
    void aSlowDownExpiresWhenItsTimeIsUpNotBefore() {
        List<Route> slowed =
                on(List.of(), bounce(Category.THROTTLE, Provider.MICROSOFT, T0), T0).routes();

        assertThat(RULES.expire(slowed, T0 + 10 * MINUTE - 1).changes()).isEmpty();
        RouteRules.Outcome out = RULES.expire(slowed, T0 + 10 * MINUTE);
        assertThat(out.changes())
                .containsExactly(
                        new RouteChange(
                                Provider.MICROSOFT,
                                RouteStatus.SLOW_DOWN,
                                RouteStatus.OK,
                                RouteReason.EXPIRED,
                                0,
                                T0 + 10 * MINUTE,
                                false,
                                Evidence.of(Evidence.Rule.EXPIRED, 600, 600)));
        assertThat(out.routes()).as("an OK route with nothing to remember is dropped").isEmpty();
    }

    @Test
    void aBlockExpiresAfterTwentyFourHours() {
        List<Route> blocked = blocked(Provider.GOOGLE);
        long until = blocked.get(0).until();

        RouteRules.Outcome out = RULES.expire(blocked, until + 90_000);
        assertThat(out.changes())
                .extracting(
                        RouteChange::from,
                        RouteChange::to,
                        RouteChange::reason,
                        RouteChange::evidence)
                .containsExactly(
                        tuple(
                                RouteStatus.BLOCKED,
                                RouteStatus.OK,
                                RouteReason.EXPIRED,
                                Evidence.of(Evidence.Rule.EXPIRED, 86_400, 86_490)));
        assertThat(out.routes()).isEmpty();
    }

    @Test
    void anExpiryIsNoticedAtTheNextEventBeforeTheEventActs() {
        List<Route> slowed =
                on(List.of(), bounce(Category.THROTTLE, Provider.MICROSOFT, T0), T0).routes();
        long later = T0 + HOUR;
        RouteRules.Outcome out =
                on(slowed, bounce(Category.THROTTLE, Provider.MICROSOFT, later), later);

        // Expired first, then a new slow-down at the base backoff, not a doubled one.
        assertThat(out.changes())
                .extracting(RouteChange::to, RouteChange::reason)
                .containsExactly(
                        tuple(RouteStatus.OK, RouteReason.EXPIRED),
                        tuple(RouteStatus.SLOW_DOWN, RouteReason.RATE_LIMITED));
        assertThat(out.routes().get(0).backoffMillis()).isEqualTo(10 * MINUTE);
    }

    @Test
    void aStrikeOlderThanTheWindowBeforeTheLatestEventIsForgotten() {
        List<Route> once =
                on(List.of(), bounce(Category.REPUTATION, Provider.GOOGLE, T0), T0).routes();
        MailboxEvent.Send send = new MailboxEvent.Send("s-1", "alice@acme.io", T0 + 25 * HOUR);

        assertThat(RULES.onEvent(once, send, T0 + 25 * HOUR, T0 + 25 * HOUR).routes()).isEmpty();
    }

    @Test
    void aThresholdOfThreeNeedsThreeWithinTheWindow() {
        RuleSettings d = RuleSettings.DEFAULTS;
        RouteRules three =
                new RouteRules(
                        new RuleSettings(
                                d.windowMaxSends(),
                                d.windowRetainFraction(),
                                d.minSends(),
                                d.pauseBounces(),
                                d.pauseBounceRate(),
                                d.warningBounces(),
                                d.warningBounceRate(),
                                d.recoveryRate(),
                                d.recoverySends(),
                                d.pauseComplaints(),
                                d.warningComplaints(),
                                d.cooldown(),
                                d.maxCooldown(),
                                d.escalationWindow(),
                                d.probationSends(),
                                d.countSoftBounces(),
                                d.domainWarningRatio(),
                                d.domainPauseRatio(),
                                d.domainMinMailboxes(),
                                d.domainInactiveAfter(),
                                d.domainConfigWarning(),
                                d.domainConfigPause(),
                                d.domainConfigCooldown(),
                                d.dedupeWindow(),
                                d.dedupeSendWindow(),
                                d.throttleBackoff(),
                                d.throttleMaxBackoff(),
                                3,
                                Duration.ofHours(24),
                                3,
                                Duration.ofDays(7),
                                Duration.ofDays(7)));
        List<Route> routes = List.of();
        // 0 h, 20 h, then 30 h: only 20 h and 30 h are within 24 h of each other.
        for (long h : new long[] {0, 20, 30}) {
            MailboxEvent.Bounce b = bounce(Category.REPUTATION, Provider.GOOGLE, T0 + h * HOUR);
            RouteRules.Outcome out = three.onEvent(routes, b, b.timestamp(), b.timestamp());
            assertThat(out.changes()).as("at %d h", h).isEmpty();
            routes = out.routes();
        }
        MailboxEvent.Bounce fourth = bounce(Category.REPUTATION, Provider.GOOGLE, T0 + 31 * HOUR);
        assertThat(three.onEvent(routes, fourth, fourth.timestamp(), fourth.timestamp()).changes())
                .extracting(RouteChange::to)
                .containsExactly(RouteStatus.BLOCKED);
    }

    private List<Route> blocked(Provider provider) {
        List<Route> once = on(List.of(), bounce(Category.REPUTATION, provider, T0), T0).routes();
        return on(once, bounce(Category.REPUTATION, provider, T0 + 1), T0 + 2).routes();
    }
}
