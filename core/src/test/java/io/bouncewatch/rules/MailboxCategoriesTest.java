package io.bouncewatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a bounce of each category does to its mailbox (docs/rules.md): whether it counts in the
 * window, in the lifetime total and in the lifetime count of its category, and that routes never
 * move the mailbox's own status.
 */
class MailboxCategoriesTest {

    private static final long T0 = 1_795_000_000_000L;
    private static final String MAILBOX = "alice@acme.io";

    private static MailboxEvent.Bounce bounce(
            String id, Category category, BounceType type, Provider provider) {
        return new MailboxEvent.Bounce(
                id,
                MAILBOX,
                T0,
                type,
                new Classification(category, BounceClass.UNSPECIFIED, provider, "test"),
                null,
                "550 5.7.1 test");
    }

    private static MailboxState after(MailboxRules rules, MailboxEvent.Bounce b) {
        return rules.onEvent(null, b, T0).state();
    }

    @ParameterizedTest(name = "{0} {1}: window {2}, total {3}, soft counted: window {4}")
    @CsvSource({
        "LIST,       HARD, 1, 1, 1",
        "REPUTATION, HARD, 1, 1, 1",
        "CONFIG,     HARD, 0, 1, 0",
        "THROTTLE,   SOFT, 0, 1, 0",
        "TRANSIENT,  SOFT, 0, 1, 1",
        "IGNORE,     HARD, 0, 0, 0",
        "UNKNOWN,    HARD, 1, 1, 1",
        "UNKNOWN,    SOFT, 0, 1, 0",
    })
    void eachCategoryCountsAsDocumented(
            Category category,
            BounceType type,
            double window,
            long total,
            double windowCountingSoft) {
        MailboxState state =
                after(
                        new MailboxRules(RuleSettings.DEFAULTS),
                        bounce("b-1", category, type, Provider.OTHER));
        MailboxState soft =
                after(
                        new MailboxRules(countingSoft()),
                        bounce("b-1", category, type, Provider.OTHER));

        assertThat(state.window().bounceCount()).isEqualTo(window);
        assertThat(state.totalBounces()).isEqualTo(total);
        assertThat(state.bouncesByCategory().get(category)).isEqualTo(1);
        assertThat(state.bouncesByCategory()).isEqualTo(CategoryCounts.NONE.plus(category));
        assertThat(soft.window().bounceCount()).isEqualTo(windowCountingSoft);
    }

    @Test
    void lifetimeCountsAddUpPerCategoryAndADuplicateCountsOnce() {
        MailboxRules rules = new MailboxRules(RuleSettings.DEFAULTS);
        MailboxState s = null;
        String[] ids = {"b-1", "b-2", "b-2", "b-3", "b-4"};
        Category[] cats = {
            Category.LIST, Category.LIST, Category.LIST, Category.IGNORE, Category.THROTTLE
        };
        for (int i = 0; i < ids.length; i++) {
            s =
                    rules.onEvent(s, bounce(ids[i], cats[i], BounceType.HARD, Provider.OTHER), T0)
                            .state();
        }
        assertThat(s.bouncesByCategory()).isEqualTo(CategoryCounts.of(2, 0, 0, 1, 0, 1, 0));
        assertThat(s.totalBounces()).as("the auto-reply is not a bounce").isEqualTo(3);
    }

    @Test
    void aBlockedRouteLeavesTheMailboxHealthy() {
        MailboxRules rules = new MailboxRules(RuleSettings.DEFAULTS);
        MailboxDecision first =
                rules.onEvent(
                        null,
                        bounce("b-1", Category.THROTTLE, BounceType.SOFT, Provider.GOOGLE),
                        T0);
        MailboxDecision second =
                rules.onEvent(
                        first.state(),
                        bounce("b-2", Category.THROTTLE, BounceType.SOFT, Provider.GOOGLE),
                        T0);

        assertThat(first.transition()).isEmpty();
        assertThat(first.routeChanges())
                .extracting(RouteChange::to)
                .containsExactly(RouteStatus.SLOW_DOWN);
        assertThat(second.routeChanges()).as("a doubled backoff is no change").isEmpty();
        assertThat(second.counted()).isTrue();
        assertThat(second.state().status()).isEqualTo(Status.HEALTHY);
        assertThat(second.state().routes().get(0).backoffMillis())
                .isEqualTo(RuleSettings.DEFAULTS.throttleBackoff().toMillis() * 2);
    }

    @Test
    void theWallClockEndsARouteAndItsDeadlineWithIt() {
        MailboxRules rules = new MailboxRules(RuleSettings.DEFAULTS);
        MailboxState slowed =
                rules.onEvent(
                                null,
                                bounce("b-1", Category.THROTTLE, BounceType.SOFT, Provider.GOOGLE),
                                T0)
                        .state();
        long until = T0 + RuleSettings.DEFAULTS.throttleBackoff().toMillis();
        assertThat(slowed.nextDeadline()).isEqualTo(until);

        MailboxDecision early = rules.onDeadline(slowed, until - 1);
        MailboxDecision expired = rules.onDeadline(slowed, until);

        assertThat(early.counted()).isFalse();
        assertThat(expired.counted()).isTrue();
        assertThat(expired.transition()).isEmpty();
        assertThat(expired.routeChanges())
                .extracting(RouteChange::reason)
                .containsExactly(RouteReason.EXPIRED);
        assertThat(expired.state().routes()).isEmpty();
        assertThat(expired.state().nextDeadline()).isZero();
    }

    @Test
    void resetKeepsTheRoutesAndRemoveForgetsThem() {
        MailboxRules rules = new MailboxRules(RuleSettings.DEFAULTS);
        MailboxState slowed =
                rules.onEvent(
                                null,
                                bounce("b-1", Category.THROTTLE, BounceType.SOFT, Provider.YAHOO),
                                T0)
                        .state();

        MailboxDecision reset =
                rules.onCommand(
                        slowed,
                        new Command("op-1", MAILBOX, false, OperatorAction.RESET, null, null, T0));
        MailboxDecision removed =
                rules.onCommand(
                        slowed,
                        new Command("op-2", MAILBOX, false, OperatorAction.REMOVE, null, null, T0));

        assertThat(reset.state().routes()).isEqualTo(slowed.routes()).hasSize(1);
        assertThat(removed.removes()).isTrue();
    }

    @Test
    void theNextDeadlineIsTheEarlierOfACooldownAndARoute() {
        MailboxState s = MailboxState.fresh(RuleSettings.DEFAULTS);
        Route route = new Route(Provider.GOOGLE, RouteStatus.BLOCKED, 500, 0, List.of());
        Route later = new Route(Provider.APPLE, RouteStatus.SLOW_DOWN, 900, 10, List.of());

        assertThat(s.nextDeadline()).isZero();
        assertThat(s.withCooldown(700, 1).nextDeadline()).isEqualTo(700);
        assertThat(s.withCooldown(700, 1).withRoutes(List.of(route, later)).nextDeadline())
                .isEqualTo(500);
        assertThat(s.withRoutes(List.of(later)).nextDeadline()).isEqualTo(900);
    }

    private static RuleSettings countingSoft() {
        RuleSettings d = RuleSettings.DEFAULTS;
        return new RuleSettings(
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
                true,
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
                d.blockThreshold(),
                d.blockDuration(),
                d.suppressionSoftBounces(),
                d.suppressionSoftWindow(),
                d.suppressionSoftTtl());
    }
}
