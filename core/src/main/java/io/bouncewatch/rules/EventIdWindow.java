package io.bouncewatch.rules;

import java.util.Objects;

/**
 * The event ids of one kind a mailbox saw within a time window, each with the time it was first
 * seen: a repeat is a duplicate while it comes within the window of that first time, however many
 * other ids came in between. Ids are kept as 64-bit fingerprints ({@link
 * RecentEventIds#fingerprint}) in first-seen order; an id older than the window is dropped at the
 * next {@link #with} or {@link #expire}, so memory follows the events of the window. Above {@link
 * #MAX_IDS}, a safety cap far above any real window, the oldest are dropped first.
 *
 * <p>Times never go back: an id is stamped with the latest time the window has seen if the given
 * time is earlier (a wall clock set back, an out-of-order replay), which keeps the stamps in order
 * and the decision the same whichever clock drives it.
 *
 * <p>Immutable to its users, but {@link #with} costs O(1), not a copy: the newest window of a log
 * appends to the arrays it shares with the windows before it, which never look past their own end.
 * Only adding to an older window, or a full log, copies the live ids (amortised O(1) per id).
 */
public final class EventIdWindow {

    /**
     * Ids kept per mailbox and kind at most: a mailbox sending one message a second holds 3,600
     * send ids in the default hour; the cap is eight times that, and keeps a stored mailbox well
     * under the 1 MiB a Kafka record may have.
     */
    public static final int MAX_IDS = 30_000;

    // A log of up to this many entries (some 64 live ids, as a copy leaves room to double) is
    // scanned: contiguous in memory, that beats a hash lookup, which touches the table and then
    // the entry.
    private static final int SCAN_LIMIT = 128;

    public static final EventIdWindow EMPTY = new EventIdWindow(new Log(0), 0, 0);

    /** The arrays shared by the windows built from one another, appended to at {@code length}. */
    private static final class Log {
        // Fingerprint and first-seen time of each id side by side: one cache line holds both.
        final long[] entries;
        // Positions + 1 by fingerprint hash, open addressing; 0 is free. Null while the log is
        // small enough to scan.
        final int[] table;
        int length;

        Log(int capacity) {
            entries = new long[2 * capacity];
            table = capacity > SCAN_LIMIT ? new int[Integer.highestOneBit(capacity) << 2] : null;
        }

        int capacity() {
            return entries.length / 2;
        }

        long fingerprint(int i) {
            return entries[2 * i];
        }

        long firstSeen(int i) {
            return entries[2 * i + 1];
        }

        void append(long fingerprint, long at) {
            entries[2 * length] = fingerprint;
            entries[2 * length + 1] = at;
            if (table != null) {
                int mask = table.length - 1;
                int slot = slot(fingerprint, mask);
                while (table[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = length + 1;
            }
            length++;
        }
    }

    private final Log log;
    private final int start;
    private final int end;
    // The first-seen times of the oldest and newest id (0 when empty), kept here so that the
    // checks of every event need not reach into the log.
    private final long oldest;
    private final long newest;

    private EventIdWindow(Log log, int start, int end) {
        this.log = log;
        this.start = start;
        this.end = end;
        this.oldest = end > start ? log.firstSeen(start) : 0;
        this.newest = end > start ? log.firstSeen(end - 1) : 0;
    }

    /**
     * Rebuilds a window from stored ids, oldest first.
     *
     * @param fingerprints the ids' fingerprints
     * @param firstSeen when each was first seen, epoch millis, in order
     */
    public static EventIdWindow of(long[] fingerprints, long[] firstSeen) {
        if (fingerprints.length != firstSeen.length) {
            throw new IllegalArgumentException("one first-seen time per fingerprint");
        }
        int n = fingerprints.length;
        if (n == 0) {
            return EMPTY;
        }
        // Room to grow by a quarter before the first copy: a mailbox read from the store is
        // usually read because it has events coming.
        Log log = new Log(n + n / 4 + 4);
        for (int i = 0; i < n; i++) {
            if (i > 0 && firstSeen[i] < firstSeen[i - 1]) {
                throw new IllegalArgumentException("first-seen times out of order");
            }
            log.append(fingerprints[i], firstSeen[i]);
        }
        return new EventIdWindow(log, 0, n);
    }

    /** Whether {@code eventId} was first seen less than {@code windowMillis} before {@code now}. */
    public boolean contains(String eventId, long now, long windowMillis) {
        return containsFingerprint(RecentEventIds.fingerprint(eventId), now, windowMillis);
    }

    /**
     * {@link #contains} for an id's {@link RecentEventIds#fingerprint}, which a caller that both
     * checks and adds an id computes once.
     */
    boolean containsFingerprint(long fingerprint, long now, long windowMillis) {
        if (end == start) {
            return false;
        }
        long after = Math.max(now, newest) - windowMillis;
        if (log.table == null) {
            long[] entries = log.entries;
            for (int i = 2 * start; i < 2 * end; i += 2) {
                if (entries[i] == fingerprint && entries[i + 1] > after) {
                    return true;
                }
            }
            return false;
        }
        int mask = log.table.length - 1;
        for (int slot = slot(fingerprint, mask); log.table[slot] != 0; slot = (slot + 1) & mask) {
            int i = log.table[slot] - 1;
            if (i >= start
                    && i < end
                    && log.fingerprint(i) == fingerprint
                    && log.firstSeen(i) > after) {
                return true;
            }
        }
        return false;
    }

    /**
     * The window with {@code eventId} first seen at {@code now}, and without the ids first seen
     * {@code windowMillis} or more before it. The caller has checked that it is not a duplicate.
     */
    public EventIdWindow with(String eventId, long now, long windowMillis) {
        return withFingerprint(RecentEventIds.fingerprint(eventId), now, windowMillis);
    }

    /** {@link #with} for an id's {@link RecentEventIds#fingerprint}. */
    EventIdWindow withFingerprint(long fingerprint, long now, long windowMillis) {
        long at = Math.max(now, newest);
        EventIdWindow kept = expire(at, windowMillis);
        int from = kept.end - kept.start >= MAX_IDS ? kept.end - MAX_IDS + 1 : kept.start;
        Log target = kept.log;
        if (kept.end != target.length || kept.end == target.capacity()) {
            target = kept.copy(from);
            from = 0;
        }
        target.append(fingerprint, at);
        return new EventIdWindow(target, from, target.length);
    }

    /** The window without the ids first seen {@code windowMillis} or more before {@code now}. */
    public EventIdWindow expire(long now, long windowMillis) {
        long cutoff = Math.max(now, newest) - windowMillis;
        if (end == start || oldest > cutoff) {
            return this;
        }
        int from = start;
        while (from < end && log.firstSeen(from) <= cutoff) {
            from++;
        }
        return from == end ? EMPTY : new EventIdWindow(log, from, end);
    }

    /** The live ids from {@code from} in a log of their own, with room to double. */
    private Log copy(int from) {
        int live = end - from;
        Log copy = new Log(Math.max(8, 2 * (live + 1)));
        for (int i = from; i < end; i++) {
            copy.append(log.fingerprint(i), log.firstSeen(i));
        }
        return copy;
    }

    public int size() {
        return end - start;
    }

    /** The fingerprint of the {@code i}-th id, oldest first. */
    public long fingerprint(int i) {
        return log.fingerprint(start + checkIndex(i));
    }

    /** When the {@code i}-th id, oldest first, was first seen, epoch millis. */
    public long firstSeen(int i) {
        return log.firstSeen(start + checkIndex(i));
    }

    private int checkIndex(int i) {
        return Objects.checkIndex(i, size());
    }

    private static int slot(long fingerprint, int mask) {
        // Fingerprints are already mixed: their low bits are as good as any.
        return (int) fingerprint & mask;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EventIdWindow other) || other.size() != size()) {
            return false;
        }
        for (int i = 0; i < size(); i++) {
            if (other.fingerprint(i) != fingerprint(i) || other.firstSeen(i) != firstSeen(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < size(); i++) {
            h = 31 * (31 * h + Long.hashCode(fingerprint(i))) + Long.hashCode(firstSeen(i));
        }
        return h;
    }

    @Override
    public String toString() {
        return "EventIdWindow[" + size() + " ids]";
    }
}
