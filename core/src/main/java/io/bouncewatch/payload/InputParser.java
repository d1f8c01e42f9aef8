package io.bouncewatch.payload;

import io.bouncewatch.rules.BounceClass;
import io.bouncewatch.rules.BounceClassifier;
import io.bouncewatch.rules.BounceFacts;
import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.Command;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.OperatorAction;
import io.bouncewatch.rules.OperatorCommand;
import io.bouncewatch.rules.Suppression;
import io.bouncewatch.rules.SuppressionAction;
import io.bouncewatch.rules.SuppressionCommand;
import io.bouncewatch.rules.SuppressionSource;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads the input events and commands of docs/interface.md §1.2. It passes over the JSON once
 * ({@link JsonIn}), decodes only the fields the monitor uses and skips the rest where they lie, so
 * senders may add fields freely. Anything that cannot become a valid event throws {@link
 * MalformedRecordException} with the reason.
 */
public final class InputParser {

    static final int MAX_ID_LENGTH = 256;

    /** Longest reason or operator a command may carry. */
    public static final int MAX_TEXT_LENGTH = 1024;

    /** Longest diagnostic a bounce may carry: a remote server's reply with room to spare. */
    static final int MAX_DIAGNOSTIC_LENGTH = 8 * 1024;

    /** Events stamped before this are clock or encoding errors, not history. */
    private static final long EARLIEST_TIMESTAMP =
            Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();

    /** Clock skew tolerated on events stamped in the future. */
    private static final long MAX_FUTURE_SKEW_MILLIS = 24L * 60 * 60 * 1000;

    /** Pure and thread-safe: one for every stream thread. */
    private static final BounceClassifier CLASSIFIER = new BounceClassifier();

    private InputParser() {}

    public static MailboxEvent.Send send(byte[] json, long recordTimestamp, long now) {
        return send(json, 0, length(json), recordTimestamp, now);
    }

    /**
     * {@link #send} of the value in {@code length} bytes of {@code json} from {@code offset}, read
     * where it lies (as in a line of an exported history), without a copy.
     */
    public static MailboxEvent.Send send(
            byte[] json, int offset, int length, long recordTimestamp, long now) {
        Fields f = read(json, offset, length, NAMES);
        return new MailboxEvent.Send(f.eventId(), f.mailbox(), f.timestamp(recordTimestamp, now));
    }

    /**
     * Reads a bounce and classifies it (docs/rules.md §2.1): the fields the classification reads
     * are decoded only for bounces, the rarer events.
     */
    public static MailboxEvent.Bounce bounce(byte[] json, long recordTimestamp, long now) {
        return bounce(json, 0, length(json), recordTimestamp, now);
    }

    /**
     * {@link #bounce} of a value read where it lies, as {@link #send(byte[], int, int, long,
     * long)}.
     */
    public static MailboxEvent.Bounce bounce(
            byte[] json, int offset, int length, long recordTimestamp, long now) {
        Fields f = read(json, offset, length, BOUNCE_NAMES);
        return MailboxEvent.Bounce.classified(
                f.eventId(), f.mailbox(), f.timestamp(recordTimestamp, now), facts(f), CLASSIFIER);
    }

    /**
     * Reads a bounce with everything its classification needs, checked as {@link #bounce} checks it
     * (except the timestamp's range: a bounce explained offline may be of any age).
     */
    public static ClassifiableBounce classifiable(byte[] json) {
        Fields f = read(json, BOUNCE_NAMES);
        String eventId = f.eventId();
        String mailbox = f.mailbox();
        return new ClassifiableBounce(eventId, mailbox, facts(f));
    }

    private static BounceFacts facts(Fields f) {
        BounceType type;
        try {
            type = BounceType.classify(f.type, f.smtpCode, f.enhancedStatus);
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException(e.getMessage());
        }
        return new BounceFacts(
                f.category,
                f.diagnostic,
                f.enhancedStatus,
                f.smtpCode,
                type,
                f.recipient,
                f.remoteMta,
                f.provider);
    }

    /**
     * Reads a complaint; a recipient that is not an address leaves the complaint without one (it
     * still counts for its mailbox).
     */
    public static MailboxEvent.Complaint complaint(byte[] json, long recordTimestamp, long now) {
        return complaint(json, 0, length(json), recordTimestamp, now);
    }

    /**
     * {@link #complaint} of a value read where it lies, as {@link #send(byte[], int, int, long,
     * long)}.
     */
    public static MailboxEvent.Complaint complaint(
            byte[] json, int offset, int length, long recordTimestamp, long now) {
        Fields f = read(json, offset, length, COMPLAINT_NAMES);
        return new MailboxEvent.Complaint(
                f.eventId(),
                f.mailbox(),
                f.timestamp(recordTimestamp, now),
                Addresses.recipientOrNull(f.recipient));
    }

    /**
     * Reads a command: for a mailbox or a domain a {@link Command}, for a recipient a {@link
     * SuppressionCommand}.
     */
    public static OperatorCommand command(byte[] json, long recordTimestamp, long now) {
        return command(json, 0, length(json), recordTimestamp, now);
    }

    /**
     * {@link #command} of a value read where it lies, as {@link #send(byte[], int, int, long,
     * long)}.
     */
    public static OperatorCommand command(
            byte[] json, int offset, int length, long recordTimestamp, long now) {
        Fields f = read(json, offset, length, COMMAND_NAMES);
        String commandId = required(f.commandId, "commandId");
        String actionName = required(f.action, "action");
        long at = f.timestamp(recordTimestamp, now);
        int targets =
                (f.mailbox != null ? 1 : 0)
                        + (f.domain != null ? 1 : 0)
                        + (f.recipient != null ? 1 : 0);
        if (targets > 1) {
            throw new MalformedRecordException(
                    "a command names one of a mailbox, a domain or a recipient, not several");
        }
        if (f.recipient != null) {
            return recipientCommand(f, commandId, actionName, at);
        }
        OperatorAction action = action(actionName);
        if (f.mailbox != null) {
            return new Command(commandId, f.mailbox(), false, action, f.reason, f.operator, at);
        }
        if (f.domain == null) {
            throw new MalformedRecordException(
                    "missing required field 'mailbox', 'domain' or 'recipient'");
        }
        if (!action.appliesToDomains()) {
            throw new MalformedRecordException(
                    "action " + action + " applies to mailboxes only, not to a domain");
        }
        String domain;
        try {
            domain = Addresses.normaliseDomain(f.domain);
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException(e.getMessage());
        }
        return new Command(commandId, domain, true, action, f.reason, f.operator, at);
    }

    private static SuppressionCommand recipientCommand(
            Fields f, String commandId, String actionName, long at) {
        SuppressionAction action = suppressionAction(actionName);
        String recipient;
        try {
            recipient = Addresses.normaliseRecipient(f.recipient);
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException(e.getMessage());
        }
        if (action == SuppressionAction.UNSUPPRESS) {
            return new SuppressionCommand(
                    commandId,
                    recipient,
                    action,
                    null,
                    null,
                    SuppressionSource.OPERATOR,
                    f.reason,
                    f.operator,
                    at);
        }
        return new SuppressionCommand(
                commandId,
                recipient,
                action,
                f.until,
                category(f.category),
                commandSource(f.source),
                f.reason,
                f.operator,
                at);
    }

    /** The fields of a Suppression, in the order it is written; since and until are instants. */
    private static final String[] SUPPRESSION_FIELDS = {
        "recipient",
        "category",
        "class",
        "source",
        "since",
        "until",
        "mailbox",
        "causeEventId",
        "operator",
        "note"
    };

    private static final byte[][] SUPPRESSION_NAMES = names(SUPPRESSION_FIELDS);

    /**
     * Reads a Suppression as {@link PayloadWriter#suppression} writes it (a record of the
     * suppression topic, a line of an export).
     */
    public static Suppression suppression(byte[] json) {
        if (json == null || json.length == 0) {
            throw new MalformedRecordException("empty record value");
        }
        String[] text = new String[SUPPRESSION_NAMES.length];
        Long since = null;
        Long until = null;
        JsonIn in = new JsonIn(json);
        for (int field = in.nextField(SUPPRESSION_NAMES);
                field != JsonIn.END;
                field = in.nextField(SUPPRESSION_NAMES)) {
            switch (field) {
                case 4 -> since = instant(in, "since");
                case 5 -> until = instant(in, "until");
                case 0, 1, 2, 3, 6, 7, 8, 9 ->
                        text[field] = text(in, SUPPRESSION_FIELDS[field], MAX_TEXT_LENGTH);
                default -> in.skipValue();
            }
        }
        in.finish();
        String recipient;
        try {
            recipient = Addresses.normaliseRecipient(required(text[0], "recipient"));
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException(e.getMessage());
        }
        if (since == null) {
            throw new MalformedRecordException("missing required field 'since'");
        }
        return new Suppression(
                recipient,
                category(text[1]),
                text[2] == null ? null : named(BounceClass.class, text[2], "class"),
                named(SuppressionSource.class, required(text[3], "source"), "source"),
                since,
                until,
                text[6],
                text[7],
                text[8],
                text[9]);
    }

    private static <E extends Enum<E>> E named(Class<E> type, String raw, String field) {
        try {
            return Enum.valueOf(type, raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException(
                    "field '"
                            + field
                            + "' '"
                            + Addresses.abbreviate(raw)
                            + "' is none of "
                            + Arrays.toString(type.getEnumConstants()));
        }
    }

    private static OperatorAction action(String raw) {
        try {
            return OperatorAction.valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            boolean forRecipients = isSuppressionAction(raw);
            throw new MalformedRecordException(
                    forRecipients
                            ? "action " + raw.trim() + " applies to recipients only"
                            : "unknown action '"
                                    + Addresses.abbreviate(raw)
                                    + "': expected PAUSE, RESUME, RESET, REMOVE, SUPPRESS or"
                                    + " UNSUPPRESS");
        }
    }

    private static boolean isSuppressionAction(String raw) {
        String name = raw.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(SuppressionAction.values()).anyMatch(a -> a.name().equals(name));
    }

    private static SuppressionAction suppressionAction(String raw) {
        if (!isSuppressionAction(raw)) {
            throw new MalformedRecordException(
                    "action '"
                            + Addresses.abbreviate(raw)
                            + "' does not apply to a recipient: expected SUPPRESS or UNSUPPRESS");
        }
        return SuppressionAction.valueOf(raw.trim().toUpperCase(Locale.ROOT));
    }

    /** An operator's category for a suppression: any category, or none. */
    private static Category category(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Category.valueOf(raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException(
                    "unknown category '"
                            + Addresses.abbreviate(raw)
                            + "': expected one of "
                            + Arrays.toString(Category.values()));
        }
    }

    private static SuppressionSource commandSource(String raw) {
        if (raw == null || raw.isBlank()) {
            return SuppressionSource.OPERATOR;
        }
        String name = raw.strip().toUpperCase(Locale.ROOT);
        if (name.equals(SuppressionSource.OPERATOR.name())) {
            return SuppressionSource.OPERATOR;
        }
        if (name.equals(SuppressionSource.IMPORT.name())) {
            return SuppressionSource.IMPORT;
        }
        throw new MalformedRecordException(
                "field 'source' '"
                        + Addresses.abbreviate(raw)
                        + "' of a command must be OPERATOR or IMPORT");
    }

    private static String required(String value, String field) {
        if (value == null) {
            throw new MalformedRecordException("missing required field '" + field + "'");
        }
        if (value.isBlank()) {
            throw new MalformedRecordException("required field '" + field + "' is empty");
        }
        return value;
    }

    private static final int EVENT_ID = 0;
    private static final int MAILBOX = 1;
    private static final int TIMESTAMP = 2;
    private static final int TYPE = 3;
    private static final int SMTP_CODE = 4;
    private static final int ENHANCED_STATUS = 5;
    private static final int COMMAND_ID = 6;
    private static final int ACTION = 7;
    private static final int DOMAIN = 8;
    private static final int REASON = 9;
    private static final int OPERATOR = 10;
    private static final int RECIPIENT = 11;
    private static final int DIAGNOSTIC = 12;
    private static final int CATEGORY = 13;
    private static final int PROVIDER = 14;
    private static final int REMOTE_MTA = 15;
    private static final int UNTIL = 16;
    private static final int SOURCE = 17;

    /** The fields of the events and commands the topology reads, in the order of their indexes. */
    private static final String[] TOPOLOGY_FIELDS = {
        "eventId",
        "mailbox",
        "timestamp",
        "type",
        "smtpCode",
        "enhancedStatus",
        "commandId",
        "action",
        "domain",
        "reason",
        "operator"
    };

    private static final byte[][] NAMES = names(TOPOLOGY_FIELDS);

    /** What a bounce's classification reads besides {@link #TOPOLOGY_FIELDS}. */
    private static final String[] BOUNCE_FIELDS = {
        "recipient", "diagnostic", "category", "provider", "remoteMta"
    };

    private static final byte[][] BOUNCE_NAMES = namesOf(TOPOLOGY_FIELDS, BOUNCE_FIELDS);

    /** {@link #NAMES} and the recipient a complaint may name. */
    private static final byte[][] COMPLAINT_NAMES =
            namesOf(TOPOLOGY_FIELDS, new String[] {"recipient"});

    /**
     * Everything a recipient's command may carry: the bounce's names keep their indexes (a command
     * reads their recipient and category, and commands are too rare for a layout of their own).
     */
    private static final byte[][] COMMAND_NAMES =
            namesOf(TOPOLOGY_FIELDS, BOUNCE_FIELDS, new String[] {"until", "source"});

    private static byte[][] namesOf(String[]... groups) {
        return names(Arrays.stream(groups).flatMap(Arrays::stream).toArray(String[]::new));
    }

    private static byte[][] names(String... names) {
        byte[][] bytes = new byte[names.length][];
        for (int n = 0; n < names.length; n++) {
            bytes[n] = names[n].getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }

    /** A null value's length, 0: it is empty. */
    private static int length(byte[] json) {
        return json == null ? 0 : json.length;
    }

    private static Fields read(byte[] json, byte[][] names) {
        return read(json, 0, length(json), names);
    }

    private static Fields read(byte[] json, int offset, int length, byte[][] names) {
        if (json == null || length == 0) {
            throw new MalformedRecordException("empty record value");
        }
        Fields fields = new Fields();
        JsonIn in = new JsonIn(json, offset, length);
        for (int field = in.nextField(names); field != JsonIn.END; field = in.nextField(names)) {
            switch (field) {
                case EVENT_ID -> fields.eventId = text(in, "eventId", MAX_ID_LENGTH);
                case MAILBOX ->
                        fields.mailbox = text(in, "mailbox", Addresses.MAX_ADDRESS_LENGTH * 2);
                case TIMESTAMP -> fields.timestamp = timestamp(in);
                case TYPE -> fields.type = text(in, "type", MAX_ID_LENGTH);
                case SMTP_CODE -> fields.smtpCode = smtpCode(in);
                case ENHANCED_STATUS ->
                        fields.enhancedStatus = text(in, "enhancedStatus", MAX_ID_LENGTH);
                case COMMAND_ID -> fields.commandId = text(in, "commandId", MAX_ID_LENGTH);
                case ACTION -> fields.action = text(in, "action", MAX_ID_LENGTH);
                case DOMAIN -> fields.domain = text(in, "domain", Addresses.MAX_DOMAIN_LENGTH * 2);
                case REASON -> fields.reason = text(in, "reason", MAX_TEXT_LENGTH);
                case OPERATOR -> fields.operator = text(in, "operator", MAX_TEXT_LENGTH);
                case RECIPIENT ->
                        fields.recipient = text(in, "recipient", Addresses.MAX_ADDRESS_LENGTH * 2);
                case DIAGNOSTIC ->
                        fields.diagnostic = text(in, "diagnostic", MAX_DIAGNOSTIC_LENGTH);
                case CATEGORY -> fields.category = text(in, "category", MAX_ID_LENGTH);
                case PROVIDER -> fields.provider = text(in, "provider", MAX_ID_LENGTH);
                case REMOTE_MTA -> fields.remoteMta = text(in, "remoteMta", MAX_TEXT_LENGTH);
                case UNTIL -> fields.until = instant(in, "until");
                case SOURCE -> fields.source = text(in, "source", MAX_ID_LENGTH);
                default -> in.skipValue();
            }
        }
        in.finish();
        return fields;
    }

    private static String text(JsonIn in, String field, int maxLength) {
        JsonIn.Kind kind = in.kind();
        if (kind == JsonIn.Kind.NULL) {
            in.skipValue();
            return null;
        }
        if (kind != JsonIn.Kind.STRING) {
            in.skipMismatched();
            throw new MalformedRecordException("field '" + field + "' must be a string");
        }
        String value = in.string();
        if (value.length() > maxLength) {
            throw new MalformedRecordException(
                    "field '" + field + "' is longer than " + maxLength + " characters");
        }
        return value;
    }

    private static Integer smtpCode(JsonIn in) {
        JsonIn.Kind kind = in.kind();
        if (kind == JsonIn.Kind.NULL) {
            in.skipValue();
            return null;
        }
        Long code = kind == JsonIn.Kind.NUMBER ? in.integer() : null;
        if (code == null) {
            if (kind != JsonIn.Kind.NUMBER) {
                in.skipMismatched();
            }
            throw new MalformedRecordException("field 'smtpCode' must be an integer");
        }
        if (code < 200 || code > 599) {
            throw new MalformedRecordException(
                    "field 'smtpCode' " + code + " is not an SMTP reply code (200-599)");
        }
        return code.intValue();
    }

    /** ISO-8601 text (with Z or an offset), or epoch milliseconds as a number. */
    private static Long timestamp(JsonIn in) {
        return instant(in, "timestamp");
    }

    /** ISO-8601 text (with Z or an offset), or epoch milliseconds as a number. */
    private static Long instant(JsonIn in, String field) {
        JsonIn.Kind kind = in.kind();
        if (kind == JsonIn.Kind.NULL) {
            in.skipValue();
            return null;
        }
        if (kind == JsonIn.Kind.NUMBER) {
            Long millis = in.integer();
            if (millis != null) {
                return millis;
            }
        } else if (kind == JsonIn.Kind.STRING) {
            return isoTimestamp(in.string().trim(), field);
        } else {
            in.skipMismatched();
        }
        throw new MalformedRecordException("field '" + field + "' must be an ISO-8601 string");
    }

    private static long isoTimestamp(String text, String field) {
        try {
            return IsoInstant.parseMillis(text);
        } catch (DateTimeParseException e) {
            throw new MalformedRecordException(
                    "field '"
                            + field
                            + "' '"
                            + Addresses.abbreviate(text)
                            + "' is not an ISO-8601 date-time such as 2026-11-22T10:15:30Z");
        } catch (ArithmeticException | DateTimeException e) {
            throw new MalformedRecordException(
                    "field '" + field + "' '" + Addresses.abbreviate(text) + "' is out of range");
        }
    }

    /** The fields read from one record; null where absent. */
    private static final class Fields {
        String eventId;
        String mailbox;
        Long timestamp;
        String type;
        Integer smtpCode;
        String enhancedStatus;
        String commandId;
        String action;
        String domain;
        String reason;
        String operator;
        String recipient;
        String diagnostic;
        String category;
        String provider;
        String remoteMta;
        Long until;
        String source;

        String eventId() {
            return required(eventId, "eventId");
        }

        String mailbox() {
            try {
                return Addresses.normaliseMailbox(required(mailbox, "mailbox"));
            } catch (IllegalArgumentException e) {
                throw new MalformedRecordException(e.getMessage());
            }
        }

        /** The event's own time, else the record's, which Kafka vouches for and is not checked. */
        long timestamp(long recordTimestamp, long now) {
            if (timestamp == null) {
                return recordTimestamp;
            }
            long at = timestamp;
            if (at < EARLIEST_TIMESTAMP || at > now + MAX_FUTURE_SKEW_MILLIS) {
                throw new MalformedRecordException(
                        "timestamp "
                                + describe(at)
                                + " is before 2000 or more than a day ahead of the monitor's clock");
            }
            return at;
        }

        private static String describe(long at) {
            try {
                return Instant.ofEpochMilli(at).toString();
            } catch (DateTimeException e) {
                return Long.toString(at);
            }
        }
    }
}
