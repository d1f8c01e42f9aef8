package io.bouncewatch.topology;

import io.bouncewatch.payload.DomainHistory;
import io.bouncewatch.payload.MailboxHistory;
import io.bouncewatch.payload.PayloadWriter;
import io.bouncewatch.payload.StatusChange;
import io.bouncewatch.rules.BounceClass;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.DomainCounts;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.MailboxWindow;
import io.bouncewatch.rules.Provider;
import io.bouncewatch.rules.Status;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The {@code mailbox-history} and {@code domain-history} stores: each mailbox's and domain's recent
 * past as a few {@link HistoryLog}s, each under its own key (the mailbox's store key or the domain,
 * then a kind byte), so a bounce does not rewrite the status changes. Changes are kept as the JSON
 * of their record on {@code health.status-changes}, which the API serves as it is; bounces and
 * samples are encoded compactly, enums by their stable codes.
 */
public final class HistoryStores {

    /** Latest status changes kept per mailbox (its own and its routes') and per domain. */
    public static final int CHANGES = 50;

    /** Latest counted bounces kept per mailbox. */
    public static final int BOUNCES = 20;

    /** Window samples kept per mailbox: a day of ten-minute slots. */
    public static final int WINDOW_SAMPLES = 144;

    /** A mailbox's window is sampled at most once per slot of event time, and at each change. */
    public static final long WINDOW_SLOT_MILLIS = 10 * 60_000L;

    /** Ratio samples kept per domain: a day of minutes. */
    public static final int RATIO_SAMPLES = 1440;

    /** A domain's ratio is sampled at most once per minute, the latest of the minute kept. */
    public static final long RATIO_SLOT_MILLIS = 60_000L;

    /** Latest config failures kept per domain. */
    public static final int CONFIG_FAILURES = 20;

    /** Replies are kept cut to this many characters. */
    public static final int DIAGNOSTIC_LENGTH = 200;

    private static final long HUNDREDTHS = 100;

    private static final byte KIND_CHANGES = 1;
    private static final byte KIND_BOUNCES = 2;
    private static final byte KIND_WINDOW = 3;
    private static final byte KIND_RATIO = 4;
    private static final byte KIND_CONFIG_FAILURES = 5;

    private HistoryStores() {}

    // ---- writes, by the processors

    /** Keeps a change under its mailbox (a route's too) or its domain. */
    static void addChange(KeyValueStore<Bytes, byte[]> store, StatusChange change) {
        Bytes key = key(change.id(), change instanceof StatusChange.OfDomain, KIND_CHANGES);
        store.put(key, HistoryLog.add(store.get(key), change.at(), encode(change), CHANGES));
    }

    static void addBounce(KeyValueStore<Bytes, byte[]> store, MailboxEvent.Bounce bounce) {
        Bytes key = key(bounce.mailbox(), false, KIND_BOUNCES);
        store.put(key, HistoryLog.add(store.get(key), bounce.timestamp(), encode(bounce), BOUNCES));
    }

    static void addWindowSample(
            KeyValueStore<Bytes, byte[]> store,
            String mailbox,
            long at,
            MailboxWindow window,
            Status status) {
        Bytes key = key(mailbox, false, KIND_WINDOW);
        store.put(key, HistoryLog.add(store.get(key), at, encode(window, status), WINDOW_SAMPLES));
    }

    static void addRatioSample(
            KeyValueStore<Bytes, byte[]> store,
            String domain,
            long at,
            DomainCounts counts,
            Status status) {
        Bytes key = key(domain, true, KIND_RATIO);
        store.put(
                key,
                HistoryLog.addInSlot(
                        store.get(key),
                        at,
                        RATIO_SLOT_MILLIS,
                        encode(counts, status),
                        RATIO_SAMPLES));
    }

    static void addConfigFailure(
            KeyValueStore<Bytes, byte[]> store,
            String domain,
            String mailbox,
            String eventId,
            long at) {
        Bytes key = key(domain, true, KIND_CONFIG_FAILURES);
        byte[] entry =
                new CompactCodec.Writer(64).writeString(mailbox).writeString(eventId).toByteArray();
        store.put(key, HistoryLog.add(store.get(key), at, entry, CONFIG_FAILURES));
    }

    /** Forgets a removed mailbox's history. */
    static void removeMailbox(KeyValueStore<Bytes, byte[]> store, String mailbox) {
        for (byte kind : new byte[] {KIND_CHANGES, KIND_BOUNCES, KIND_WINDOW}) {
            store.delete(key(mailbox, false, kind));
        }
    }

    // ---- reads, by the queries

    /** The mailbox's history; null when the store holds none of it. */
    public static MailboxHistory mailbox(
            ReadOnlyKeyValueStore<Bytes, byte[]> store, String mailbox) {
        byte[] changes = store.get(key(mailbox, false, KIND_CHANGES));
        byte[] bounces = store.get(key(mailbox, false, KIND_BOUNCES));
        byte[] window = store.get(key(mailbox, false, KIND_WINDOW));
        if (changes == null && bounces == null && window == null) {
            return null;
        }
        List<MailboxHistory.Bounce> bounceList = new ArrayList<>();
        for (HistoryLog.Entry e : HistoryLog.entries(bounces)) {
            bounceList.add(decodeBounce(e.at(), e.bytes()));
        }
        List<MailboxHistory.Sample> samples = new ArrayList<>();
        for (HistoryLog.Entry e : HistoryLog.entries(window)) {
            CompactCodec.Reader r = new CompactCodec.Reader(e.bytes());
            samples.add(
                    new MailboxHistory.Sample(
                            e.at(),
                            r.readVarLong() / (double) HUNDREDTHS,
                            r.readVarLong() / (double) HUNDREDTHS,
                            Status.fromCode(r.readByte())));
        }
        Collections.reverse(samples);
        return new MailboxHistory(texts(changes), bounceList, samples);
    }

    /** The domain's history; null when the store holds none of it. */
    public static DomainHistory domain(ReadOnlyKeyValueStore<Bytes, byte[]> store, String domain) {
        byte[] changes = store.get(key(domain, true, KIND_CHANGES));
        byte[] ratio = store.get(key(domain, true, KIND_RATIO));
        byte[] failures = store.get(key(domain, true, KIND_CONFIG_FAILURES));
        if (changes == null && ratio == null && failures == null) {
            return null;
        }
        List<DomainHistory.RatioSample> samples = new ArrayList<>();
        for (HistoryLog.Entry e : HistoryLog.entries(ratio)) {
            CompactCodec.Reader r = new CompactCodec.Reader(e.bytes());
            samples.add(
                    new DomainHistory.RatioSample(
                            e.at(),
                            r.readVarLong(),
                            r.readVarLong(),
                            Status.fromCode(r.readByte())));
        }
        List<DomainHistory.ConfigFailure> failureList = new ArrayList<>();
        for (HistoryLog.Entry e : HistoryLog.entries(failures)) {
            CompactCodec.Reader r = new CompactCodec.Reader(e.bytes());
            failureList.add(
                    new DomainHistory.ConfigFailure(e.at(), r.readString(), r.readString()));
        }
        Collections.reverse(samples);
        return new DomainHistory(texts(changes), samples, failureList);
    }

    // ---- keys and entries

    /** A mailbox's key starts with its store key, so its entries sit beside its domain's others. */
    static Bytes key(String id, boolean domain, byte kind) {
        byte[] name = (domain ? id : MailboxStoreKey.of(id)).getBytes(StandardCharsets.UTF_8);
        byte[] key = Arrays.copyOf(name, name.length + 1);
        key[name.length] = kind;
        return Bytes.wrap(key);
    }

    static byte[] encode(StatusChange change) {
        return PayloadWriter.write(change);
    }

    static byte[] encode(MailboxEvent.Bounce bounce) {
        String reply = bounce.reply();
        return new CompactCodec.Writer(64 + (reply == null ? 0 : reply.length()))
                .writeString(bounce.eventId())
                .writeNullableString(bounce.recipient())
                .writeByte(bounce.category().code())
                .writeByte(bounce.classification().bounceClass().code())
                .writeByte(bounce.classification().provider().code())
                .writeNullableString(
                        reply == null || reply.length() <= DIAGNOSTIC_LENGTH
                                ? reply
                                : reply.substring(0, DIAGNOSTIC_LENGTH))
                .toByteArray();
    }

    /**
     * A window's counts in hundredths, as the API writes them: 60 sends take two bytes, not the
     * four of the rules' millionths, and a mailbox keeps up to 144 samples.
     */
    static byte[] encode(MailboxWindow window, Status status) {
        return new CompactCodec.Writer(12)
                .writeVarLong(Math.round(window.sendCount() * HUNDREDTHS))
                .writeVarLong(Math.round(window.bounceCount() * HUNDREDTHS))
                .writeByte(status.code())
                .toByteArray();
    }

    static byte[] encode(DomainCounts counts, Status status) {
        return new CompactCodec.Writer(12)
                .writeVarLong(counts.totalMailboxes())
                .writeVarLong(counts.unhealthyMailboxes())
                .writeByte(status.code())
                .toByteArray();
    }

    static MailboxHistory.Bounce decodeBounce(long at, byte[] bytes) {
        CompactCodec.Reader r = new CompactCodec.Reader(bytes);
        String eventId = r.readString();
        String recipient = r.readNullableString();
        Category category = Category.fromCode(r.readByte());
        BounceClass bounceClass = BounceClass.fromCode(r.readByte());
        Provider provider = Provider.fromCode(r.readByte());
        return new MailboxHistory.Bounce(
                eventId,
                at,
                recipient,
                category,
                bounceClass == BounceClass.UNSPECIFIED ? null : bounceClass,
                provider == Provider.OTHER ? null : provider,
                r.readNullableString());
    }

    private static List<String> texts(byte[] log) {
        List<String> out = new ArrayList<>();
        for (HistoryLog.Entry e : HistoryLog.entries(log)) {
            out.add(new String(e.bytes(), StandardCharsets.UTF_8));
        }
        return out;
    }
}
