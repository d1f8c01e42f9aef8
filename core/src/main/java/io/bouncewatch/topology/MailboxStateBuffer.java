package io.bouncewatch.topology;

import io.bouncewatch.rules.MailboxState;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One task's mailbox states in front of their store: read through, written behind. A busy mailbox
 * is read from memory, not from RocksDB, and however many events it gets between two commits, its
 * state reaches RocksDB and the changelog once, in one batch, when {@link #flush} runs before the
 * commit. Kafka Streams' own record cache does the same for bytes in a sorted map; this one keeps
 * the decoded states in a hash map, which costs a fraction of that per event.
 *
 * <p>The entries of the deadline index (cooldowns, routes) that the states need travel with them:
 * they are held here too and written by the same flush, right after the states, never before. An
 * index entry written or deleted ahead of its state would, after a crash under at-least-once,
 * describe a state the store never got.
 *
 * <p>Not thread-safe: only the task's stream thread touches it. Queries read the store, which holds
 * every state as of the last flush.
 */
final class MailboxStateBuffer {

    /** Receives every mailbox written by a flush: its address and state, null once removed. */
    interface Written {
        void accept(String mailbox, MailboxState state);
    }

    private static final class Slot {
        final String mailbox;
        MailboxState state;
        boolean dirty;

        Slot(String mailbox, MailboxState state) {
            this.mailbox = mailbox;
            this.state = state;
        }
    }

    private static final byte[] INDEXED = new byte[0];

    private final KeyValueStore<String, MailboxState> store;
    private final KeyValueStore<Bytes, byte[]> index;
    private final int capacity;
    // Index writes since the last flush, the latest per key: true puts the key, false deletes it.
    private final LinkedHashMap<Bytes, Boolean> indexWrites = new LinkedHashMap<>();
    private final List<Slot> dirty = new ArrayList<>();
    // In insertion order: the oldest are evicted first. Cheaper than access order, which moves an
    // entry on every read, and as good for mailboxes that keep sending.
    private final LinkedHashMap<String, Slot> slots = new LinkedHashMap<>();

    /**
     * @param store the changelogged store behind the buffer, keyed by {@link MailboxStoreKey}
     * @param index the index of the states' deadlines, written with them
     * @param capacity states kept in memory once flushed, the longest held evicted first; the
     *     states written since the last flush are kept whatever their number
     */
    MailboxStateBuffer(
            KeyValueStore<String, MailboxState> store,
            KeyValueStore<Bytes, byte[]> index,
            int capacity) {
        this.store = Objects.requireNonNull(store, "store");
        this.index = Objects.requireNonNull(index, "index");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    /** The state of {@code mailbox}, or null for a mailbox never seen (or removed). */
    MailboxState get(String mailbox) {
        Slot slot = slots.get(mailbox);
        if (slot != null) {
            return slot.state;
        }
        MailboxState stored = store.get(MailboxStoreKey.of(mailbox));
        if (stored != null) {
            slots.put(mailbox, new Slot(mailbox, stored));
        }
        return stored;
    }

    /** Keeps {@code state} as the state of {@code mailbox}; null removes the mailbox. */
    void put(String mailbox, MailboxState state) {
        Slot slot = slots.get(mailbox);
        if (slot == null) {
            slot = new Slot(mailbox, state);
            slots.put(mailbox, slot);
        }
        slot.state = state;
        if (!slot.dirty) {
            slot.dirty = true;
            dirty.add(slot);
        }
    }

    /** Adds {@code key} to the index with the next flush. */
    void index(Bytes key) {
        indexWrites.put(key, true);
    }

    /** Removes {@code key} from the index with the next flush. */
    void unindex(Bytes key) {
        indexWrites.put(key, false);
    }

    /**
     * Whether {@code key}, still in the index store, is to be removed from it with the next flush.
     */
    boolean unindexed(Bytes key) {
        return Boolean.FALSE.equals(indexWrites.get(key));
    }

    boolean hasWrites() {
        return !dirty.isEmpty() || !indexWrites.isEmpty();
    }

    /**
     * Writes every state changed since the last flush to the store in one batch, then the index
     * entries they need, then hands each state to {@code written}, in the order they were first
     * changed.
     */
    void flush(Written written) {
        if (!hasWrites()) {
            return;
        }
        List<KeyValue<String, MailboxState>> batch = new ArrayList<>(dirty.size());
        for (Slot slot : dirty) {
            batch.add(KeyValue.pair(MailboxStoreKey.of(slot.mailbox), slot.state));
        }
        store.putAll(batch);
        indexWrites.forEach((key, put) -> index.put(key, put ? INDEXED : null));
        indexWrites.clear();
        for (Slot slot : dirty) {
            slot.dirty = false;
            if (slot.state == null) {
                slots.remove(slot.mailbox);
            }
            written.accept(slot.mailbox, slot.state);
        }
        dirty.clear();
        evictOverCapacity();
    }

    private void evictOverCapacity() {
        Iterator<Slot> it = slots.values().iterator();
        while (slots.size() > capacity && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
