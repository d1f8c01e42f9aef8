package io.bouncewatch.topology;

import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.Suppression;
import io.bouncewatch.rules.SuppressionCommand;
import io.bouncewatch.rules.SuppressionDecision;
import io.bouncewatch.rules.SuppressionRules;
import io.bouncewatch.rules.SuppressionState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the suppression list, keyed by recipient: applies {@link SuppressionRules} to each bounce,
 * complaint and command that reaches the recipient's partition, stores what it decides and
 * publishes every change of the list to {@code recipient.suppressions}: the entry, or a tombstone
 * whose headers say why it left ({@link #REMOVED}: {@code OPERATOR} with who, why and which
 * command, or {@code EXPIRED}). A wall-clock punctuator ends entries whose time is up and forgets
 * TRANSIENT bounces the window has left, reading only the due entries of an index of each
 * recipient's next deadline.
 */
final class SuppressionProcessor
        implements Processor<String, Inbound.ForRecipient, String, Suppression> {

    /** Each change of the list: the entry, or null (a tombstone) when it left. */
    static final Outlet<Suppression> SUPPRESSIONS = Outlet.node("suppressions-sink");

    static final String REMOVED = "bouncewatch-removed";
    static final String OPERATOR = "bouncewatch-operator";
    static final String NOTE = "bouncewatch-note";
    static final String COMMAND_ID = "bouncewatch-command-id";

    /** Deadlines handled per punctuation, so a mass expiry cannot stall the stream thread. */
    private static final int MAX_EXPIRIES_PER_RUN = 10_000;

    private static final byte[] INDEXED = new byte[0];

    private final SuppressionRules rules;
    private final Duration expiryInterval;
    private ProcessorContext<String, Suppression> context;
    private KeyValueStore<String, SuppressionState> store;
    private KeyValueStore<Bytes, byte[]> deadlines;

    /**
     * @param expiryInterval how often due deadlines are looked for (wall clock)
     */
    SuppressionProcessor(SuppressionRules rules, Duration expiryInterval) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.expiryInterval = Objects.requireNonNull(expiryInterval, "expiryInterval");
    }

    @Override
    public void init(ProcessorContext<String, Suppression> context) {
        this.context = context;
        this.store = context.getStateStore(MonitorTopology.SUPPRESSION_STORE);
        this.deadlines = context.getStateStore(MonitorTopology.SUPPRESSION_DEADLINE_STORE);
        context.schedule(expiryInterval, PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(Record<String, Inbound.ForRecipient> record) {
        Inbound.ForRecipient input = record.value();
        String recipient = input.recipient();
        long now = context.currentSystemTimeMs();
        SuppressionState stored = store.get(recipient);
        SuppressionCommand command = input.command();
        SuppressionDecision decision;
        if (command != null) {
            decision = rules.onCommand(stored, command, now);
        } else if (input.event() instanceof MailboxEvent.Bounce bounce) {
            decision = rules.onBounce(stored, recipient, bounce, now);
        } else {
            decision =
                    rules.onComplaint(
                            stored, recipient, (MailboxEvent.Complaint) input.event(), now);
        }
        apply(recipient, stored, decision, command, record.timestamp());
    }

    private void apply(
            String recipient,
            SuppressionState stored,
            SuppressionDecision decision,
            SuppressionCommand command,
            long timestamp) {
        SuppressionState next = decision.state();
        if (!Objects.equals(next, stored)) {
            long before = rules.deadline(stored);
            long after = rules.deadline(next);
            if (before != after && before != Long.MAX_VALUE) {
                deadlines.delete(deadlineKey(before, recipient));
            }
            if (next == null) {
                store.delete(recipient);
            } else {
                store.put(recipient, next);
            }
            if (before != after && after != Long.MAX_VALUE) {
                deadlines.put(deadlineKey(after, recipient), INDEXED);
            }
        }
        if (!decision.changesList()) {
            return;
        }
        if (decision.written() != null) {
            SUPPRESSIONS.forward(context, new Record<>(recipient, decision.written(), timestamp));
        } else {
            Record<String, Suppression> tombstone = new Record<>(recipient, null, timestamp);
            addRemovalHeaders(tombstone.headers(), decision, command);
            SUPPRESSIONS.forward(context, tombstone);
        }
    }

    /** Who and why of a removal, for schedulers that read the topic; absent when not said. */
    private static void addRemovalHeaders(
            Headers headers, SuppressionDecision decision, SuppressionCommand by) {
        headers.add(REMOVED, utf8(decision.removal().name()));
        if (decision.removal() == SuppressionDecision.Removal.OPERATOR && by != null) {
            if (by.operator() != null) {
                headers.add(OPERATOR, utf8(by.operator()));
            }
            if (by.reason() != null) {
                headers.add(NOTE, utf8(by.reason()));
            }
            headers.add(COMMAND_ID, utf8(by.commandId()));
        }
    }

    private void expire(long now) {
        List<Bytes> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = deadlines.all()) {
            while (it.hasNext() && due.size() < MAX_EXPIRIES_PER_RUN) {
                Bytes key = it.next().key;
                if (deadlineOf(key) > now) {
                    break;
                }
                due.add(key);
            }
        }
        for (Bytes key : due) {
            String recipient = recipientOf(key);
            SuppressionState stored = store.get(recipient);
            if (stored == null || rules.deadline(stored) != deadlineOf(key)) {
                deadlines.delete(key); // left over from a state that has moved on
                continue;
            }
            apply(recipient, stored, rules.onTime(stored, recipient, now), null, now);
        }
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** Big-endian deadline first, so the index's byte order is deadline order. */
    static Bytes deadlineKey(long deadline, String recipient) {
        byte[] bytes = recipient.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(
                ByteBuffer.allocate(Long.BYTES + bytes.length)
                        .putLong(deadline)
                        .put(bytes)
                        .array());
    }

    static long deadlineOf(Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong();
    }

    static String recipientOf(Bytes key) {
        byte[] raw = key.get();
        return new String(raw, Long.BYTES, raw.length - Long.BYTES, StandardCharsets.UTF_8);
    }
}
