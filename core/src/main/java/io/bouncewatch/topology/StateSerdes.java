package io.bouncewatch.topology;

import io.bouncewatch.rules.BounceClass;
import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.CategoryCounts;
import io.bouncewatch.rules.Classification;
import io.bouncewatch.rules.Command;
import io.bouncewatch.rules.ConfigFailures;
import io.bouncewatch.rules.DomainCounts;
import io.bouncewatch.rules.DomainState;
import io.bouncewatch.rules.EventIdWindow;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.MailboxState;
import io.bouncewatch.rules.MailboxSummary;
import io.bouncewatch.rules.MailboxWindow;
import io.bouncewatch.rules.OperatorAction;
import io.bouncewatch.rules.Provider;
import io.bouncewatch.rules.Reason;
import io.bouncewatch.rules.RecentEventIds;
import io.bouncewatch.rules.Route;
import io.bouncewatch.rules.RouteStatus;
import io.bouncewatch.rules.Status;
import io.bouncewatch.rules.SuppressionAction;
import io.bouncewatch.rules.SuppressionCommand;
import io.bouncewatch.rules.SuppressionSource;
import io.bouncewatch.rules.SuppressionState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Compact binary serdes for what the topology stores and repartitions. Every format starts with a
 * version byte so a later release can read what an earlier one stored.
 */
public final class StateSerdes {

    // Each format has its own version byte, raised whenever its layout changes; enums are written
    // by their stable codes, never by ordinal. StoredFormatsTest pins every format byte for byte.
    private static final int V1 = 1;
    // Mailbox and domain states since they remember their last operator command: who, why, which
    // ids.
    private static final int V2 = 2;
    // Mailbox states since they keep bounces by category and routes; domain states since they
    // keep their recent config failures; domain inputs since a member's summary says whether it is
    // on probation and when its last event was.
    private static final int V3 = 3;
    // Mailbox states since they count the sends of a rate warning's recovery.
    private static final int V4 = 4;
    // Mailbox states since they keep the event ids of a time window, each with its first-seen time,
    // instead of the last few.
    private static final int V5 = 5;

    private StateSerdes() {}

    public static Serde<MailboxState> mailboxState() {
        return serde(StateSerdes::writeMailbox, StateSerdes::readMailbox);
    }

    public static Serde<DomainState> domainState() {
        return serde(StateSerdes::writeDomain, StateSerdes::readDomain);
    }

    /**
     * A member of a domain as the domain keeps it: version 2 adds whether it is on probation and
     * its last event time; version 1, from an earlier release, knew neither (not on probation, last
     * event not known).
     */
    public static Serde<MailboxSummary> mailboxSummary() {
        return serde(
                s -> writeSummary(new CompactCodec.Writer(16).writeByte(V2), s).toByteArray(),
                bytes -> {
                    CompactCodec.Reader r = new CompactCodec.Reader(bytes);
                    int version = r.readByte();
                    checkVersion(version, V1, V2);
                    return readSummary(r, version == V1);
                });
    }

    private static CompactCodec.Writer writeSummary(CompactCodec.Writer w, MailboxSummary s) {
        return w.writeByte(s.status().code())
                .writeByte(s.riskScore())
                .writeByte(s.onProbation() ? 1 : 0)
                .writeVarLong(s.lastEventAt());
    }

    private static MailboxSummary readSummary(CompactCodec.Reader r, boolean statusAndRiskOnly) {
        Status status = Status.fromCode(r.readByte());
        int risk = r.readByte();
        if (statusAndRiskOnly) {
            return new MailboxSummary(status, false, risk, 0);
        }
        return new MailboxSummary(status, r.readByte() == 1, risk, r.readVarLong());
    }

    private static final int MEMBER = 1;
    private static final int CONFIG_FAILURE = 2;

    /**
     * What moves a domain, on its way to the domain's partition: a mailbox summary or a config
     * failure; commands cross their own topic. Version 3 adds to a summary whether the mailbox is
     * on probation and its last event time; version 2 starts with the kind; version 1, still in the
     * repartition topic from an earlier release, is a summary.
     */
    static Serde<DomainInput> domainInput() {
        return serde(StateSerdes::writeDomainInput, StateSerdes::readDomainInput);
    }

    static byte[] writeDomainInput(DomainInput input) {
        CompactCodec.Writer w = new CompactCodec.Writer(64).writeByte(V3);
        if (input instanceof DomainInput.ConfigFailure f) {
            return w.writeByte(CONFIG_FAILURE)
                    .writeString(f.mailbox())
                    .writeString(f.eventId())
                    .writeFixedLong(f.at())
                    .toByteArray();
        }
        if (!(input instanceof DomainInput.Member m)) {
            throw new IllegalArgumentException(
                    "only mailbox summaries and config failures are repartitioned, not " + input);
        }
        w.writeByte(MEMBER).writeString(m.mailbox());
        if (m.summary() == null) {
            return w.writeByte(0).toByteArray();
        }
        return writeSummary(w.writeByte(1), m.summary()).toByteArray();
    }

    static DomainInput readDomainInput(byte[] bytes) {
        CompactCodec.Reader r = new CompactCodec.Reader(bytes);
        int version = r.readByte();
        checkVersion(version, V1, V3);
        int kind = version == V1 ? MEMBER : r.readByte();
        if (kind == CONFIG_FAILURE) {
            return new DomainInput.ConfigFailure(r.readString(), r.readString(), r.readFixedLong());
        }
        if (kind != MEMBER) {
            throw new IllegalStateException("unknown domain input kind " + kind);
        }
        String mailbox = r.readString();
        return new DomainInput.Member(
                mailbox, r.readByte() == 0 ? null : readSummary(r, version < V3));
    }

    static Serde<Inbound> inbound() {
        return serde(StateSerdes::writeInbound, StateSerdes::readInbound);
    }

    /** Mailbox inputs on their way to their mailbox's partition, written as {@link #inbound()}. */
    static Serde<Inbound.ForMailbox> forMailbox() {
        return serde(
                StateSerdes::writeInbound, bytes -> readInbound(bytes, Inbound.ForMailbox.class));
    }

    /** Domain commands on their way to their domain's partition, written as {@link #inbound()}. */
    static Serde<Inbound.ForDomain> forDomain() {
        return serde(
                StateSerdes::writeInbound, bytes -> readInbound(bytes, Inbound.ForDomain.class));
    }

    /**
     * What can change the suppression list, on its way to the recipient's partition: its own
     * format, version 1, with only what the suppression rules read (the recipient is the key's).
     */
    static Serde<Inbound.ForRecipient> forRecipient() {
        return serde(StateSerdes::writeForRecipient, StateSerdes::readForRecipient);
    }

    /**
     * A recipient's place on the suppression list, version 1: its entry (without the recipient,
     * which is the store's key) and the TRANSIENT bounces still counting. About 40 bytes for an
     * entry from a bounce, so that a list of millions stays small (budget: 120 live bytes per
     * entry, key included).
     */
    public static Serde<SuppressionState> suppressionState() {
        return serde(StateSerdes::writeSuppression, StateSerdes::readSuppression);
    }

    static byte[] writeForRecipient(Inbound.ForRecipient input) {
        CompactCodec.Writer w =
                new CompactCodec.Writer(64).writeByte(V1).writeString(input.recipient());
        if (input.command() != null) {
            SuppressionCommand c = input.command();
            return w.writeByte(COMMAND)
                    .writeString(c.commandId())
                    .writeByte(c.action().code())
                    .writeVarLong(c.until() == null ? 0 : zigzag(c.until()) + 1)
                    .writeByte(c.category() == null ? 0 : c.category().code() + 1)
                    .writeByte(c.source().code())
                    .writeNullableString(c.reason())
                    .writeNullableString(c.operator())
                    .writeFixedLong(c.timestamp())
                    .toByteArray();
        }
        MailboxEvent e = input.event();
        w.writeByte(e instanceof MailboxEvent.Bounce ? BOUNCE : COMPLAINT)
                .writeString(e.eventId())
                .writeString(e.mailbox())
                .writeFixedLong(e.timestamp());
        if (e instanceof MailboxEvent.Bounce b) {
            Classification c = b.classification();
            w.writeByte(b.type().code())
                    .writeByte(c.category().code())
                    .writeByte(c.bounceClass().code())
                    .writeByte(c.provider().code())
                    .writeString(c.matchedBy());
        } else if (!(e instanceof MailboxEvent.Complaint)) {
            throw new IllegalArgumentException("only bounces and complaints suppress, not " + e);
        }
        return w.toByteArray();
    }

    static Inbound.ForRecipient readForRecipient(byte[] bytes) {
        CompactCodec.Reader r = new CompactCodec.Reader(bytes);
        checkVersion(r.readByte(), V1, V1);
        String recipient = r.readString();
        int kind = r.readByte();
        if (kind == COMMAND) {
            String commandId = r.readString();
            SuppressionAction action = SuppressionAction.fromCode(r.readByte());
            long until = r.readVarLong();
            int category = r.readByte();
            return new Inbound.ForRecipient(
                    recipient,
                    null,
                    new SuppressionCommand(
                            commandId,
                            recipient,
                            action,
                            until == 0 ? null : unzigzag(until - 1),
                            category == 0 ? null : Category.fromCode(category - 1),
                            SuppressionSource.fromCode(r.readByte()),
                            r.readNullableString(),
                            r.readNullableString(),
                            r.readFixedLong()));
        }
        String eventId = r.readString();
        String mailbox = r.readString();
        long timestamp = r.readFixedLong();
        MailboxEvent event =
                switch (kind) {
                    case BOUNCE -> {
                        BounceType type = BounceType.fromCode(r.readByte());
                        Category category = Category.fromCode(r.readByte());
                        BounceClass bounceClass = BounceClass.fromCode(r.readByte());
                        Provider provider = Provider.fromCode(r.readByte());
                        yield new MailboxEvent.Bounce(
                                eventId,
                                mailbox,
                                timestamp,
                                type,
                                new Classification(category, bounceClass, provider, r.readString()),
                                recipient,
                                null);
                    }
                    case COMPLAINT ->
                            new MailboxEvent.Complaint(eventId, mailbox, timestamp, recipient);
                    default ->
                            throw new IllegalStateException(
                                    "unknown repartitioned recipient input kind " + kind);
                };
        return new Inbound.ForRecipient(recipient, event, null);
    }

    static byte[] writeSuppression(SuppressionState s) {
        CompactCodec.Writer w = new CompactCodec.Writer(48 + 12 * s.soft().size()).writeByte(V1);
        SuppressionState.Entry e = s.entry();
        if (e == null) {
            w.writeByte(0);
        } else {
            w.writeByte(1)
                    .writeByte(e.category() == null ? 0 : e.category().code() + 1)
                    .writeByte(e.bounceClass() == null ? 0 : e.bounceClass().code() + 1)
                    .writeByte(e.source().code())
                    .writeVarLong(zigzag(e.since()))
                    .writeVarLong(e.until() == null ? 0 : zigzag(e.until()) + 1)
                    .writeNullableString(e.mailbox())
                    .writeNullableString(e.causeEventId())
                    .writeNullableString(e.operator())
                    .writeNullableString(e.note());
        }
        w.writeVarLong(s.soft().size());
        for (SuppressionState.SoftBounce b : s.soft()) {
            w.writeVarLong(zigzag(b.at())).writeFixedLong(b.fingerprint());
        }
        return w.toByteArray();
    }

    static SuppressionState readSuppression(byte[] bytes) {
        CompactCodec.Reader r = new CompactCodec.Reader(bytes);
        checkVersion(r.readByte(), V1, V1);
        SuppressionState.Entry entry = null;
        if (r.readByte() == 1) {
            int category = r.readByte();
            int bounceClass = r.readByte();
            SuppressionSource source = SuppressionSource.fromCode(r.readByte());
            long since = unzigzag(r.readVarLong());
            long until = r.readVarLong();
            entry =
                    new SuppressionState.Entry(
                            category == 0 ? null : Category.fromCode(category - 1),
                            bounceClass == 0 ? null : BounceClass.fromCode(bounceClass - 1),
                            source,
                            since,
                            until == 0 ? null : unzigzag(until - 1),
                            r.readNullableString(),
                            r.readNullableString(),
                            r.readNullableString(),
                            r.readNullableString());
        }
        int count = r.readVarInt();
        List<SuppressionState.SoftBounce> soft = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            soft.add(new SuppressionState.SoftBounce(unzigzag(r.readVarLong()), r.readFixedLong()));
        }
        return new SuppressionState(entry, soft);
    }

    /** Any long as a varint: small magnitudes of either sign stay short. */
    private static long zigzag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static long unzigzag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    static byte[] writeMailbox(MailboxState s) {
        // About 80 bytes, plus 9 to 11 for each id of the duplicate windows.
        CompactCodec.Writer w =
                new CompactCodec.Writer(
                                128 + 11 * (s.recentSends().size() + s.recentReports().size()))
                        .writeByte(V5)
                        .writeByte(s.status().code())
                        .writeByte(reasonCode(s.reason()))
                        .writeByte(s.operatorPaused() ? 1 : 0)
                        .writeVarLong(s.window().sends())
                        .writeVarLong(s.window().bounces())
                        .writeVarLong(s.window().complaints())
                        .writeVarLong(s.totalSends())
                        .writeVarLong(s.totalBounces())
                        .writeVarLong(s.totalComplaints())
                        .writeVarLong(s.cooldownUntil())
                        .writeVarLong(s.lastCooldownMillis())
                        .writeVarLong(s.lastResumedAt())
                        .writeVarLong(s.probationSends())
                        .writeVarLong(s.recoverySends())
                        .writeVarLong(s.lastEventAt());
        writeIdWindow(w, s.recentSends());
        writeIdWindow(w, s.recentReports());
        w.writeNullableString(s.operator()).writeNullableString(s.note());
        writeIds(w, s.recentCommands());
        writeCategories(w, s.bouncesByCategory());
        w.writeVarLong(s.routes().size());
        for (Route route : s.routes()) {
            writeRoute(w, route, s.lastEventAt());
        }
        return w.toByteArray();
    }

    /**
     * A byte whose bit {@code i} says the count of the i-th category is not zero, then those
     * counts: most mailboxes have bounces of one or two categories, and pay for those only.
     */
    private static void writeCategories(CompactCodec.Writer w, CategoryCounts counts) {
        long[] all = counts.toArray();
        int present = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] != 0) {
                present |= 1 << i;
            }
        }
        w.writeByte(present);
        for (long count : all) {
            if (count != 0) {
                w.writeVarLong(count);
            }
        }
    }

    private static CategoryCounts readCategories(CompactCodec.Reader r) {
        int present = r.readByte();
        long[] all = new long[CategoryCounts.CATEGORIES.size()];
        for (int i = 0; i < all.length; i++) {
            if ((present & (1 << i)) != 0) {
                all[i] = r.readVarLong();
            }
        }
        return CategoryCounts.of(all);
    }

    /**
     * A route in as few bytes as its status needs: one byte for its provider and status, the end of
     * a slow-down or block, the length of a slow-down, and its strikes as distances back from the
     * mailbox's latest event, which they are never far from (zigzag, should one be ahead).
     */
    private static void writeRoute(CompactCodec.Writer w, Route route, long lastEventAt) {
        w.writeByte((route.provider().code() << 2) | route.status().code());
        if (route.status() != RouteStatus.OK) {
            w.writeVarLong(route.until());
        }
        if (route.status() == RouteStatus.SLOW_DOWN) {
            w.writeVarLong(route.backoffMillis());
        }
        w.writeVarLong(route.strikes().size());
        for (long strike : route.strikes()) {
            long back = lastEventAt - strike;
            w.writeVarLong((back << 1) ^ (back >> 63));
        }
    }

    private static List<Route> readRoutes(CompactCodec.Reader r, long lastEventAt) {
        int n = r.readVarInt();
        List<Route> routes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int header = r.readByte();
            Provider provider = Provider.fromCode(header >>> 2);
            RouteStatus status = RouteStatus.fromCode(header & 3);
            long until = status == RouteStatus.OK ? 0 : r.readVarLong();
            long backoff = status == RouteStatus.SLOW_DOWN ? r.readVarLong() : 0;
            List<Long> strikes = new ArrayList<>();
            for (int k = r.readVarInt(); k > 0; k--) {
                long zigzag = r.readVarLong();
                strikes.add(lastEventAt - ((zigzag >>> 1) ^ -(zigzag & 1)));
            }
            routes.add(new Route(provider, status, until, backoff, strikes));
        }
        return routes;
    }

    /**
     * The ids of a duplicate window: their number, their fingerprints, then the first first-seen
     * time and the gaps after it, in order, so a few bytes each.
     */
    private static void writeIdWindow(CompactCodec.Writer w, EventIdWindow ids) {
        int n = ids.size();
        w.writeVarLong(n);
        for (int i = 0; i < n; i++) {
            w.writeFixedLong(ids.fingerprint(i));
        }
        long previous = 0;
        for (int i = 0; i < n; i++) {
            long firstSeen = ids.firstSeen(i);
            w.writeVarLong(firstSeen - previous);
            previous = firstSeen;
        }
    }

    private static EventIdWindow readIdWindow(CompactCodec.Reader r) {
        long[] fingerprints = new long[r.readVarInt()];
        for (int i = 0; i < fingerprints.length; i++) {
            fingerprints[i] = r.readFixedLong();
        }
        long[] firstSeen = new long[fingerprints.length];
        for (int i = 0; i < firstSeen.length; i++) {
            firstSeen[i] = (i == 0 ? 0 : firstSeen[i - 1]) + r.readVarLong();
        }
        return EventIdWindow.of(fingerprints, firstSeen);
    }

    /**
     * The last few ids an earlier release kept, dated by the mailbox's latest event: they stay
     * duplicates for a whole window after it, the nearest the stored state comes to when they
     * arrived.
     */
    private static EventIdWindow readRecentIds(CompactCodec.Reader r, long lastEventAt) {
        long[] fingerprints = readIds(r).oldestFirst();
        long[] firstSeen = new long[fingerprints.length];
        Arrays.fill(firstSeen, lastEventAt);
        return EventIdWindow.of(fingerprints, firstSeen);
    }

    /**
     * Reads version 5; version 4, which kept the last few event ids of each kind, not those of a
     * time window (they are dated by the last event, see {@link #readRecentIds}); version 3, which
     * counted no recovery sends (a rate warning stored then starts its count when the rate next
     * warns); version 2, which kept no bounces by category and no routes either; and version 1,
     * which knew no operator, note or command ids either.
     */
    static MailboxState readMailbox(byte[] bytes) {
        CompactCodec.Reader r = new CompactCodec.Reader(bytes);
        int version = r.readByte();
        checkVersion(version, V1, V5);
        Status status = Status.fromCode(r.readByte());
        Reason reason = reason(r.readByte());
        boolean operatorPaused = r.readByte() == 1;
        MailboxWindow window = new MailboxWindow(r.readVarLong(), r.readVarLong(), r.readVarLong());
        long totalSends = r.readVarLong();
        long totalBounces = r.readVarLong();
        long totalComplaints = r.readVarLong();
        long cooldownUntil = r.readVarLong();
        long lastCooldownMillis = r.readVarLong();
        long lastResumedAt = r.readVarLong();
        int probationSends = r.readVarInt();
        int recoverySends = version < V4 ? 0 : r.readVarInt();
        long lastEventAt = r.readVarLong();
        EventIdWindow recentSends = version < V5 ? readRecentIds(r, lastEventAt) : readIdWindow(r);
        EventIdWindow recentReports =
                version < V5 ? readRecentIds(r, lastEventAt) : readIdWindow(r);
        String operator = version == V1 ? null : r.readNullableString();
        String note = version == V1 ? null : r.readNullableString();
        RecentEventIds recentCommands =
                version == V1 ? RecentEventIds.empty(Command.REMEMBERED_PER_TARGET) : readIds(r);
        CategoryCounts byCategory = version < V3 ? CategoryCounts.NONE : readCategories(r);
        List<Route> routes = version < V3 ? List.of() : readRoutes(r, lastEventAt);
        return new MailboxState(
                status,
                reason,
                window,
                totalSends,
                totalBounces,
                totalComplaints,
                cooldownUntil,
                lastCooldownMillis,
                lastResumedAt,
                probationSends,
                recoverySends,
                operatorPaused,
                lastEventAt,
                recentSends,
                recentReports,
                operator,
                note,
                recentCommands,
                byCategory,
                routes);
    }

    private static void writeIds(CompactCodec.Writer w, RecentEventIds ids) {
        long[] fingerprints = ids.oldestFirst();
        w.writeVarLong(ids.capacity()).writeVarLong(fingerprints.length);
        for (long fingerprint : fingerprints) {
            w.writeFixedLong(fingerprint);
        }
    }

    private static RecentEventIds readIds(CompactCodec.Reader r) {
        int capacity = r.readVarInt();
        long[] fingerprints = new long[r.readVarInt()];
        for (int i = 0; i < fingerprints.length; i++) {
            fingerprints[i] = r.readFixedLong();
        }
        return RecentEventIds.of(capacity, fingerprints);
    }

    static byte[] writeDomain(DomainState s) {
        CompactCodec.Writer w =
                new CompactCodec.Writer(64)
                        .writeByte(V3)
                        .writeByte(s.status().code())
                        .writeByte(reasonCode(s.reason()))
                        .writeByte(s.operatorPaused() ? 1 : 0)
                        .writeVarLong(s.counts().totalMailboxes())
                        .writeVarLong(s.counts().unhealthyMailboxes())
                        .writeVarLong(s.counts().riskScoreSum())
                        .writeNullableString(s.operator())
                        .writeNullableString(s.note());
        writeIds(w, s.recentCommands());
        writeConfigFailures(w, s.configFailures());
        return w.toByteArray();
    }

    /**
     * The verdict and count, then (if any) the times as the first one and the gaps after it, all
     * within an hour so a few bytes each, their fingerprints and when the last one arrived.
     */
    private static void writeConfigFailures(CompactCodec.Writer w, ConfigFailures f) {
        long[] times = f.times();
        w.writeByte(f.verdict().code()).writeVarLong(times.length);
        if (!f.any()) {
            return;
        }
        for (int i = 0; i < times.length; i++) {
            if (i == 0) {
                w.writeFixedLong(times[0]);
            } else {
                w.writeVarLong(times[i] - times[i - 1]);
            }
        }
        for (long fingerprint : f.fingerprints()) {
            w.writeFixedLong(fingerprint);
        }
        w.writeFixedLong(f.lastArrivedAt());
    }

    private static ConfigFailures readConfigFailures(CompactCodec.Reader r) {
        Status verdict = Status.fromCode(r.readByte());
        long[] times = new long[r.readVarInt()];
        if (times.length == 0 && verdict == Status.HEALTHY) {
            return ConfigFailures.NONE;
        }
        for (int i = 0; i < times.length; i++) {
            times[i] = i == 0 ? r.readFixedLong() : times[i - 1] + r.readVarLong();
        }
        long[] fingerprints = new long[times.length];
        for (int i = 0; i < fingerprints.length; i++) {
            fingerprints[i] = r.readFixedLong();
        }
        return ConfigFailures.of(times, fingerprints, verdict, r.readFixedLong());
    }

    /**
     * Reads version 3, version 2, which knew no config failures, and version 1, which knew no
     * operator, note or command ids either.
     */
    static DomainState readDomain(byte[] bytes) {
        CompactCodec.Reader r = new CompactCodec.Reader(bytes);
        int version = r.readByte();
        checkVersion(version, V1, V3);
        Status status = Status.fromCode(r.readByte());
        Reason reason = reason(r.readByte());
        boolean operatorPaused = r.readByte() == 1;
        DomainCounts counts = new DomainCounts(r.readVarLong(), r.readVarLong(), r.readVarLong());
        if (version == V1) {
            return new DomainState(
                    status,
                    reason,
                    operatorPaused,
                    counts,
                    null,
                    null,
                    RecentEventIds.empty(Command.REMEMBERED_PER_TARGET),
                    ConfigFailures.NONE);
        }
        String operator = r.readNullableString();
        String note = r.readNullableString();
        RecentEventIds recentCommands = readIds(r);
        return new DomainState(
                status,
                reason,
                operatorPaused,
                counts,
                operator,
                note,
                recentCommands,
                version == V2 ? ConfigFailures.NONE : readConfigFailures(r));
    }

    private static final int SEND = 1;
    private static final int BOUNCE = 2;
    private static final int COMPLAINT = 3;
    private static final int COMMAND = 4;

    /**
     * Inputs on their way to another partition: version 2 adds a bounce's classification, recipient
     * and reply; a version-1 bounce, still in a repartition topic from an earlier release, is
     * classified by its type.
     */
    static byte[] writeInbound(Inbound inbound) {
        CompactCodec.Writer w = new CompactCodec.Writer(64).writeByte(V2);
        Command command;
        if (inbound instanceof Inbound.ForMailbox m && m.event() != null) {
            MailboxEvent e = m.event();
            int kind =
                    e instanceof MailboxEvent.Send
                            ? SEND
                            : e instanceof MailboxEvent.Bounce ? BOUNCE : COMPLAINT;
            w.writeByte(kind)
                    .writeString(e.eventId())
                    .writeString(e.mailbox())
                    .writeFixedLong(e.timestamp());
            if (e instanceof MailboxEvent.Bounce b) {
                Classification c = b.classification();
                w.writeByte(b.type().code())
                        .writeByte(c.category().code())
                        .writeByte(c.bounceClass().code())
                        .writeByte(c.provider().code())
                        .writeString(c.matchedBy())
                        .writeNullableString(b.recipient())
                        .writeNullableString(b.reply());
            }
            return w.toByteArray();
        } else if (inbound instanceof Inbound.ForMailbox m) {
            command = m.command();
        } else if (inbound instanceof Inbound.ForDomain d) {
            command = d.command();
        } else {
            throw new IllegalArgumentException(
                    "only events and commands are repartitioned, not " + inbound);
        }
        return w.writeByte(COMMAND)
                .writeString(command.commandId())
                .writeString(command.target())
                .writeByte(command.domain() ? 1 : 0)
                .writeByte(command.action().code())
                .writeNullableString(command.reason())
                .writeNullableString(command.operator())
                .writeFixedLong(command.timestamp())
                .toByteArray();
    }

    static Inbound readInbound(byte[] bytes) {
        CompactCodec.Reader r = new CompactCodec.Reader(bytes);
        int version = r.readByte();
        checkVersion(version, V1, V2);
        int kind = r.readByte();
        if (kind == COMMAND) {
            Command c =
                    new Command(
                            r.readString(),
                            r.readString(),
                            r.readByte() == 1,
                            OperatorAction.fromCode(r.readByte()),
                            r.readNullableString(),
                            r.readNullableString(),
                            r.readFixedLong());
            return c.domain() ? new Inbound.ForDomain(c) : Inbound.ForMailbox.command(c, false);
        }
        String eventId = r.readString();
        String mailbox = r.readString();
        long timestamp = r.readFixedLong();
        MailboxEvent event =
                switch (kind) {
                    case SEND -> new MailboxEvent.Send(eventId, mailbox, timestamp);
                    case BOUNCE -> {
                        BounceType type = BounceType.fromCode(r.readByte());
                        if (version == V1) {
                            yield new MailboxEvent.Bounce(eventId, mailbox, timestamp, type);
                        }
                        Category category = Category.fromCode(r.readByte());
                        BounceClass bounceClass = BounceClass.fromCode(r.readByte());
                        Provider provider = Provider.fromCode(r.readByte());
                        Classification classification =
                                new Classification(category, bounceClass, provider, r.readString());
                        yield new MailboxEvent.Bounce(
                                eventId,
                                mailbox,
                                timestamp,
                                type,
                                classification,
                                r.readNullableString(),
                                r.readNullableString());
                    }
                    case COMPLAINT -> new MailboxEvent.Complaint(eventId, mailbox, timestamp);
                    default ->
                            throw new IllegalStateException(
                                    "unknown repartitioned input kind " + kind);
                };
        return Inbound.ForMailbox.event(event, false);
    }

    /** Each repartition topic carries one kind of input; another kind there is a corrupt record. */
    private static <T extends Inbound> T readInbound(byte[] bytes, Class<T> kind) {
        Inbound inbound = readInbound(bytes);
        if (!kind.isInstance(inbound)) {
            throw new IllegalStateException(
                    "expected " + kind.getSimpleName() + ", read " + inbound);
        }
        return kind.cast(inbound);
    }

    /** A reason's code, 0 for none (a state that never changed); codes start at 1. */
    private static int reasonCode(Reason reason) {
        return reason == null ? 0 : reason.code();
    }

    private static Reason reason(int code) {
        return code == 0 ? null : Reason.fromCode(code);
    }

    private static void checkVersion(int version, int oldest, int newest) {
        if (version < oldest || version > newest) {
            throw new IllegalStateException(
                    "stored value has format version "
                            + version
                            + ", this release reads "
                            + (oldest == newest
                                    ? String.valueOf(oldest)
                                    : oldest + " to " + newest));
        }
    }

    private static <T> Serde<T> serde(Function<T, byte[]> write, Function<byte[], T> read) {
        return Serdes.serdeFrom(
                (topic, value) -> value == null ? null : write.apply(value),
                (topic, bytes) -> bytes == null ? null : read.apply(bytes));
    }
}
