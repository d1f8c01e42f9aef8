package io.bouncewatch.topology;

import io.bouncewatch.payload.Addresses;
import io.bouncewatch.payload.MailboxHealth;
import io.bouncewatch.payload.StatusChange;
import io.bouncewatch.rules.Command;
import io.bouncewatch.rules.MailboxDecision;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.MailboxRules;
import io.bouncewatch.rules.MailboxState;
import io.bouncewatch.rules.MailboxSummary;
import io.bouncewatch.rules.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * The per-mailbox heart of the monitor: loads a mailbox's state, applies the rules to each event
 * or command, stores the result and emits the status change, the latest health and, when it moved,
 * the summary its domain aggregates. A wall-clock punctuator resumes mailboxes whose cooldown ran
 * out, reading only the expired entries of a time-ordered index.
 */
final class MailboxProcessor implements Processor<String, Inbound, String, Outbound> {

    /** Expiries handled per punctuation, so a mass expiry cannot stall the stream thread. */
    private static final int MAX_EXPIRIES_PER_RUN = 10_000;

    private final MailboxRules rules;
    private final Duration expiryInterval;
    private final Map<String, Boolean> domainBlocksCache = new HashMap<>();
    private ProcessorContext<String, Outbound> context;
    private KeyValueStore<String, MailboxState> mailboxes;
    private KeyValueStore<Bytes, byte[]> cooldowns;
    private KeyValueStore<String, Boolean> domainBlocks;
    private TopologyMetrics metrics;
    private Sensor decisionLatency;

    MailboxProcessor(MailboxRules rules, Duration expiryInterval) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.expiryInterval = Objects.requireNonNull(expiryInterval, "expiryInterval");
    }

    @Override
    public void init(ProcessorContext<String, Outbound> context) {
        this.context = context;
        // The store may have been rolled back (exactly-once abort) since this instance last ran.
        domainBlocksCache.clear();
        this.mailboxes = context.getStateStore(MonitorTopology.MAILBOX_STORE);
        this.cooldowns = context.getStateStore(MonitorTopology.COOLDOWN_STORE);
        this.domainBlocks = context.getStateStore(MonitorTopology.DOMAIN_BLOCK_STORE);
        this.metrics = TopologyMetrics.of(context.metrics(), "mailbox").withStatusChanges(Reason.BOUNCE_RATE,
                Reason.BOUNCE_COUNT, Reason.EARLY_WARNING, Reason.COMPLAINTS, Reason.COOLDOWN_EXPIRED,
                Reason.RECOVERED, Reason.OPERATOR);
        this.decisionLatency = metrics.latencySensor("event-to-decision");
        context.schedule(expiryInterval, PunctuationType.WALL_CLOCK_TIME, this::expireCooldowns);
    }

    @Override
    public void process(Record<String, Inbound> record) {
        Inbound inbound = record.value();
        if (inbound instanceof Inbound.DomainBlock block) {
            onDomainBlock(block, record.timestamp());
        } else if (inbound instanceof Inbound.ForMailbox input && input.event() != null) {
            MailboxEvent event = input.event();
            String key = MailboxStoreKey.of(event.mailbox());
            MailboxState stored = mailboxes.get(key);
            long now = context.currentSystemTimeMs();
            apply(event.mailbox(), key, stored, rules.onEvent(stored, event, now), event.eventId(), record.timestamp());
            decisionLatency.record(Math.max(0, now - record.timestamp()), now);
        } else if (inbound instanceof Inbound.ForMailbox input) {
            Command command = input.command();
            String key = MailboxStoreKey.of(command.target());
            MailboxState stored = mailboxes.get(key);
            apply(command.target(), key, stored, rules.onCommand(stored, command.action(), command.timestamp()),
                    command.commandId(), record.timestamp());
        } else {
            throw new IllegalArgumentException("not an input for a mailbox: " + inbound);
        }
    }

    /** Stores and emits a decision on the mailbox held under {@code key} in the store. */
    private void apply(String mailbox, String key, MailboxState stored, MailboxDecision decision, String causeId,
                       long timestamp) {
        if (!decision.counted()) {
            return;
        }
        if (decision.removes()) {
            if (stored != null) {
                mailboxes.delete(key);
                unindexCooldown(key, stored);
                context.forward(new Record<>(mailbox, new Outbound.MailboxStatus(null), timestamp));
                context.forward(new Record<>(mailbox, new Outbound.Summary(null), context.currentSystemTimeMs()));
            }
            return;
        }
        MailboxState state = decision.state();
        mailboxes.put(key, state);
        if (stored == null || stored.cooldownUntil() != state.cooldownUntil()) {
            if (stored != null) {
                unindexCooldown(key, stored);
            }
            if (state.coolingDown()) {
                cooldowns.put(cooldownKey(state.cooldownUntil(), key), new byte[0]);
            }
        }
        decision.transition().ifPresent(t -> {
            metrics.statusChange(t.reason());
            context.forward(new Record<>(mailbox,
                    new Outbound.Change(StatusChange.OfMailbox.of(mailbox, t, state, causeId)), timestamp));
        });
        context.forward(new Record<>(mailbox, new Outbound.MailboxStatus(health(mailbox, state)), timestamp));
        MailboxSummary summary = MailboxSummary.of(state.status(), rules.riskScore(state));
        if (stored == null || !summary.equals(MailboxSummary.of(stored.status(), rules.riskScore(stored)))) {
            // Stamped with the time of the decision: the domain's table then moves forward in time,
            // where a late bounce's own timestamp would log an out-of-order update on every one.
            context.forward(new Record<>(mailbox, new Outbound.Summary(summary), context.currentSystemTimeMs()));
        }
    }

    private MailboxHealth health(String mailbox, MailboxState state) {
        return MailboxHealth.of(mailbox, state, rules, domainBlocked(Addresses.domainOf(mailbox)));
    }

    private boolean domainBlocked(String domain) {
        return domainBlocksCache.computeIfAbsent(domain, d -> Boolean.TRUE.equals(domainBlocks.get(d)));
    }

    /** A domain paused or resumed: every mailbox of it on this partition gets its new health. */
    private void onDomainBlock(Inbound.DomainBlock block, long timestamp) {
        if (domainBlocked(block.domain()) == block.blocked()) {
            return;
        }
        if (block.blocked()) {
            domainBlocks.put(block.domain(), true);
        } else {
            domainBlocks.delete(block.domain());
        }
        domainBlocksCache.put(block.domain(), block.blocked());
        try (KeyValueIterator<String, MailboxState> it =
                     mailboxes.prefixScan(MailboxStoreKey.domainPrefix(block.domain()), new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, MailboxState> entry = it.next();
                String mailbox = MailboxStoreKey.mailboxOf(entry.key);
                context.forward(new Record<>(mailbox, new Outbound.MailboxStatus(health(mailbox, entry.value)),
                        timestamp));
            }
        }
    }

    private void expireCooldowns(long now) {
        List<Bytes> expired = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = cooldowns.all()) {
            while (it.hasNext() && expired.size() < MAX_EXPIRIES_PER_RUN) {
                Bytes indexKey = it.next().key;
                if (ByteBuffer.wrap(indexKey.get()).getLong() > now) {
                    break;
                }
                expired.add(indexKey);
            }
        }
        for (Bytes indexKey : expired) {
            cooldowns.delete(indexKey);
            byte[] raw = indexKey.get();
            String key = new String(raw, Long.BYTES, raw.length - Long.BYTES, StandardCharsets.UTF_8);
            MailboxState stored = mailboxes.get(key);
            if (stored != null) {
                apply(MailboxStoreKey.mailboxOf(key), key, stored, rules.onCooldownExpired(stored, now), null, now);
            }
        }
    }

    private void unindexCooldown(String key, MailboxState stored) {
        if (stored.coolingDown()) {
            cooldowns.delete(cooldownKey(stored.cooldownUntil(), key));
        }
    }

    /** Big-endian expiry first, so the store's byte order is expiry order. */
    static Bytes cooldownKey(long until, String storeKey) {
        byte[] mailbox = storeKey.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + mailbox.length).putLong(until).put(mailbox).array());
    }
}
