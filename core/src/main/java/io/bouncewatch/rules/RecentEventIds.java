package io.bouncewatch.rules;

import java.util.Arrays;

/**
 * The fingerprints of a mailbox's last few event ids of one kind, oldest overwritten first. It
 * catches what producers and bounce webhooks really repeat (retries, redeliveries) in a bounded
 * eight bytes per id, instead of an ever-growing set of every id ever seen.
 */
public final class RecentEventIds {

    private final long[] fingerprints;
    private final int next;
    private final int size;

    private RecentEventIds(long[] fingerprints, int next, int size) {
        this.fingerprints = fingerprints;
        this.next = next;
        this.size = size;
    }

    public static RecentEventIds empty(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        return new RecentEventIds(new long[capacity], 0, 0);
    }

    /**
     * Rebuilds the ring from stored fingerprints, oldest first, keeping at most {@code capacity}.
     */
    public static RecentEventIds of(int capacity, long... oldestFirst) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        // The ring that adding the fingerprints one by one would leave, built in one pass: this
        // runs on every store read, twice.
        long[] ring = new long[capacity];
        for (int i = Math.max(0, oldestFirst.length - capacity); i < oldestFirst.length; i++) {
            ring[i % capacity] = oldestFirst[i];
        }
        return new RecentEventIds(
                ring, oldestFirst.length % capacity, Math.min(oldestFirst.length, capacity));
    }

    public boolean contains(String eventId) {
        long fingerprint = fingerprint(eventId);
        for (int i = 0; i < size; i++) {
            if (fingerprints[i] == fingerprint) {
                return true;
            }
        }
        return false;
    }

    public RecentEventIds with(String eventId) {
        return withFingerprint(fingerprint(eventId));
    }

    private RecentEventIds withFingerprint(long fingerprint) {
        long[] copy = Arrays.copyOf(fingerprints, fingerprints.length);
        copy[next] = fingerprint;
        return new RecentEventIds(copy, (next + 1) % copy.length, Math.min(size + 1, copy.length));
    }

    public int capacity() {
        return fingerprints.length;
    }

    /** The remembered fingerprints, oldest first. */
    public long[] oldestFirst() {
        long[] out = new long[size];
        int start = size < fingerprints.length ? 0 : next;
        for (int i = 0; i < size; i++) {
            out[i] = fingerprints[(start + i) % fingerprints.length];
        }
        return out;
    }

    /** A 64-bit FNV-1a hash finished with a MurmurHash3 mix, so similar ids spread apart. */
    static long fingerprint(String eventId) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < eventId.length(); i++) {
            h ^= eventId.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecentEventIds other
                && other.capacity() == capacity()
                && Arrays.equals(other.oldestFirst(), oldestFirst());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(oldestFirst());
    }

    @Override
    public String toString() {
        return "RecentEventIds" + Arrays.toString(oldestFirst());
    }
}
