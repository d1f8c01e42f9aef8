package io.bouncewatch.topology;

import io.bouncewatch.payload.InputParser;
import io.bouncewatch.payload.MalformedRecordException;
import io.bouncewatch.rules.Command;
import io.bouncewatch.rules.MailboxEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 * domain), or into rejections that name the reason. It never throws on bad input. One parser reads
 * all four topics, telling them apart by the record's topic, so that an event takes as few steps as
 * possible on its way to the mailbox processor.
 */
final class ParseProcessor implements Processor<byte[], byte[], String, Inbound> {

    /** Inputs already on their mailbox's partition. */
    static final Outlet<Inbound.ForMailbox> MAILBOX_INPUTS = Outlet.node("merge-rerouted");

    /** Inputs that must move to their mailbox's partition first. */
    static final Outlet<Inbound.ForMailbox> MISROUTED = Outlet.node("to-mailbox-rekey");

    static final Outlet<Inbound.ForDomain> DOMAIN_COMMANDS = Outlet.repartition("domain-commands");
    static final Outlet<Inbound.Rejected> REJECTED = Outlet.node("dead-letters");

    private final Map<String, InputKind> kinds;
    private final int partitions;
    private ProcessorContext<String, Inbound> context;
    private Sensor invalidTimestamps;

    /**
     * @param kinds which kind of input each topic carries
     * @param partitions partition count of the input topics, to spot records a non-Java partitioner
     *     put elsewhere than the mailbox's partition; 0 when unknown (key check only)
     */
    ParseProcessor(Map<String, InputKind> kinds, int partitions) {
        this.kinds = Map.copyOf(Objects.requireNonNull(kinds, "kinds"));
        this.partitions = partitions;
    }

    @Override
    public void init(ProcessorContext<String, Inbound> context) {
        this.context = context;
        this.invalidTimestamps =
                TopologyMetrics.of(context.metrics(), "input").sensor("invalid-timestamps");
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.headers().lastHeader(InputTimestamps.INVALID_TIMESTAMP_HEADER) != null) {
            invalidTimestamps.record();
            record.headers().remove(InputTimestamps.INVALID_TIMESTAMP_HEADER);
        }
        Inbound inbound;
        try {
            inbound = parse(record);
        } catch (MalformedRecordException e) {
            inbound = rejected(record, e.getMessage());
        } catch (RuntimeException e) {
            // Whatever else a record makes the parser throw, it is the record's fault: never stop
            // the stream.
            inbound = rejected(record, "unreadable record: " + e);
        }
        // Forwarded outside the try: a failure further down (a producer error) is not the record's
        // fault.
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

    /** A valid input, or a {@link MalformedRecordException} saying why the record is not one. */
    private Inbound parse(Record<byte[], byte[]> record) {
        long now = context.currentSystemTimeMs();
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
        InputKind kind = kinds.get(topic);
        if (kind == null) {
            throw new MalformedRecordException(
                    "a record of " + topic + ", which is not an input topic");
        }
        if (kind == InputKind.COMMANDS) {
            Command command = InputParser.command(record.value(), record.timestamp(), now);
            return command.domain()
                    ? new Inbound.ForDomain(command)
                    : Inbound.ForMailbox.command(
                            command, misrouted(record.key(), command.target()));
        }
        MailboxEvent event =
                switch (kind) {
                    case SENDS -> InputParser.send(record.value(), record.timestamp(), now);
                    case BOUNCES -> InputParser.bounce(record.value(), record.timestamp(), now);
                    case COMPLAINTS ->
                            InputParser.complaint(record.value(), record.timestamp(), now);
                    case COMMANDS -> throw new IllegalStateException("commands are parsed above");
                };
        return Inbound.ForMailbox.event(event, misrouted(record.key(), event.mailbox()));
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
