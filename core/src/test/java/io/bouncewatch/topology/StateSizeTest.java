package io.bouncewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.rules.BounceClass;
import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.CategoryCounts;
import io.bouncewatch.rules.Classification;
import io.bouncewatch.rules.EventIdWindow;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.MailboxRules;
import io.bouncewatch.rules.MailboxState;
import io.bouncewatch.rules.Provider;
import io.bouncewatch.rules.RuleSettings;
import java.time.Duration;
import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;

/**
 * What one mailbox costs in the store stays bounded, however many unique event ids it sees: the
 * window slides, and the ids kept for duplicates are those of their time windows (an hour of sends,
 * a week of bounces and complaints), never more than {@link EventIdWindow#MAX_IDS} of a kind.
 */
class StateSizeTest {

    private static final String MAILBOX = "sales.anna@northwind-mail.com";
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long WEEK = Duration.ofDays(7).toMillis();

    private final MailboxRules rules = new MailboxRules(RuleSettings.DEFAULTS);

    @Test
    void aMailboxKeepsTheIdsOfItsWindowsOnlyThroughAMillionUniqueEvents() {
        MailboxState state = null;
        int largest = 0;
        int largestWithoutIds = 0;
        long now = 1_795_000_000_000L;
        // When each id still in its window came: the ids the state must hold, no more.
        ArrayDeque<Long> sendsInHour = new ArrayDeque<>();
        ArrayDeque<Long> reportsInWeek = new ArrayDeque<>();
        for (int i = 0; i < 1_000_000; i++) {
            // An event every 10 s for 116 days: 351 sends an hour, 1,512 bounces a week.
            long at = now + i * 10_000L;
            String id = "evt-" + Long.toHexString(Double.doubleToLongBits(i * 1.1)) + "-" + i;
            boolean bounce = i % 40 == 39;
            MailboxEvent event =
                    bounce
                            ? new MailboxEvent.Bounce(id, MAILBOX, at, BounceType.SOFT)
                            : new MailboxEvent.Send(id, MAILBOX, at);
            state = rules.onEvent(state, event, at).state();
            (bounce ? reportsInWeek : sendsInHour).addLast(at);
            while (sendsInHour.peekFirst() <= at - HOUR) {
                sendsInHour.removeFirst();
            }
            while (!reportsInWeek.isEmpty() && reportsInWeek.peekFirst() <= at - WEEK) {
                reportsInWeek.removeFirst();
            }
            if (i % 1000 == 0) {
                assertThat(state.recentSends().size())
                        .as("send ids at %d", i)
                        .isEqualTo(sendsInHour.size());
                assertThat(state.recentReports().size())
                        .as("bounce ids at %d", i)
                        .isEqualTo(reportsInWeek.size());
                largest = Math.max(largest, StateSerdes.writeMailbox(state).length);
                largestWithoutIds =
                        Math.max(
                                largestWithoutIds,
                                StateSerdes.writeMailbox(withoutIds(state)).length);
            }
        }
        int last = StateSerdes.writeMailbox(state).length;
        assertThat(state.totalSends() + state.totalBounces()).isEqualTo(1_000_000);
        assertThat(largestWithoutIds)
                .as("largest stored value seen without the ids, bytes")
                .isLessThanOrEqualTo(200);
        // 8 bytes of fingerprint and 2 or 3 of gap (10 s to a few minutes) per id.
        assertThat(largest)
                .as("largest stored value seen, bytes")
                .isLessThanOrEqualTo(200 + 11 * (352 + 1_513));
        assertThat(last)
                .as("stored value after a million events, bytes")
                .isLessThanOrEqualTo(largest);
        assertThat(StateSerdes.readMailbox(StateSerdes.writeMailbox(state))).isEqualTo(state);
    }

    @Test
    void aMailboxSendingFasterThanAnyRealOneKeepsAtMostTheCapOfIds() {
        MailboxState state = null;
        long now = 1_795_000_000_000L;
        int sends = EventIdWindow.MAX_IDS * 3;
        for (int i = 0; i < sends; i++) {
            // A send every millisecond: all of them within the hour.
            state =
                    rules.onEvent(state, new MailboxEvent.Send("s-" + i, MAILBOX, now + i), now + i)
                            .state();
        }
        long end = now + sends;
        assertThat(state.recentSends().size()).isEqualTo(EventIdWindow.MAX_IDS);
        assertThat(
                        rules.onEvent(
                                        state,
                                        new MailboxEvent.Send("s-" + (sends - 1), MAILBOX, end),
                                        end)
                                .counted())
                .as("the latest send repeated")
                .isFalse();
        assertThat(rules.onEvent(state, new MailboxEvent.Send("s-0", MAILBOX, end), end).counted())
                .as("the first send, beyond the cap, repeated")
                .isTrue();
        assertThat(StateSerdes.writeMailbox(state).length)
                .as("stored value, bytes: within a Kafka record's default 1 MiB")
                .isLessThan(1 << 19);
    }

    /** The state without its duplicate windows: what it stores besides the ids. */
    private static MailboxState withoutIds(MailboxState s) {
        return new MailboxState(
                s.status(),
                s.reason(),
                s.window(),
                s.totalSends(),
                s.totalBounces(),
                s.totalComplaints(),
                s.cooldownUntil(),
                s.lastCooldownMillis(),
                s.lastResumedAt(),
                s.probationSends(),
                s.recoverySends(),
                s.operatorPaused(),
                s.lastEventAt(),
                EventIdWindow.EMPTY,
                EventIdWindow.EMPTY,
                s.operator(),
                s.note(),
                s.recentCommands(),
                s.bouncesByCategory(),
                s.routes());
    }

    /**
     * The worst a mailbox gets with routes: bounces of every category, throttles and reputation
     * refusals from every provider, so that routes to all of them are slowed down, blocked or hold
     * a strike at once.
     */
    @Test
    void aMailboxWithEveryCategoryAndRoutesToEveryProviderStaysUnder256BytesBesidesItsIds() {
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
                // The ids of the windows are the first test's: here what the routes add.
                largest = Math.max(largest, StateSerdes.writeMailbox(withoutIds(state)).length);
                mostRoutes = Math.max(mostRoutes, state.routes().size());
            }
        }
        assertThat(mostRoutes).as("routes held at once").isEqualTo(providers.length);
        assertThat(largest)
                .as("largest stored value seen without the ids, bytes")
                .isLessThanOrEqualTo(256);
        assertThat(StateSerdes.readMailbox(StateSerdes.writeMailbox(state))).isEqualTo(state);
    }
}
