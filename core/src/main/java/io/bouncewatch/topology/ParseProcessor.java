package io.bouncewatch.topology;

import io.bouncewatch.dsn.BounceMessageParser;
import io.bouncewatch.ingest.PostfixLine;
import io.bouncewatch.ingest.PostfixLines;
import io.bouncewatch.input.Decoded;
import io.bouncewatch.input.InputDecoder;
import io.bouncewatch.input.InputKind;
import io.bouncewatch.payload.Addresses;
import io.bouncewatch.rules.Command;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.SuppressionRules;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Turns the raw bytes of the input topics into validated inputs keyed by the normalised mailbox (or
 * domain, or recipient for the suppression list), or into rejections that name the reason. It never
 * throws on bad input. One parser reads all input topics, telling them apart by the record's topic,
 * so that an event takes as few steps as possible on its way to the mailbox processor. What a
 * record holds is read by {@link InputDecoder}, as the {@code replay} command reads it; this
 * processor routes it.
 */
final class ParseProcessor implements Processor<byte[], byte[], String, Inbound> {

    /** Inputs already on their mailbox's partition. */
    static final Outlet<Inbound.ForMailbox> MAILBOX_INPUTS = Outlet.node("merge-rerouted");

    /** Inputs that must move to their mailbox's partition first. */
    static final Outlet<Inbound.ForMailbox> MISROUTED = Outlet.node("to-mailbox-rekey");

    static final Outlet<Inbound.ForDomain> DOMAIN_COMMANDS = Outlet.repartition("domain-commands");

    /**
     * What can change the suppression list, on its way to the recipient's partition: bounces that
     * can suppress and complaints that name a recipient (each also goes to its mailbox), and
     * recipients' commands. Sends never go there.
     */
    static final Outlet<Inbound.ForRecipient> RECIPIENT_INPUTS =
            Outlet.repartition("suppression-rekey");

    static final Outlet<Inbound.Rejected> REJECTED = Outlet.node("dead-letters");

    /** Postfix lines, on their way to their queue id's partition and the join. */
    static final Outlet<Inbound.PostfixLog> POSTFIX_LINES = Outlet.repartition("postfix-queue-ids");

    private static final int RECOGNISED = 0;
    private static final int IGNORED = 1;
    private static final int DEAD_LETTERED = 2;

    private final Map<String, InputKind> kinds;
    private final int partitions;
    private final InputDecoder decoder;
    private ProcessorContext<String, Inbound> context;
    private Sensor invalidTimestamps;
    private final Map<InputKind, Sensor[]> logRecords = new EnumMap<>(InputKind.class);

    /**
     * @param kinds which kind of input each topic carries
     * @param partitions partition count of the input topics, to spot records a non-Java partitioner
     *     put elsewhere than the mailbox's partition; 0 when unknown (key check only)
     * @param messages the parser of raw messages, with the largest size it reads
     */
    ParseProcessor(Map<String, InputKind> kinds, int partitions, BounceMessageParser messages) {
        this.kinds = Map.copyOf(Objects.requireNonNull(kinds, "kinds"));
        this.partitions = partitions;
        this.decoder = new InputDecoder(Objects.requireNonNull(messages, "messages"));
    }

    @Override
    public void init(ProcessorContext<String, Inbound> context) {
        this.context = context;
        this.invalidTimestamps =
                TopologyMetrics.of(context.metrics(), "input").sensor("invalid-timestamps");
        for (InputKind kind : List.of(InputKind.KUMOMTA, InputKind.POSTFIX)) {
            TopologyMetrics metrics =
                    TopologyMetrics.of(context.metrics(), kind.name().toLowerCase(Locale.ROOT));
            logRecords.put(
                    kind,
                    new Sensor[] {
                        metrics.sensor("records-recognised"),
                        metrics.sensor("records-ignored"),
                        metrics.sensor("records-dead-lettered")
                    });
        }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.headers().lastHeader(InputTimestamps.INVALID_TIMESTAMP_HEADER) != null) {
            invalidTimestamps.record();
            record.headers().remove(InputTimestamps.INVALID_TIMESTAMP_HEADER);
        }
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
        InputKind kind = kinds.get(topic);
        if (kind == null) {
            forward(
                    record,
                    rejected(record, "a record of " + topic + ", which is not an input topic"));
            return;
        }
        if (kind == InputKind.POSTFIX) {
            postfix(record);
            return;
        }
        List<Decoded> inputs =
                decoder.decode(
                        kind,
                        record.key(),
                        record.value(),
                        record.timestamp(),
                        context.currentSystemTimeMs());
        if (kind == InputKind.KUMOMTA) {
            count(
                    kind,
                    inputs.isEmpty()
                            ? IGNORED
                            : inputs.stream().anyMatch(Decoded.Rejected.class::isInstance)
                                    ? DEAD_LETTERED
                                    : RECOGNISED);
        }
        for (Decoded input : inputs) {
            if (!(input instanceof Decoded.RecipientOrder)) {
                forward(
                        inputs.size() == 1 ? record : withOwnHeaders(record),
                        inbound(record, input));
            }
            forwardToRecipient(record, input);
        }
    }

    /**
     * A Postfix line goes to the join of its queue id; one the join needs but cannot read, to the
     * dead letters; any other line is counted and dropped.
     */
    private void postfix(Record<byte[], byte[]> record) {
        PostfixLine.Read read = PostfixLines.read(record.value());
        if (read instanceof PostfixLine.Read.Line line) {
            count(InputKind.POSTFIX, RECOGNISED);
            POSTFIX_LINES.forward(
                    context,
                    new Record<>(
                            line.line().key(),
                            new Inbound.PostfixLog(line.line()),
                            record.timestamp()));
        } else if (read instanceof PostfixLine.Read.Malformed malformed) {
            count(InputKind.POSTFIX, DEAD_LETTERED);
            forward(record, rejected(record, malformed.reason()));
        } else {
            count(InputKind.POSTFIX, IGNORED);
        }
    }

    private void count(InputKind kind, int outcome) {
        logRecords.get(kind)[outcome].record();
    }

    /**
     * What can suppress goes to its recipient too, in a record of its own: its headers are the
     * input's, which the mailbox's path may change.
     */
    private void forwardToRecipient(Record<byte[], byte[]> record, Decoded input) {
        Inbound.ForRecipient forRecipient = null;
        if (input instanceof Decoded.RecipientOrder order) {
            forRecipient =
                    new Inbound.ForRecipient(order.command().recipient(), null, order.command());
        } else if (input instanceof Decoded.Event event) {
            String recipient = suppressible(event.event());
            if (recipient != null) {
                forRecipient = new Inbound.ForRecipient(recipient, event.event(), null);
            }
        }
        if (forRecipient != null) {
            RECIPIENT_INPUTS.forward(
                    context,
                    new Record<>(forRecipient.recipient(), forRecipient, record.timestamp()));
        }
    }

    /** The normalised recipient of an event that can suppress it; null for any other event. */
    private static String suppressible(MailboxEvent event) {
        if (event instanceof MailboxEvent.Bounce bounce
                && SuppressionRules.suppresses(bounce.category())) {
            return Addresses.recipientOrNull(bounce.recipient());
        }
        if (event instanceof MailboxEvent.Complaint complaint) {
            return complaint.recipient();
        }
        return null;
    }

    private Inbound inbound(Record<byte[], byte[]> record, Decoded input) {
        if (input instanceof Decoded.Event event) {
            return Inbound.ForMailbox.event(
                    event.event(), misrouted(record.key(), event.event().mailbox()));
        }
        if (input instanceof Decoded.Order order) {
            Command command = order.command();
            return command.domain()
                    ? new Inbound.ForDomain(command)
                    : Inbound.ForMailbox.command(
                            command, misrouted(record.key(), command.target()));
        }
        return rejected(record, ((Decoded.Rejected) input).reason());
    }

    /**
     * The record with a copy of its headers: children change the headers they get (a dead letter
     * adds its reasons, a producer makes them read-only once sent), which must not reach the other
     * records of the same message.
     */
    private static Record<byte[], byte[]> withOwnHeaders(Record<byte[], byte[]> record) {
        Record<byte[], byte[]> copy =
                new Record<>(record.key(), record.value(), record.timestamp());
        record.headers().forEach(copy.headers()::add);
        return copy;
    }

    private void forward(Record<byte[], byte[]> record, Inbound inbound) {
        if (inbound instanceof Inbound.ForMailbox mailbox) {
            (mailbox.misrouted() ? MISROUTED : MAILBOX_INPUTS)
                    .forward(
                            context,
                            new Record<>(
                                    mailbox.target(),
                                    mailbox,
                                    record.timestamp(),
                                    record.headers()));
        } else if (inbound instanceof Inbound.ForDomain domain) {
            DOMAIN_COMMANDS.forward(
                    context,
                    new Record<>(
                            domain.command().target(),
                            domain,
                            record.timestamp(),
                            record.headers()));
        } else if (inbound instanceof Inbound.Rejected rejected) {
            REJECTED.forward(context, record.<String>withKey(null).withValue(rejected));
        }
    }

    private Inbound.Rejected rejected(Record<byte[], byte[]> record, String reason) {
        RecordMetadata origin = context.recordMetadata().orElse(null);
        return new Inbound.Rejected(
                record.key(),
                record.value(),
                reason,
                origin == null ? "" : origin.topic(),
                origin == null ? -1 : origin.partition(),
                origin == null ? -1 : origin.offset());
    }

    /**
     * Whether the record must move to reach its mailbox's task: keyed other than by the normalised
     * address, or placed by a partitioner other than Kafka's default murmur2 (librdkafka clients
     * such as kcat hash keys differently), so that one mailbox's records would split across tasks.
     */
    private boolean misrouted(byte[] key, String normalised) {
        byte[] expected = normalised.getBytes(StandardCharsets.UTF_8);
        if (key == null || !Arrays.equals(key, expected)) {
            return true;
        }
        if (partitions <= 0) {
            return false;
        }
        int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
        return partition >= 0
                && partition != Utils.toPositive(Utils.murmur2(expected)) % partitions;
    }
}
