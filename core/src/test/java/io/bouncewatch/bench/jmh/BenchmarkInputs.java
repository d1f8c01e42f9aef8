package io.bouncewatch.bench.jmh;

import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.MailboxRules;
import io.bouncewatch.rules.MailboxState;
import io.bouncewatch.rules.RuleSettings;
import java.time.Instant;

/**
 * The inputs the benchmarks share: one mailbox with a real history, built by playing events through
 * the rules the way the mailbox processor does, so its state is one the store really holds.
 */
final class BenchmarkInputs {

    static final String MAILBOX = "alice@acme.io";
    static final MailboxRules RULES = new MailboxRules(RuleSettings.DEFAULTS);

    /**
     * Sends played before the bounces: the window slides at 100 sends, to 50, so it holds 80 after
     * them.
     */
    static final int HISTORY_SENDS = 1_030;

    /** Bounces played after the sends: the last is HARD, so 1 counts in the window, and 7 SOFT. */
    static final int HISTORY_BOUNCES = 8;

    private static final long START = Instant.parse("2026-11-22T00:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;

    /** Time of the next event, one minute after the last one of the history. */
    static final long NOW = START + (HISTORY_SENDS + HISTORY_BOUNCES) * MINUTE;

    private BenchmarkInputs() {}

    /**
     * A HEALTHY mailbox in the middle of its window: 80 window sends and 1 HARD bounce (1.25%, one
     * bounce short of the rate warning), lifetime totals of 1,030 sends and 8 bounces, and the ids
     * of its last hour of sends (52, one a minute) and of its 8 bounces kept to drop duplicates.
     */
    static MailboxState midWindowMailbox() {
        MailboxState state = null;
        long at = START;
        for (int i = 0; i < HISTORY_SENDS; i++) {
            state = RULES.onEvent(state, new MailboxEvent.Send("s-" + i, MAILBOX, at), at).state();
            at += MINUTE;
        }
        for (int i = 0; i < HISTORY_BOUNCES; i++) {
            BounceType type = i == HISTORY_BOUNCES - 1 ? BounceType.HARD : BounceType.SOFT;
            state =
                    RULES.onEvent(state, new MailboxEvent.Bounce("b-" + i, MAILBOX, at, type), at)
                            .state();
            at += MINUTE;
        }
        return state;
    }

    /** A send not seen before. */
    static MailboxEvent.Send nextSend() {
        return new MailboxEvent.Send("s-" + HISTORY_SENDS, MAILBOX, NOW);
    }

    /** The second HARD bounce in the window (2.5%), which takes the mailbox to WARNING. */
    static MailboxEvent.Bounce nextHardBounce() {
        return new MailboxEvent.Bounce("b-" + HISTORY_BOUNCES, MAILBOX, NOW, BounceType.HARD);
    }
}
