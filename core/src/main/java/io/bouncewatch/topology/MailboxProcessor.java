package io.bouncewatch.topology;

import io.bouncewatch.payload.Addresses;
import io.bouncewatch.payload.MailboxHealth;
import io.bouncewatch.payload.StatusChange;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.Command;
import io.bouncewatch.rules.MailboxDecision;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.MailboxRules;
import io.bouncewatch.rules.MailboxState;
import io.bouncewatch.rules.MailboxSummary;
import io.bouncewatch.rules.Reason;
import io.bouncewatch.rules.RouteChange;
import io.bouncewatch.rules.Transition;
import io.bouncewatch.topology.internal.CommitHook;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The per-mailbox heart of the monitor: loads a mailbox's state, applies the rules to each event or
 * command, keeps the result and emits the status change and, when it moved, the summary its domain
 * aggregates. The states live in a {@link MailboxStateBuffer}: written behind (the default), each
 * changed mailbox reaches the store, its changelog and {@code mailbox.status} once per commit,
 * however many events it had, so {@code mailbox.status} carries each mailbox's latest health as of
 * every commit; a {@link FlushWatch} stops the processor if the flush before the commits stops
 * coming. Written through, every input's writes reach the store (and its Kafka Streams cache) and
 * {@code mailbox.status} at once. A wall-clock punctuator resumes mailboxes whose cooldown ran out
 * and ends route slow-downs and blocks whose time is up, reading only the expired entries of an
 * index of each mailbox's earliest deadline; another asks for an early commit while the task keeps
 * up with its inputs ({@link CommitPacer}).
 */
final class MailboxProcessor implements Processor<String, MailboxInput, String, Object> {

    /** Each status change, as it happens. */
    static final Outlet<StatusChange> CHANGES = Outlet.node("mailbox-changes-sink");

    /** Each mailbox's latest health; null for a removed mailbox (a tombstone). */
    static final Outlet<MailboxHealth> STATUS = Outlet.node("mailbox-status-sink");

    /** What its domain counts of a mailbox, keyed by the domain. */
    static final Outlet<DomainInput> SUMMARIES = Outlet.repartition("domain-members");

    /** Expiries handled per punctuation, so a mass expiry cannot stall the stream thread. */
    private static final int MAX_EXPIRIES_PER_RUN = 10_000;

    /** Mailboxes whose last sampled slot is remembered; past that the memory starts again. */
    private static final int SAMPLED_MAILBOXES = 100_000;

    private final MailboxRules rules;
    private final Duration expiryInterval;
    private final Duration commitInterval;
    private final int cachedMailboxes;
    private final CommitPacer pacer;
    private final Function<ProcessorContext<?, ?>, CommitHook> commitHooks;
    private final Duration maxCommitInterval;
    private final Map<String, Boolean> domainBlocksCache = new HashMap<>();

    /**
     * The slot of event time each mailbox's window was last sampled in, so that a send in the same
     * slot costs no read of the history; forgotten, a mailbox gets one extra sample.
     */
    private final Map<String, Long> sampledSlots = new HashMap<>();

    private KeyValueStore<Bytes, byte[]> history;
    private FlushWatch flushWatch;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, MailboxState> store;
    private MailboxStateBuffer mailboxes;
    private KeyValueStore<Bytes, byte[]> cooldowns;
    private KeyValueStore<String, Boolean> domainBlocks;
    private TopologyMetrics metrics;
    private Sensor decisionLatency;

    /**
     * @param expiryInterval how often expired cooldowns are looked for
     * @param commitInterval how often to ask for a commit while keeping up with the inputs
     * @param maxCommitInterval how far behind its inputs the task may be and still ask
     * @param cachedMailboxes states kept in memory after a commit, the longest held evicted first
     * @param commitHooks the hook that flushes the states before each commit, made from the
     *     processor's context; null to write every input's states at once
     */
    MailboxProcessor(
            MailboxRules rules,
            Duration expiryInterval,
            Duration commitInterval,
            Duration maxCommitInterval,
            int cachedMailboxes,
            Function<ProcessorContext<?, ?>, CommitHook> commitHooks) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.expiryInterval = Objects.requireNonNull(expiryInterval, "expiryInterval");
        this.commitInterval = Objects.requireNonNull(commitInterval, "commitInterval");
        this.pacer = new CommitPacer(maxCommitInterval.toMillis());
        this.cachedMailboxes = cachedMailboxes;
        this.commitHooks = commitHooks;
        this.maxCommitInterval = maxCommitInterval;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        // The store may have been rolled back (exactly-once abort) since this instance last ran.
        domainBlocksCache.clear();
        sampledSlots.clear();
        this.store = context.getStateStore(MonitorTopology.MAILBOX_STORE);
        this.history = context.getStateStore(MonitorTopology.MAILBOX_HISTORY_STORE);
        this.cooldowns = context.getStateStore(MonitorTopology.COOLDOWN_STORE);
        // A new buffer: what the last one held since the last commit is processed again from the
        // committed offsets.
        this.mailboxes = new MailboxStateBuffer(store, cooldowns, cachedMailboxes);
        if (commitHooks != null) {
            commitHooks.apply(context).beforeCommit(this::flush);
            this.flushWatch = new FlushWatch(maxCommitInterval, commitInterval);
        }
        this.domainBlocks = context.getStateStore(MonitorTopology.DOMAIN_BLOCK_STORE);
        this.metrics =
                TopologyMetrics.of(context.metrics(), "mailbox")
                        .withStatusChanges(
                                Reason.BOUNCE_RATE,
                                Reason.BOUNCE_COUNT,
                                Reason.EARLY_WARNING,
                                Reason.COMPLAINTS,
                                Reason.COOLDOWN_EXPIRED,
                                Reason.RECOVERED,
                                Reason.OPERATOR)
                        .withEventCounts();
        this.decisionLatency = metrics.latencySensor("event-to-decision");
        context.schedule(expiryInterval, PunctuationType.WALL_CLOCK_TIME, this::expireCooldowns);
        context.schedule(commitInterval, PunctuationType.WALL_CLOCK_TIME, this::maybeCommit);
    }

    @Override
    public void process(Record<String, MailboxInput> record) {
        watchFlushes(context.currentSystemTimeMs());
        MailboxInput inbound = record.value();
        if (inbound instanceof MailboxInput.DomainBlock block) {
            onDomainBlock(block, record.timestamp());
        } else if (inbound instanceof Inbound.ForMailbox input && input.event() != null) {
            MailboxEvent event = input.event();
            MailboxState stored = mailboxes.get(event.mailbox());
            long now = context.currentSystemTimeMs();
            MailboxDecision decision = rules.onEvent(stored, event, now);
            apply(
                    event.mailbox(),
                    stored,
                    decision,
                    event.eventId(),
                    event instanceof MailboxEvent.Bounce bounce ? bounce : null,
                    record.timestamp());
            if (decision.counted()) {
                metrics.counted(event, countsTowardRate(stored, decision));
            }
            if (decision.counted() && !decision.removes()) {
                if (event instanceof MailboxEvent.Bounce bounce) {
                    HistoryStores.addBounce(history, bounce);
                }
                sampleWindow(event.mailbox(), event.timestamp(), decision.state(), false);
            }
            // A CONFIG bounce counted (not a duplicate) is a config failure of the whole domain.
            if (decision.counted()
                    && event instanceof MailboxEvent.Bounce bounce
                    && bounce.category() == Category.CONFIG) {
                SUMMARIES.forward(
                        context,
                        new Record<>(
                                Addresses.domainOf(event.mailbox()),
                                new DomainInput.ConfigFailure(
                                        event.mailbox(), event.eventId(), event.timestamp()),
                                now));
            }
            decisionLatency.record((double) Math.max(0, now - record.timestamp()), now);
            pacer.processed(record.timestamp());
        } else if (inbound instanceof Inbound.ForMailbox input) {
            Command command = input.command();
            MailboxState stored = mailboxes.get(command.target());
            apply(
                    command.target(),
                    stored,
                    rules.onCommand(stored, command),
                    command.commandId(),
                    null,
                    record.timestamp());
        } else {
            throw new IllegalArgumentException("not an input for a mailbox: " + inbound);
        }
        writeThrough();
    }

    /**
     * Whether the event added to the bounces of the mailbox's window, as the rules decided: a
     * bounce adds no send, so the window did not slide, and only its bounce can have grown it.
     */
    private static boolean countsTowardRate(MailboxState stored, MailboxDecision decision) {
        MailboxState before = decision.expiry().map(MailboxDecision::state).orElse(stored);
        long bouncesBefore = before == null ? 0 : before.window().bounces();
        return decision.state() != null && decision.state().window().bounces() > bouncesBefore;
    }

    /** Written through, what an input or a punctuation changed is written at once. */
    private void writeThrough() {
        if (commitHooks == null) {
            flush();
        }
    }

    private void watchFlushes(long now) {
        if (flushWatch != null) {
            flushWatch.check(now, mailboxes.hasWrites());
        }
    }

    /**
     * Keeps and emits a decision on a mailbox.
     *
     * @param cause the bounce being applied, whose category and reply a change it caused carries;
     *     null for any other input
     */
    private void apply(
            String mailbox,
            MailboxState stored,
            MailboxDecision decision,
            String causeId,
            MailboxEvent.Bounce cause,
            long timestamp) {
        if (!decision.counted()) {
            return;
        }
        if (decision.removes()) {
            if (stored != null) {
                mailboxes.put(mailbox, null);
                unindexCooldown(mailbox, stored);
                HistoryStores.removeMailbox(history, mailbox);
                sampledSlots.remove(mailbox);
                SUMMARIES.forward(
                        context,
                        new Record<>(
                                Addresses.domainOf(mailbox),
                                new DomainInput.Member(mailbox, null),
                                context.currentSystemTimeMs()));
            }
            return;
        }
        MailboxState state = decision.state();
        mailboxes.put(mailbox, state);
        // Indexed by its earliest deadline, a cooldown's or a route's, re-indexed when it moves.
        long deadline = state.nextDeadline();
        if (stored == null ? deadline > 0 : stored.nextDeadline() != deadline) {
            if (stored != null) {
                unindexCooldown(mailbox, stored);
            }
            if (deadline > 0) {
                mailboxes.index(cooldownKey(deadline, MailboxStoreKey.of(mailbox)));
            }
        }
        // A cooldown that ran out unnoticed (its expiry lost in a crash) ended before this input.
        decision.expiry()
                .ifPresent(
                        expiry ->
                                expiry.transition()
                                        .ifPresent(
                                                t ->
                                                        change(
                                                                mailbox,
                                                                t,
                                                                expiry.state(),
                                                                null,
                                                                null,
                                                                t.at())));
        decision.transition().ifPresent(t -> change(mailbox, t, state, causeId, cause, timestamp));
        for (RouteChange c : decision.routeChanges()) {
            StatusChange.OfRoute change = StatusChange.OfRoute.of(mailbox, c, cause);
            CHANGES.forward(
                    context, new Record<>(mailbox, change, c.byEvent() ? timestamp : c.at()));
            HistoryStores.addChange(history, change);
        }
        MailboxSummary summary = summary(state);
        if (stored == null || !summary.equals(summary(stored))) {
            // Keyed by the domain, which counts it; stamped with the time of the decision.
            SUMMARIES.forward(
                    context,
                    new Record<>(
                            Addresses.domainOf(mailbox),
                            new DomainInput.Member(mailbox, summary),
                            context.currentSystemTimeMs()));
        }
    }

    private MailboxSummary summary(MailboxState state) {
        return MailboxSummary.of(state, rules.riskScore(state), rules.settings());
    }

    private void change(
            String mailbox,
            Transition t,
            MailboxState state,
            String causeId,
            MailboxEvent.Bounce cause,
            long timestamp) {
        metrics.statusChange(t.reason());
        StatusChange.OfMailbox change =
                StatusChange.OfMailbox.of(mailbox, t, state, causeId, cause);
        CHANGES.forward(context, new Record<>(mailbox, change, timestamp));
        HistoryStores.addChange(history, change);
        sampleWindow(mailbox, t.at(), state, true);
    }

    /**
     * Keeps the mailbox's window in its history, stamped with the event's time: at each change
     * ({@code always}), else at its first event in each slot of the monitor's clock. Slots of the
     * clock, not of event time: a backlog read at full speed spans days of event time in minutes,
     * and would otherwise write a sample for every other event. A mailbox this task has not seen
     * since it started (or since the bounded memory of slots was cleared) counts as sampled in the
     * current slot: otherwise every mailbox would write a sample at its first event after a start.
     */
    private void sampleWindow(String mailbox, long at, MailboxState state, boolean always) {
        long slot = Math.floorDiv(context.currentSystemTimeMs(), HistoryStores.WINDOW_SLOT_MILLIS);
        Long last = sampledSlots.get(mailbox);
        if (last == null || last < slot) {
            if (sampledSlots.size() >= SAMPLED_MAILBOXES) {
                sampledSlots.clear();
            }
            sampledSlots.put(mailbox, slot);
        }
        if (!always && (last == null || last >= slot)) {
            return;
        }
        HistoryStores.addWindowSample(history, mailbox, at, state.window(), state.status());
    }

    /**
     * Writes every state changed since the last flush and publishes each mailbox's latest health.
     */
    private void flush() {
        long now = context.currentSystemTimeMs();
        mailboxes.flush((mailbox, state) -> publish(mailbox, state, now));
    }

    private void publish(String mailbox, MailboxState state, long timestamp) {
        STATUS.forward(
                context,
                new Record<>(mailbox, state == null ? null : health(mailbox, state), timestamp));
    }

    private void maybeCommit(long now) {
        if (pacer.commitNow(now)) {
            context.commit();
        }
    }

    private MailboxHealth health(String mailbox, MailboxState state) {
        return MailboxHealth.of(mailbox, state, rules, domainBlocked(Addresses.domainOf(mailbox)));
    }

    private boolean domainBlocked(String domain) {
        return domainBlocksCache.computeIfAbsent(
                domain, d -> Boolean.TRUE.equals(domainBlocks.get(d)));
    }

    /** A domain paused or resumed: every mailbox of it on this partition gets its new health. */
    private void onDomainBlock(MailboxInput.DomainBlock block, long timestamp) {
        if (domainBlocked(block.domain()) == block.blocked()) {
            return;
        }
        if (block.blocked()) {
            domainBlocks.put(block.domain(), true);
        } else {
            domainBlocks.delete(block.domain());
        }
        domainBlocksCache.put(block.domain(), block.blocked());
        // The store then holds every state, and the mailboxes changed since the last commit are
        // published.
        flush();
        try (KeyValueIterator<String, MailboxState> it =
                store.prefixScan(
                        MailboxStoreKey.domainPrefix(block.domain()), new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, MailboxState> entry = it.next();
                publish(MailboxStoreKey.mailboxOf(entry.key), entry.value, timestamp);
            }
        }
    }

    private void expireCooldowns(long now) {
        List<Bytes> expired = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = cooldowns.all()) {
            while (it.hasNext() && expired.size() < MAX_EXPIRIES_PER_RUN) {
                Bytes indexKey = it.next().key;
                if (cooldownExpiry(indexKey) > now) {
                    break;
                }
                if (!mailboxes.unindexed(indexKey)) {
                    expired.add(indexKey);
                }
            }
        }
        for (Bytes indexKey : expired) {
            mailboxes.unindex(indexKey);
            String mailbox = cooldownMailbox(indexKey);
            MailboxState stored = mailboxes.get(mailbox);
            if (stored != null) {
                apply(mailbox, stored, rules.onDeadline(stored, now), null, null, now);
            }
        }
        writeThrough();
    }

    private void unindexCooldown(String mailbox, MailboxState stored) {
        if (stored.nextDeadline() > 0) {
            mailboxes.unindex(cooldownKey(stored.nextDeadline(), MailboxStoreKey.of(mailbox)));
        }
    }

    /** Big-endian expiry first, so the store's byte order is expiry order. */
    static Bytes cooldownKey(long until, String storeKey) {
        byte[] mailbox = storeKey.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(
                ByteBuffer.allocate(Long.BYTES + mailbox.length)
                        .putLong(until)
                        .put(mailbox)
                        .array());
    }

    static long cooldownExpiry(Bytes indexKey) {
        return ByteBuffer.wrap(indexKey.get()).getLong();
    }

    static String cooldownMailbox(Bytes indexKey) {
        byte[] raw = indexKey.get();
        return MailboxStoreKey.mailboxOf(
                new String(raw, Long.BYTES, raw.length - Long.BYTES, StandardCharsets.UTF_8));
    }
}
