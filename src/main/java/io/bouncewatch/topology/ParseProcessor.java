package io.bouncewatch.topology;

import io.bouncewatch.payload.InputParser;
import io.bouncewatch.payload.MalformedRecordException;
import io.bouncewatch.rules.Command;
import io.bouncewatch.rules.MailboxEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Turns the raw bytes of one input topic into a validated input keyed by the normalised mailbox
 * (or domain), or into a rejection that names the reason. It never throws on bad input.
 */
final class ParseProcessor implements Processor<byte[], byte[], String, Inbound> {

    private final InputKind kind;
    private ProcessorContext<String, Inbound> context;

    ParseProcessor(InputKind kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    @Override
    public void init(ProcessorContext<String, Inbound> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long now = context.currentSystemTimeMs();
        try {
            if (kind == InputKind.COMMANDS) {
                Command command = InputParser.command(record.value(), record.timestamp(), now);
                Inbound inbound = command.domain()
                        ? new Inbound.ForDomain(command)
                        : Inbound.ForMailbox.command(command, !keyIs(record.key(), command.target()));
                context.forward(record.withKey(command.target()).withValue(inbound));
                return;
            }
            MailboxEvent event = switch (kind) {
                case SENDS -> InputParser.send(record.value(), record.timestamp(), now);
                case BOUNCES -> InputParser.bounce(record.value(), record.timestamp(), now);
                case COMPLAINTS -> InputParser.complaint(record.value(), record.timestamp(), now);
                case COMMANDS -> throw new IllegalStateException("commands are parsed above");
            };
            context.forward(record.withKey(event.mailbox())
                    .withValue(Inbound.ForMailbox.event(event, !keyIs(record.key(), event.mailbox()))));
        } catch (MalformedRecordException e) {
            RecordMetadata origin = context.recordMetadata().orElse(null);
            context.forward(record.<String>withKey(null).withValue(new Inbound.Rejected(
                    record.key(), record.value(), e.getMessage(),
                    origin == null ? "" : origin.topic(),
                    origin == null ? -1 : origin.partition(),
                    origin == null ? -1 : origin.offset())));
        }
    }

    /** Producers are asked to key by the address; a record keyed otherwise must be moved. */
    private static boolean keyIs(byte[] key, String normalised) {
        return key != null && Arrays.equals(key, normalised.getBytes(StandardCharsets.UTF_8));
    }
}
