package io.bouncewatch.whatif;

import java.util.OptionalInt;

/**
 * What one bounce rate did to the simulated mailboxes under one set of rule settings.
 *
 * @param rate the probability that a send bounces
 * @param mailboxes mailboxes simulated
 * @param sends sends each mailbox makes unless it is paused first
 * @param paused mailboxes paused at least once within {@code sends} sends
 * @param medianSendsToPause of the paused ones, the median of the sends made up to their first
 *     pause (of an even count, the lower of the two middle values, so it is a count one of them
 *     really made); empty when none was paused
 * @param sendsSimulated sends made in all, fewer than {@code mailboxes * sends} when some paused
 */
public record RateOutcome(
        double rate,
        int mailboxes,
        int sends,
        int paused,
        OptionalInt medianSendsToPause,
        long sendsSimulated) {

    /** The share of the mailboxes paused at least once, from 0 to 1. */
    public double pausedShare() {
        return (double) paused / mailboxes;
    }
}
