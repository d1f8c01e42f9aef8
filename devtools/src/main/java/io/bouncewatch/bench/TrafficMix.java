package io.bouncewatch.bench;

import java.util.Objects;

/**
 * What the benchmark's traffic is made of.
 *
 * @param bounceRate share of a healthy mailbox's events that are bounces
 * @param badMailboxes share of mailboxes going bad
 * @param badBounceRate share of a bad mailbox's events that are bounces
 * @param bounces what the bounces mean: the share of each category
 * @param complaintRate share of a healthy mailbox's events that are spam complaints (four times
 *     more for bad ones)
 */
public record TrafficMix(
        double bounceRate,
        double badMailboxes,
        double badBounceRate,
        BounceMix bounces,
        double complaintRate) {

    public static final TrafficMix DEFAULT =
            new TrafficMix(0.01, 0.03, 0.12, BounceMix.DEFAULT, 0.0005);

    public TrafficMix {
        check("bounce-rate", bounceRate);
        check("bad-mailboxes", badMailboxes);
        check("bad-bounce-rate", badBounceRate);
        Objects.requireNonNull(bounces, "bounces");
        check("complaint-rate", complaintRate);
        if (bounceRate + 4 * complaintRate > 1 || badBounceRate + 4 * complaintRate > 1) {
            throw new IllegalArgumentException("bounce and complaint shares add up to more than 1");
        }
    }

    private static void check(String name, double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException(name + "=" + share + ": a share from 0 to 1");
        }
    }

    /** The same mix with bad mailboxes bouncing {@code rate} of the time. */
    TrafficMix withBadBounceRate(double rate) {
        return new TrafficMix(bounceRate, badMailboxes, rate, bounces, complaintRate);
    }
}
