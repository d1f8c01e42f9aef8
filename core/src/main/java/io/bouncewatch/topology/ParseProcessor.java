package io.bouncewatch.topology;

import io.bouncewatch.dsn.BounceMessageParser;
import io.bouncewatch.dsn.ParsedMessage;
import io.bouncewatch.dsn.RecipientReport;
import io.bouncewatch.payload.Addresses;
import io.bouncewatch.payload.InputParser;
import io.bouncewatch.payload.MalformedRecordException;
import io.bouncewatch.rules.BounceClassifier;
import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.Command;
import io.bouncewatch.rules.MailboxEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
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
 * domain), or into rejections that name the reason. It never throws on bad input. One parser reads
 * all five topics, telling them apart by the record's topic, so that an event takes as few steps as
 * possible on its way to the mailbox processor.
 *
 * <p>A raw message (a bounce or a feedback report) becomes one event per recipient it reports on.
 * Its mailbox is the record's key when that is a mailbox address (the producer knows whose bounce
 * it fetched, even when bounces return to one shared address), else the original sender the message
 * names. Its event ids are {@code dsn-} and 16 hex digits of a SHA-256 over the message's {@code
 * Message-ID} (its bytes when it has none) and the recipient, so that the same message delivered
 * twice is counted once and each of its recipients once.
 */
final class ParseProcessor implements Processor<byte[], byte[], String, Inbound> {

    /** Inputs already on their mailbox's partition. */
    static final Outlet<Inbound.ForMailbox> MAILBOX_INPUTS = Outlet.node("merge-rerouted");

    /** Inputs that must move to their mailbox's partition first. */
    static final Outlet<Inbound.ForMailbox> MISROUTED = Outlet.node("to-mailbox-rekey");

    static final Outlet<Inbound.ForDomain> DOMAIN_COMMANDS = Outlet.repartition("domain-commands");
    static final Outlet<Inbound.Rejected> REJECTED = Outlet.node("dead-letters");

    /** Pure and thread-safe: one for every stream thread. */
    private static final BounceClassifier CLASSIFIER = new BounceClassifier();

    /** Recipients a dead letter names at most: the reason stays one readable line. */
    private static final int NAMED_RECIPIENTS = 5;

    private final Map<String, InputKind> kinds;
    private final int partitions;
    private final BounceMessageParser messages;
    private ProcessorContext<String, Inbound> context;
    private Sensor invalidTimestamps;

    /**
     * @param kinds which kind of input each topic carries
     * @param partitions partition count of the input topics, to spot records a non-Java partitioner
     *     put elsewhere than the mailbox's partition; 0 when unknown (key check only)
     * @param messages the parser of raw messages, with the largest size it reads
     */
    ParseProcessor(Map<String, InputKind> kinds, int partitions, BounceMessageParser messages) {
        this.kinds = Map.copyOf(Objects.requireNonNull(kinds, "kinds"));
        this.partitions = partitions;
        this.messages = Objects.requireNonNull(messages, "messages");
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
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
        InputKind kind = kinds.get(topic);
        if (kind == InputKind.DSN) {
            rawMessage(record);
            return;
        }
        Inbound inbound;
        try {
            inbound = parse(record, topic, kind);
        } catch (MalformedRecordException e) {
            inbound = rejected(record, e.getMessage());
        } catch (RuntimeException e) {
            // Whatever else a record makes the parser throw, it is the record's fault: never stop
            // the stream.
            inbound = rejected(record, "unreadable record: " + e);
        }
        // Forwarded outside the try: a failure further down (a producer error) is not the record's
        // fault.
        forward(record, inbound);
    }

    /** One event per recipient report, and a dead letter for what cannot be counted. */
    private void rawMessage(Record<byte[], byte[]> record) {
        List<Inbound> inbound;
        try {
            inbound = readMessage(record);
        } catch (RuntimeException e) {
            inbound = List.of(rejected(record, "unreadable record: " + e));
        }
        for (Inbound each : inbound) {
            forward(inbound.size() == 1 ? record : withOwnHeaders(record), each);
        }
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

    /** A valid input, or a {@link MalformedRecordException} saying why the record is not one. */
    private Inbound parse(Record<byte[], byte[]> record, String topic, InputKind kind) {
        long now = context.currentSystemTimeMs();
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
                    case COMMANDS, DSN ->
                            throw new IllegalStateException(kind + " records are read elsewhere");
                };
        return Inbound.ForMailbox.event(event, misrouted(record.key(), event.mailbox()));
    }

    /**
     * The events of a raw message, one per recipient report, and one rejection naming the
     * recipients whose mailbox neither the record's key nor the message tells; or the message's
     * rejection.
     */
    private List<Inbound> readMessage(Record<byte[], byte[]> record) {
        ParsedMessage parsed = messages.parse(record.value());
        if (parsed instanceof ParsedMessage.Rejected rejected) {
            return List.of(rejected(record, rejected.reason()));
        }
        ParsedMessage.Reports reports = (ParsedMessage.Reports) parsed;
        String keyed = address(record.key() == null ? null : utf8(record.key()));
        byte[] identity = identity(reports.messageId(), record.value());
        List<Inbound> out = new ArrayList<>(reports.reports().size());
        List<String> unaddressed = new ArrayList<>();
        int index = 0;
        for (RecipientReport report : reports.reports()) {
            index++;
            String mailbox = keyed != null ? keyed : address(report.mailbox());
            if (mailbox == null) {
                unaddressed.add(report.recipient() == null ? "(unnamed)" : report.recipient());
                continue;
            }
            String eventId = eventId(identity, report.recipient(), index);
            MailboxEvent event = event(report, eventId, mailbox, record.timestamp());
            out.add(Inbound.ForMailbox.event(event, misrouted(record.key(), mailbox)));
        }
        if (!unaddressed.isEmpty()) {
            out.add(rejected(record, noMailbox(unaddressed, reports.reports().size())));
        }
        return out;
    }

    /**
     * A failure is a bounce classified by its reply; an auto-reply or a delivery notice a bounce of
     * category IGNORE (deduplicated and shown in the totals by category, counted nowhere).
     */
    private static MailboxEvent event(
            RecipientReport report, String eventId, String mailbox, long timestamp) {
        if (report instanceof RecipientReport.Failure failure) {
            return MailboxEvent.Bounce.classified(
                    eventId, mailbox, timestamp, failure.facts(), CLASSIFIER);
        }
        if (report instanceof RecipientReport.Complaint) {
            return new MailboxEvent.Complaint(eventId, mailbox, timestamp);
        }
        String recipient = report.recipient();
        return new MailboxEvent.Bounce(
                eventId,
                mailbox,
                timestamp,
                BounceType.SOFT,
                report.classify(CLASSIFIER),
                recipient == null || recipient.isBlank()
                        ? null
                        : recipient.strip().toLowerCase(Locale.ROOT),
                null);
    }

    private static String noMailbox(List<String> recipients, int reports) {
        String named =
                String.join(
                                ", ",
                                recipients.subList(
                                        0, Math.min(NAMED_RECIPIENTS, recipients.size())))
                        + (recipients.size() > NAMED_RECIPIENTS
                                ? " and " + (recipients.size() - NAMED_RECIPIENTS) + " more"
                                : "");
        return "the message names no mailbox (no valid To, X-Original-To or Envelope-To, no sender"
                + " in the returned message) and the record's key is not a mailbox address: "
                + recipients.size()
                + " of its "
                + reports
                + " recipient reports not counted ("
                + named
                + ")";
    }

    /** The normalised mailbox address, or null when it is none. */
    private static String address(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return Addresses.normaliseMailbox(raw);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * What makes a message the same message when it comes again: its Message-ID, which the
     * reporting server sets once, else every byte of it.
     */
    private static byte[] identity(String messageId, byte[] raw) {
        MessageDigest digest = sha256();
        if (messageId != null) {
            digest.update((byte) 'i');
            digest.update(messageId.getBytes(StandardCharsets.UTF_8));
        } else {
            digest.update((byte) 'r');
            digest.update(raw);
        }
        return digest.digest();
    }

    /** {@code dsn-} and 64 bits of the message's identity and the recipient (or its position). */
    static String eventId(byte[] identity, String recipient, int index) {
        MessageDigest digest = sha256();
        digest.update(identity);
        String who =
                recipient == null || recipient.isBlank()
                        ? "#" + index
                        : recipient.strip().toLowerCase(Locale.ROOT);
        digest.update(who.getBytes(StandardCharsets.UTF_8));
        return "dsn-" + HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
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
