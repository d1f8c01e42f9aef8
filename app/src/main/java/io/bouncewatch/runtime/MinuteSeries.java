package io.bouncewatch.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One instance's minutes: what it counted in each of the last {@link #CAPACITY} minutes of the wall
 * clock, in a ring indexed by the minute, and the sum of several instances' minutes. A minute
 * nobody recorded is null.
 */
final class MinuteSeries {

    /** A day of minutes. */
    static final int CAPACITY = 1440;

    /** Mailboxes or domains by status at the end of a minute. */
    record ByStatus(long healthy, long warning, long paused) {

        ByStatus plus(ByStatus other) {
            return new ByStatus(
                    healthy + other.healthy, warning + other.warning, paused + other.paused);
        }
    }

    /**
     * What was counted in one minute.
     *
     * @param records input records processed
     * @param countedBounces the bounces that counted toward a mailbox's bounce rate
     * @param mailboxes by status at the end of the minute; null when the stores did not answer
     * @param domains the same for the domains
     */
    record Minute(
            long records,
            long sends,
            long bounces,
            long countedBounces,
            long statusChanges,
            long deadLetters,
            ByStatus mailboxes,
            ByStatus domains) {

        /** This minute with what was counted later in it: counts added, the later status kept. */
        Minute then(Minute later) {
            return new Minute(
                    records + later.records,
                    sends + later.sends,
                    bounces + later.bounces,
                    countedBounces + later.countedBounces,
                    statusChanges + later.statusChanges,
                    deadLetters + later.deadLetters,
                    later.mailboxes != null ? later.mailboxes : mailboxes,
                    later.domains != null ? later.domains : domains);
        }

        /** The same minute of two instances, which hold disjoint mailboxes: everything added. */
        Minute plus(Minute other) {
            return new Minute(
                    records + other.records,
                    sends + other.sends,
                    bounces + other.bounces,
                    countedBounces + other.countedBounces,
                    statusChanges + other.statusChanges,
                    deadLetters + other.deadLetters,
                    sum(mailboxes, other.mailboxes),
                    sum(domains, other.domains));
        }

        private static ByStatus sum(ByStatus a, ByStatus b) {
            if (a == null) {
                return b;
            }
            return b == null ? a : a.plus(b);
        }
    }

    /** A minute and its start, in minutes since the epoch. */
    record Stamped(long minute, Minute value) {}

    private final long[] stamps = new long[CAPACITY];
    private final Minute[] values = new Minute[CAPACITY];

    MinuteSeries() {
        Arrays.fill(stamps, Long.MIN_VALUE);
    }

    /** A ring holding {@code minutes}, as {@link #stamped()} gave them. */
    static MinuteSeries of(Collection<Stamped> minutes) {
        MinuteSeries series = new MinuteSeries();
        minutes.forEach(m -> series.record(m.minute(), m.value()));
        return series;
    }

    /**
     * Adds what was counted in {@code minute} to what that minute already holds; a minute a day
     * older in its slot is overwritten.
     */
    synchronized void record(long minute, Minute counted) {
        int slot = slot(minute);
        if (stamps[slot] == minute) {
            values[slot] = values[slot].then(counted);
        } else if (stamps[slot] < minute) {
            stamps[slot] = minute;
            values[slot] = counted;
        }
    }

    /**
     * The {@code count} minutes ending with {@code last}, oldest first; null for a minute not
     * recorded.
     */
    synchronized Minute[] last(long last, int count) {
        Minute[] out = new Minute[count];
        for (int i = 0; i < count; i++) {
            long minute = last - count + 1 + i;
            int slot = slot(minute);
            out[i] = stamps[slot] == minute ? values[slot] : null;
        }
        return out;
    }

    /** Every minute held, oldest first. */
    synchronized List<Stamped> stamped() {
        List<Stamped> out = new ArrayList<>();
        for (int slot = 0; slot < CAPACITY; slot++) {
            if (values[slot] != null) {
                out.add(new Stamped(stamps[slot], values[slot]));
            }
        }
        out.sort((a, b) -> Long.compare(a.minute(), b.minute()));
        return out;
    }

    /**
     * The sum of several instances' minutes, each given by minute, over the {@code count} minutes
     * ending with {@code last}: null for a minute no instance recorded.
     */
    static Minute[] sum(long last, int count, List<Map<Long, Minute>> instances) {
        Minute[] out = new Minute[count];
        for (int i = 0; i < count; i++) {
            long minute = last - count + 1 + i;
            for (Map<Long, Minute> instance : instances) {
                Minute value = instance.get(minute);
                if (value != null) {
                    out[i] = out[i] == null ? value : out[i].plus(value);
                }
            }
        }
        return out;
    }

    private static int slot(long minute) {
        return (int) Math.floorMod(minute, (long) CAPACITY);
    }
}
