package io.bouncewatch.whatif;

import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.MailboxRules;
import io.bouncewatch.rules.MailboxState;
import io.bouncewatch.rules.RuleSettings;
import io.bouncewatch.rules.Status;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * Mailboxes whose every send bounces independently with a known probability, run through {@link
 * MailboxRules} (the code the monitor runs, not a model of it) to see how often the settings pause
 * them and how soon.
 *
 * <p>Each mailbox makes up to {@code sends} sends, one a minute on a simulated clock; a bounce
 * follows its send a second later. The clock is both the events' time and the rules' "now", so no
 * wall clock enters. A mailbox stops at its first pause: what is measured is whether it is paused
 * at least once and after how many sends, and what a cooldown, probation and a second pause would
 * do after that cannot change either.
 *
 * <p>The same seed gives the same mailboxes to every setting and every rate: mailbox {@code i} of a
 * rate draws from the {@code i}-th stream split from the seed, so two settings are compared on
 * identical sends and bounces, and the outcome of a rate does not depend on which other rates are
 * simulated.
 */
public final class BounceRateSimulation {

    /** The most sends per mailbox: the event ids are made once, up front. */
    public static final int MAX_SENDS = 100_000;

    /** The simulated clock's start, 2026-01-01T00:00:00Z; any time would do. */
    private static final long START = 1_767_225_600_000L;

    private static final long SEND_EVERY = 60_000L;
    private static final long BOUNCE_AFTER = 1_000L;
    private static final String MAILBOX = "simulated@evaluate.invalid";

    private final MailboxRules rules;
    private final RuleSettings settings;
    private final int mailboxes;
    private final int sends;
    private final long seed;
    private final String[] sendIds;
    private final String[] bounceIds;

    /**
     * @param settings the rule settings to simulate
     * @param mailboxes mailboxes per rate, at least 1
     * @param sends sends per mailbox, from 1 to {@link #MAX_SENDS}
     * @param seed the seed of every mailbox's bounces
     */
    public BounceRateSimulation(RuleSettings settings, int mailboxes, int sends, long seed) {
        if (mailboxes < 1) {
            throw new IllegalArgumentException("mailboxes must be at least 1");
        }
        if (sends < 1 || sends > MAX_SENDS) {
            throw new IllegalArgumentException("sends must be from 1 to " + MAX_SENDS);
        }
        this.rules = new MailboxRules(settings);
        this.settings = settings;
        this.mailboxes = mailboxes;
        this.sends = sends;
        this.seed = seed;
        // Unique ids, so that no event is taken for a duplicate of another.
        this.sendIds = new String[sends];
        this.bounceIds = new String[sends];
        for (int i = 0; i < sends; i++) {
            sendIds[i] = "s-" + i;
            bounceIds[i] = "b-" + i;
        }
    }

    /** Simulates every mailbox at a bounce rate above 0 and at most 1. */
    public RateOutcome run(double rate) {
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate must be above 0 and at most 1: " + rate);
        }
        SplittableRandom streams = new SplittableRandom(seed);
        int[] sendsToPause = new int[mailboxes];
        int paused = 0;
        long simulated = 0;
        for (int m = 0; m < mailboxes; m++) {
            int made = sendsToFirstPause(rate, streams.split());
            if (made > 0) {
                sendsToPause[paused++] = made;
                simulated += made;
            } else {
                simulated += sends;
            }
        }
        return new RateOutcome(
                rate, mailboxes, sends, paused, lowerMedian(sendsToPause, paused), simulated);
    }

    /** The sends a mailbox makes up to its first pause, or 0 if it makes them all unpaused. */
    private int sendsToFirstPause(double rate, SplittableRandom random) {
        MailboxState state = MailboxState.fresh(settings);
        for (int i = 0; i < sends; i++) {
            long at = START + i * SEND_EVERY;
            state =
                    rules.onEvent(state, new MailboxEvent.Send(sendIds[i], MAILBOX, at), at)
                            .state();
            if (state.status() == Status.PAUSED) {
                return i + 1;
            }
            if (random.nextDouble() < rate) {
                long bouncedAt = at + BOUNCE_AFTER;
                MailboxEvent bounce =
                        new MailboxEvent.Bounce(bounceIds[i], MAILBOX, bouncedAt, BounceType.HARD);
                state = rules.onEvent(state, bounce, bouncedAt).state();
                if (state.status() == Status.PAUSED) {
                    return i + 1;
                }
            }
        }
        return 0;
    }

    /** The lower median of the first {@code count} values; empty when there are none. */
    static OptionalInt lowerMedian(int[] values, int count) {
        if (count == 0) {
            return OptionalInt.empty();
        }
        int[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return OptionalInt.of(sorted[(count - 1) / 2]);
    }
}
