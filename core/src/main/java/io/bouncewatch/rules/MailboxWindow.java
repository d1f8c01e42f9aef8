package io.bouncewatch.rules;

/**
 * The sliding window of one mailbox: sends, counted bounces and complaints since the window last
 * slid, with a share of every earlier window carried over. A slide multiplies every counter by the
 * retain fraction exactly, so the counters are decimals, held here as fixed-point millionths
 * ({@link #UNIT} per event): 100 sends and 5 bounces slide to exactly 50 and 2.5.
 *
 * @param sends window sends, in millionths
 * @param bounces window bounces that count, in millionths
 * @param complaints window complaints, in millionths
 */
public record MailboxWindow(long sends, long bounces, long complaints) {

    /** One event in fixed-point millionths. */
    public static final long UNIT = 1_000_000L;

    /**
     * Counters saturate at a million events, which no real window reaches (sends slide long
     * before); the cap keeps every product of the rate comparisons inside a long.
     */
    public static final long MAX_UNITS = 1_000_000L * UNIT;

    public static final MailboxWindow EMPTY = new MailboxWindow(0, 0, 0);

    public MailboxWindow {
        if (sends < 0 || bounces < 0 || complaints < 0) {
            throw new IllegalArgumentException("window counters cannot be negative");
        }
        if (sends > MAX_UNITS || bounces > MAX_UNITS || complaints > MAX_UNITS) {
            throw new IllegalArgumentException("window counters cannot exceed " + MAX_UNITS);
        }
    }

    /** A window holding whole event counts, for tests and examples. */
    public static MailboxWindow of(double sends, double bounces, double complaints) {
        return new MailboxWindow(toUnits(sends), toUnits(bounces), toUnits(complaints));
    }

    public static long toUnits(double count) {
        return Math.round(count * UNIT);
    }

    public static double toCount(long units) {
        return units / (double) UNIT;
    }

    public MailboxWindow plusSend() {
        return new MailboxWindow(plusOne(sends), bounces, complaints);
    }

    public MailboxWindow plusBounce() {
        return new MailboxWindow(sends, plusOne(bounces), complaints);
    }

    public MailboxWindow plusComplaint() {
        return new MailboxWindow(sends, bounces, plusOne(complaints));
    }

    /** Keeps {@code retainUnits} millionths of every counter, rounding down to the millionth. */
    public MailboxWindow slide(long retainUnits) {
        return new MailboxWindow(
                scale(sends, retainUnits),
                scale(bounces, retainUnits),
                scale(complaints, retainUnits));
    }

    private static long plusOne(long units) {
        return Math.min(units + UNIT, MAX_UNITS);
    }

    private static long scale(long value, long retainUnits) {
        return value * retainUnits / UNIT;
    }

    public double sendCount() {
        return toCount(sends);
    }

    public double bounceCount() {
        return toCount(bounces);
    }

    public double complaintCount() {
        return toCount(complaints);
    }

    /** Bounces per send in the window; 0 while the window has no sends. */
    public double bounceRate() {
        return sends == 0 ? 0 : (double) bounces / sends;
    }

    /**
     * Whether bounces / sends reaches {@code ratePpm} parts per million ({@code ratePpm <= UNIT}),
     * in integers.
     */
    public boolean bounceRateAtLeast(long ratePpm) {
        return sends > 0 && bounces * UNIT >= ratePpm * sends;
    }
}
