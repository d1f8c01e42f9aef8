package io.bouncewatch.rules;

import java.util.Arrays;
import java.util.Objects;

/**
 * A domain's recent config failures (docs/rules.md §6): the times of the latest ones that lie
 * within the window before the newest, at most as many as it takes to pause, each with the
 * fingerprint of its mailbox and event id so that a repeat counts once; the config verdict they
 * reached, which only rises until the cooldown ends it; and when the last one arrived, on the
 * monitor's clock, from which that cooldown runs.
 */
public final class ConfigFailures {

    /** The most failures a domain keeps, and so the highest config threshold. */
    public static final int MAX_KEPT = 1000;

    /** No failure: the state of a domain that has none, or whose cooldown ended. */
    public static final ConfigFailures NONE =
            new ConfigFailures(new long[0], new long[0], Status.HEALTHY, 0);

    private final long[] times;
    private final long[] fingerprints;
    private final Status verdict;
    private final long lastArrivedAt;

    private ConfigFailures(long[] times, long[] fingerprints, Status verdict, long lastArrivedAt) {
        this.times = times;
        this.fingerprints = fingerprints;
        this.verdict = verdict;
        this.lastArrivedAt = lastArrivedAt;
    }

    /**
     * Rebuilds stored failures.
     *
     * @param times failure times, oldest first
     * @param fingerprints the failures' fingerprints, in the same order
     * @param verdict the status the failures called for
     * @param lastArrivedAt when the last one arrived (wall clock)
     */
    public static ConfigFailures of(
            long[] times, long[] fingerprints, Status verdict, long lastArrivedAt) {
        Objects.requireNonNull(verdict, "verdict");
        if (times.length != fingerprints.length) {
            throw new IllegalArgumentException(
                    times.length + " failure times but " + fingerprints.length + " fingerprints");
        }
        for (int i = 1; i < times.length; i++) {
            if (times[i] < times[i - 1]) {
                throw new IllegalArgumentException("failure times out of order");
            }
        }
        if (times.length == 0 && verdict == Status.HEALTHY) {
            return NONE;
        }
        return new ConfigFailures(times.clone(), fingerprints.clone(), verdict, lastArrivedAt);
    }

    /** Whether this failure (its mailbox and event id) is among the ones kept. */
    boolean contains(String mailbox, String eventId) {
        long fingerprint = fingerprint(mailbox, eventId);
        for (long f : fingerprints) {
            if (f == fingerprint) {
                return true;
            }
        }
        return false;
    }

    /**
     * With one more failure at {@code at}: the failures before the newest one's window drop out,
     * and only the latest {@code capacity} are kept, which is all a pause needs.
     */
    ConfigFailures with(
            String mailbox,
            String eventId,
            long at,
            long arrivedAt,
            long windowMillis,
            int capacity) {
        int insert = times.length;
        while (insert > 0 && times[insert - 1] > at) {
            insert--;
        }
        long[] t = new long[times.length + 1];
        long[] f = new long[times.length + 1];
        System.arraycopy(times, 0, t, 0, insert);
        System.arraycopy(fingerprints, 0, f, 0, insert);
        t[insert] = at;
        f[insert] = fingerprint(mailbox, eventId);
        System.arraycopy(times, insert, t, insert + 1, times.length - insert);
        System.arraycopy(fingerprints, insert, f, insert + 1, times.length - insert);
        long newest = t[t.length - 1];
        int from = Math.max(0, t.length - capacity);
        while (from < t.length && t[from] <= newest - windowMillis) {
            from++;
        }
        return new ConfigFailures(
                Arrays.copyOfRange(t, from, t.length),
                Arrays.copyOfRange(f, from, f.length),
                verdict,
                Math.max(lastArrivedAt, arrivedAt));
    }

    ConfigFailures withVerdict(Status status) {
        return new ConfigFailures(times, fingerprints, status, lastArrivedAt);
    }

    /** The failures counted: those within the window before the newest. */
    public int count() {
        return times.length;
    }

    /** The status the failures called for since the last one began; HEALTHY when none. */
    public Status verdict() {
        return verdict;
    }

    /** When the last failure arrived (wall clock); meaningless while there is none. */
    public long lastArrivedAt() {
        return lastArrivedAt;
    }

    /** Whether there is anything to forget when the cooldown ends. */
    public boolean any() {
        return times.length > 0 || verdict != Status.HEALTHY;
    }

    public long[] times() {
        return times.clone();
    }

    public long[] fingerprints() {
        return fingerprints.clone();
    }

    private static long fingerprint(String mailbox, String eventId) {
        return RecentEventIds.fingerprint(mailbox + '\n' + eventId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigFailures other
                && Arrays.equals(times, other.times)
                && Arrays.equals(fingerprints, other.fingerprints)
                && verdict == other.verdict
                && lastArrivedAt == other.lastArrivedAt;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                Arrays.hashCode(times), Arrays.hashCode(fingerprints), verdict, lastArrivedAt);
    }

    @Override
    public String toString() {
        return "ConfigFailures"
                + Arrays.toString(times)
                + " "
                + verdict
                + " last arrived "
                + lastArrivedAt;
    }
}
