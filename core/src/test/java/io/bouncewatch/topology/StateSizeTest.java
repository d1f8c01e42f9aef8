package io.bouncewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.rules.BounceClass;
import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.CategoryCounts;
import io.bouncewatch.rules.Classification;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.MailboxRules;
import io.bouncewatch.rules.MailboxState;
import io.bouncewatch.rules.Provider;
import io.bouncewatch.rules.RuleSettings;
import org.junit.jupiter.api.Test;

/**
 * What one mailbox costs in the store stays bounded, however many unique event ids it sees: the
 * window slides, and only the latest ids of each kind are remembered for duplicates.
 */
class StateSizeTest {

    private final MailboxRules rules = new MailboxRules(RuleSettings.DEFAULTS);

    @Test
    void aMailboxStaysUnder200BytesThroughAMillionUniqueEvents() {
        MailboxState state = null;
        int largest = 0;
        long now = 1_795_000_000_000L;
        for (int i = 0; i < 1_000_000; i++) {
            String id = "evt-" + Long.toHexString(Double.doubleToLongBits(i * 1.1)) + "-" + i;
            MailboxEvent event =
                    i % 40 == 39
                            ? new MailboxEvent.Bounce(
                                    id, "sales.anna@northwind-mail.com", now + i, BounceType.SOFT)
                            : new MailboxEvent.Send(id, "sales.anna@northwind-mail.com", now + i);
            state = rules.onEvent(state, event, now + i).state();
            if (i % 1000 == 0) {
                largest = Math.max(largest, StateSerdes.writeMailbox(state).length);
            }
        }
        int last = StateSerdes.writeMailbox(state).length;
        assertThat(state.totalSends() + state.totalBounces()).isEqualTo(1_000_000);
        assertThat(largest).as("largest stored value seen, bytes").isLessThanOrEqualTo(200);
        assertThat(last)
                .as("stored value after a million events, bytes")
                .isLessThanOrEqualTo(largest);
        assertThat(StateSerdes.readMailbox(StateSerdes.writeMailbox(state))).isEqualTo(state);
    }

    /**
     * The worst a mailbox gets with routes: bounces of every category, throttles and reputation
     * refusals from every provider, so that routes to all of them are slowed down, blocked or hold
     * a strike at once.
     */
    @Test
    void aMailboxWithEveryCategoryAndRoutesToEveryProviderStaysUnder256Bytes() {
        Category[] categories = CategoryCounts.CATEGORIES.toArray(Category[]::new);
        Provider[] providers = Provider.values();
        MailboxState state = null;
        int largest = 0;
        int mostRoutes = 0;
        long now = 1_795_000_000_000L;
        for (int i = 0; i < 1_000_000; i++) {
            String id = "evt-" + Long.toHexString(Double.doubleToLongBits(i * 1.1)) + "-" + i;
            long at = now + i * 100L;
            MailboxEvent event;
            if (i % 10 == 9) {
                // Throttles and refusals from every provider, other categories in between.
                int k = i / 10;
                Category category =
                        k % 3 == 0
                                ? categories[k / 3 % categories.length]
                                : k % 3 == 1 ? Category.THROTTLE : Category.REPUTATION;
                event =
                        new MailboxEvent.Bounce(
                                id,
                                "sales.anna@northwind-mail.com",
                                at,
                                BounceType.HARD,
                                new Classification(
                                        category,
                                        BounceClass.UNSPECIFIED,
                                        providers[k % providers.length],
                                        "test"),
                                null,
                                null);
            } else {
                event = new MailboxEvent.Send(id, "sales.anna@northwind-mail.com", at);
            }
            state = rules.onEvent(state, event, at).state();
            if (i % 100 == 0) {
                largest = Math.max(largest, StateSerdes.writeMailbox(state).length);
                mostRoutes = Math.max(mostRoutes, state.routes().size());
            }
        }
        assertThat(mostRoutes).as("routes held at once").isEqualTo(providers.length);
        assertThat(largest).as("largest stored value seen, bytes").isLessThanOrEqualTo(256);
        assertThat(StateSerdes.readMailbox(StateSerdes.writeMailbox(state))).isEqualTo(state);
    }
}
