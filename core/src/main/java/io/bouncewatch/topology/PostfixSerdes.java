package io.bouncewatch.topology;

import io.bouncewatch.ingest.PostfixLine;
import io.bouncewatch.ingest.PostfixQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The bytes of the Postfix join: the lines on their way to their queue id's partition (version 1 in
 * their first byte) and the state kept per queue id (version 2: version 1 and the deferred
 * recipients; version 1 is still read, as a state without any).
 */
final class PostfixSerdes {

    private static final int V1 = 1;
    private static final int V2 = 2;

    private static final int SENDER = 1;
    private static final int OUTCOME = 2;
    private static final int REMOVED = 3;
    private static final int EXPIRED = 4;

    private static final int SENDER_KNOWN = 1;
    private static final int GONE = 2;

    private PostfixSerdes() {}

    static Serde<Inbound.PostfixLog> line() {
        return serde(
                log -> writeLine(log.line()), bytes -> new Inbound.PostfixLog(readLine(bytes)));
    }

    static Serde<PostfixQueue> queue() {
        return serde(PostfixSerdes::writeQueue, PostfixSerdes::readQueue);
    }

    private static byte[] writeLine(PostfixLine line) {
        CompactCodec.Writer w = new CompactCodec.Writer(64).writeByte(V1);
        writeLine(w, line);
        return w.toByteArray();
    }

    private static void writeLine(CompactCodec.Writer w, PostfixLine line) {
        if (line instanceof PostfixLine.Sender s) {
            w.writeByte(SENDER)
                    .writeNullableString(s.host())
                    .writeString(s.queueId())
                    .writeNullableString(s.mailbox())
                    .writeVarLong(s.recipients());
        } else if (line instanceof PostfixLine.Outcome o) {
            w.writeByte(OUTCOME)
                    .writeNullableString(o.host())
                    .writeString(o.queueId())
                    .writeString(o.recipient())
                    .writeString(o.status())
                    .writeNullableString(o.dsn())
                    .writeNullableString(o.relay())
                    .writeNullableString(o.reply());
        } else if (line instanceof PostfixLine.Expired e) {
            w.writeByte(EXPIRED)
                    .writeNullableString(e.host())
                    .writeString(e.queueId())
                    .writeNullableString(e.mailbox());
        } else {
            w.writeByte(REMOVED).writeNullableString(line.host()).writeString(line.queueId());
        }
    }

    private static PostfixLine readLine(byte[] bytes) {
        CompactCodec.Reader r = new CompactCodec.Reader(bytes);
        if (version(r) != V1) {
            throw new IllegalStateException("unknown Postfix line format version");
        }
        return readLine(r);
    }

    private static PostfixLine readLine(CompactCodec.Reader r) {
        int kind = r.readByte();
        String host = r.readNullableString();
        String queueId = r.readString();
        return switch (kind) {
            case SENDER ->
                    new PostfixLine.Sender(host, queueId, r.readNullableString(), r.readVarInt());
            case OUTCOME ->
                    new PostfixLine.Outcome(
                            host,
                            queueId,
                            r.readString(),
                            r.readString(),
                            r.readNullableString(),
                            r.readNullableString(),
                            r.readNullableString());
            case REMOVED -> new PostfixLine.Removed(host, queueId);
            case EXPIRED -> new PostfixLine.Expired(host, queueId, r.readNullableString());
            default -> throw new IllegalStateException("unknown Postfix line kind " + kind);
        };
    }

    private static byte[] writeQueue(PostfixQueue q) {
        CompactCodec.Writer w =
                new CompactCodec.Writer(64)
                        .writeByte(V2)
                        .writeByte((q.senderKnown() ? SENDER_KNOWN : 0) | (q.removed() ? GONE : 0))
                        .writeNullableString(q.mailbox())
                        .writeVarLong(q.recipients())
                        .writeVarLong(q.finals())
                        .writeFixedLong(q.lastSeen())
                        .writeVarLong(q.sent().size());
        q.sent().forEach(w::writeString);
        w.writeVarLong(q.pending().size());
        for (PostfixQueue.Pending p : q.pending()) {
            writeLine(w, p.outcome());
            w.writeFixedLong(p.at());
        }
        w.writeVarLong(q.deferred().size());
        q.deferred().forEach(o -> writeLine(w, o));
        return w.toByteArray();
    }

    private static PostfixQueue readQueue(byte[] bytes) {
        CompactCodec.Reader r = new CompactCodec.Reader(bytes);
        int version = version(r);
        int flags = r.readByte();
        String mailbox = r.readNullableString();
        int recipients = r.readVarInt();
        int finals = r.readVarInt();
        long lastSeen = r.readFixedLong();
        int sentCount = r.readVarInt();
        List<String> sent = new ArrayList<>(sentCount);
        for (int i = 0; i < sentCount; i++) {
            sent.add(r.readString());
        }
        int pendingCount = r.readVarInt();
        List<PostfixQueue.Pending> pending = new ArrayList<>(pendingCount);
        for (int i = 0; i < pendingCount; i++) {
            PostfixLine.Outcome outcome = (PostfixLine.Outcome) readLine(r);
            pending.add(new PostfixQueue.Pending(outcome, r.readFixedLong()));
        }
        List<PostfixLine.Outcome> deferred = new ArrayList<>();
        if (version >= V2) {
            int deferredCount = r.readVarInt();
            for (int i = 0; i < deferredCount; i++) {
                deferred.add((PostfixLine.Outcome) readLine(r));
            }
        }
        return new PostfixQueue(
                (flags & SENDER_KNOWN) != 0,
                mailbox,
                recipients,
                finals,
                (flags & GONE) != 0,
                lastSeen,
                sent,
                pending,
                deferred);
    }

    private static int version(CompactCodec.Reader r) {
        int version = r.readByte();
        if (version != V1 && version != V2) {
            throw new IllegalStateException("unknown Postfix join format version " + version);
        }
        return version;
    }

    private static <T> Serde<T> serde(Function<T, byte[]> write, Function<byte[], T> read) {
        return Serdes.serdeFrom(
                (topic, value) -> value == null ? null : write.apply(value),
                (topic, bytes) -> bytes == null ? null : read.apply(bytes));
    }
}
