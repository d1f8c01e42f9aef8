package io.bouncewatch.bench;

/**
 * What the benchmark's traffic is made of.
 *
 * @param bounceRate share of a healthy mailbox's events that are bounces
 * @param badMailboxes share of mailboxes going bad
 * @param badBounceRate share of a bad mailbox's events that are bounces
 * @param softShare share of bounces that are SOFT (totalled, not counted in the window)
 * @param complaintRate share of a healthy mailbox's events that are spam complaints (four times
 *     more for bad ones)
 */
public record TrafficMix(
        double bounceRate,
        double badMailboxes,
        double badBounceRate,
        double softShare,
        double complaintRate) {

    public static final TrafficMix DEFAULT = new TrafficMix(0.01, 0.03, 0.12, 0.3, 0.0005);

    public TrafficMix {
        check("bounce-rate", bounceRate);
        check("bad-mailboxes", badMailboxes);
        check("bad-bounce-rate", badBounceRate);
        check("soft-bounce-share", softShare);
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
        return new TrafficMix(bounceRate, badMailboxes, rate, softShare, complaintRate);
    }
}
