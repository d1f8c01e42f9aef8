package io.bouncewatch.topology;

import java.util.ArrayList;
import java.util.List;

/**
 * A bounded list of encoded history entries, newest first, as one stored value: a version byte,
 * then each entry as its time (a varint of epoch milliseconds), its length and its bytes. Adding an
 * entry writes it in front and copies the kept ones as they are, without decoding them; the oldest
 * past the cap are dropped.
 */
final class HistoryLog {

    private static final int V1 = 1;

    /** One entry: when it happened, and its bytes as the caller encoded them. */
    record Entry(long at, byte[] bytes) {}

    private HistoryLog() {}

    /** The log with {@code entry} as its newest, at most {@code cap} entries. */
    static byte[] add(byte[] log, long at, byte[] entry, int cap) {
        return prepend(log, at, entry, cap, false);
    }

    /**
     * The log with {@code entry} as its newest, replacing the newest if that one is in the same
     * slot of {@code slotMillis} (the latest of a slot wins), at most {@code cap} entries.
     */
    static byte[] addInSlot(byte[] log, long at, long slotMillis, byte[] entry, int cap) {
        boolean replace = false;
        if (log != null && log.length > 1) {
            CompactCodec.Reader r = reader(log);
            replace = Math.floorDiv(r.readVarLong(), slotMillis) == Math.floorDiv(at, slotMillis);
        }
        return prepend(log, at, entry, cap, replace);
    }

    /** The entries, newest first; none for a null log. */
    static List<Entry> entries(byte[] log) {
        List<Entry> out = new ArrayList<>();
        if (log == null) {
            return out;
        }
        CompactCodec.Reader r = reader(log);
        while (!r.atEnd()) {
            long at = r.readVarLong();
            int length = r.readVarInt();
            int start = r.position();
            r.skip(length);
            byte[] bytes = new byte[length];
            System.arraycopy(log, start, bytes, 0, length);
            out.add(new Entry(at, bytes));
        }
        return out;
    }

    private static byte[] prepend(
            byte[] log, long at, byte[] entry, int cap, boolean replaceNewest) {
        CompactCodec.Writer w =
                new CompactCodec.Writer(entry.length + 16 + (log == null ? 0 : log.length))
                        .writeByte(V1)
                        .writeVarLong(at)
                        .writeVarLong(entry.length)
                        .writeBytes(entry, 0, entry.length);
        if (log == null) {
            return w.toByteArray();
        }
        CompactCodec.Reader r = reader(log);
        int kept = 1;
        int start = r.position();
        int skip = replaceNewest ? 1 : 0;
        while (!r.atEnd() && kept < cap) {
            r.readVarLong();
            r.skip(r.readVarInt());
            if (skip > 0) {
                skip--;
                start = r.position();
            } else {
                kept++;
            }
        }
        return w.writeBytes(log, start, r.position() - start).toByteArray();
    }

    private static CompactCodec.Reader reader(byte[] log) {
        CompactCodec.Reader r = new CompactCodec.Reader(log);
        int version = r.readByte();
        if (version != V1) {
            throw new IllegalArgumentException("unknown history version " + version);
        }
        return r;
    }
}
