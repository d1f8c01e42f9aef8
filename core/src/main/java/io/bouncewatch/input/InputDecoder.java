package io.bouncewatch.input;

import io.bouncewatch.dsn.BounceMessageParser;
import io.bouncewatch.dsn.ParsedMessage;
import io.bouncewatch.dsn.RecipientReport;
import io.bouncewatch.ingest.Ingested;
import io.bouncewatch.ingest.KumoMtaRecords;
import io.bouncewatch.payload.Addresses;
import io.bouncewatch.payload.InputParser;
import io.bouncewatch.payload.MalformedRecordException;
import io.bouncewatch.rules.BounceClassifier;
import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.Command;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.OperatorCommand;
import io.bouncewatch.rules.SuppressionCommand;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads one record of an input topic into what it holds. It never throws on bad input: what cannot
 * be counted is {@link Decoded.Rejected} with the reason. Pure and thread-safe.
 *
 * <p>A raw message (a bounce or a feedback report) becomes one event per recipient it reports on.
 * Its mailbox is the record's key when that is a mailbox address (the producer knows whose bounce
 * it fetched, even when bounces return to one shared address), else the original sender the message
 * names. Its event ids are {@code dsn-} and 16 hex digits of a SHA-256 over the message's {@code
 * Message-ID} (its bytes when it has none) and the recipient, so that the same message delivered
 * twice is counted once and each of its recipients once.
 */
public final class InputDecoder {

    private static final BounceClassifier CLASSIFIER = new BounceClassifier();

    /** Recipients a rejection names at most: the reason stays one readable line. */
    private static final int NAMED_RECIPIENTS = 5;

    private final BounceMessageParser messages;

    /**
     * @param messages the parser of raw messages, with the largest size it reads
     */
    public InputDecoder(BounceMessageParser messages) {
        this.messages = Objects.requireNonNull(messages, "messages");
    }

    /**
     * What a record holds: one input, or for a raw message one per recipient report.
     *
     * @param timestamp the record's timestamp, the time of an event that carries none
     * @param now the time the record is read at, which bounds how far in the future an event may be
     */
    public List<Decoded> decode(
            InputKind kind, byte[] key, byte[] value, long timestamp, long now) {
        return decode(kind, key, value, 0, value == null ? 0 : value.length, timestamp, now);
    }

    /**
     * {@link #decode(InputKind, byte[], byte[], long, long)} of a value that is {@code length}
     * bytes of {@code value} from {@code offset}, read where it lies (as in a line of an exported
     * history): the same decoding, without a copy of the value.
     */
    public List<Decoded> decode(
            InputKind kind,
            byte[] key,
            byte[] value,
            int offset,
            int length,
            long timestamp,
            long now) {
        Objects.requireNonNull(kind, "kind");
        try {
            return switch (kind) {
                case SENDS -> event(InputParser.send(value, offset, length, timestamp, now));
                case BOUNCES -> event(InputParser.bounce(value, offset, length, timestamp, now));
                case COMPLAINTS ->
                        event(InputParser.complaint(value, offset, length, timestamp, now));
                case COMMANDS ->
                        command(InputParser.command(value, offset, length, timestamp, now));
                case DSN -> message(key, own(value, offset, length), timestamp);
                case KUMOMTA -> kumo(own(value, offset, length), timestamp, now);
                // A line counts only joined with its queue id's other lines: the monitor writes
                // what the join makes to the sends and bounces topics, read there.
                case POSTFIX -> List.of();
            };
        } catch (MalformedRecordException e) {
            return rejected(e.getMessage());
        } catch (RuntimeException e) {
            // Whatever else a record makes the parser throw, it is the record's fault.
            return rejected("unreadable record: " + e);
        }
    }

    /** The events of a KumoMTA log record, through the same parser as a sender's events. */
    private static List<Decoded> kumo(byte[] value, long timestamp, long now) {
        if (!(KumoMtaRecords.read(value) instanceof KumoMtaRecords.Read.Recognised recognised)) {
            return List.of();
        }
        List<Decoded> out = new ArrayList<>(recognised.items().size());
        for (Ingested item : recognised.items()) {
            if (item instanceof Ingested.Event e) {
                byte[] json = e.value();
                out.add(
                        new Decoded.Event(
                                switch (e.kind()) {
                                    case SENDS -> InputParser.send(json, timestamp, now);
                                    case BOUNCES -> InputParser.bounce(json, timestamp, now);
                                    default -> InputParser.complaint(json, timestamp, now);
                                }));
            } else {
                out.add(new Decoded.Rejected(((Ingested.Rejected) item).reason()));
            }
        }
        return out;
    }

    /** The value as an array of its own: a raw message is read, and its identity taken, whole. */
    private static byte[] own(byte[] value, int offset, int length) {
        return value == null || (offset == 0 && length == value.length)
                ? value
                : Arrays.copyOfRange(value, offset, offset + length);
    }

    private static List<Decoded> event(MailboxEvent event) {
        return List.of(new Decoded.Event(event));
    }

    private static List<Decoded> command(OperatorCommand command) {
        return List.of(
                command instanceof Command c
                        ? new Decoded.Order(c)
                        : new Decoded.RecipientOrder((SuppressionCommand) command));
    }

    private static List<Decoded> rejected(String reason) {
        return List.of(new Decoded.Rejected(reason));
    }

    /**
     * The events of a raw message, one per recipient report, and one rejection naming the
     * recipients whose mailbox neither the record's key nor the message tells; or the message's
     * rejection.
     */
    private List<Decoded> message(byte[] key, byte[] value, long timestamp) {
        ParsedMessage parsed = messages.parse(value);
        if (parsed instanceof ParsedMessage.Rejected rejected) {
            return rejected(rejected.reason());
        }
        ParsedMessage.Reports reports = (ParsedMessage.Reports) parsed;
        String keyed = address(key == null ? null : new String(key, StandardCharsets.UTF_8));
        byte[] identity = identity(reports.messageId(), value);
        List<Decoded> out = new ArrayList<>(reports.reports().size());
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
            out.add(new Decoded.Event(event(report, eventId, mailbox, timestamp)));
        }
        if (!unaddressed.isEmpty()) {
            out.add(new Decoded.Rejected(noMailbox(unaddressed, reports.reports().size())));
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
        if (report instanceof RecipientReport.Complaint complaint) {
            return new MailboxEvent.Complaint(
                    eventId, mailbox, timestamp, Addresses.recipientOrNull(complaint.recipient()));
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
}
