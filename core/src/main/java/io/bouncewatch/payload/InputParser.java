package io.bouncewatch.payload;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.Command;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.OperatorAction;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads the input events and commands of docs/interface.md §1.2. It streams over the JSON once with
 * Jackson's strict parser ({@link Json#FACTORY}), keeps only the fields the monitor uses and skips
 * the rest unread, so senders may add fields freely. Anything that cannot become a valid event
 * throws {@link MalformedRecordException} with the reason; broken JSON's reason starts with
 * "invalid JSON" and goes on in Jackson's words.
 */
public final class InputParser {

    static final int MAX_ID_LENGTH = 256;

    /** Longest reason or operator a command may carry. */
    public static final int MAX_TEXT_LENGTH = 1024;

    /** Events stamped before this are clock or encoding errors, not history. */
    private static final long EARLIEST_TIMESTAMP =
            Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();

    /** Clock skew tolerated on events stamped in the future. */
    private static final long MAX_FUTURE_SKEW_MILLIS = 24L * 60 * 60 * 1000;

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private InputParser() {}

    public static MailboxEvent.Send send(byte[] json, long recordTimestamp, long now) {
        Fields f = read(json);
        return new MailboxEvent.Send(f.eventId(), f.mailbox(), f.timestamp(recordTimestamp, now));
    }

    public static MailboxEvent.Bounce bounce(byte[] json, long recordTimestamp, long now) {
        Fields f = read(json);
        BounceType type;
        try {
            type = BounceType.classify(f.type, f.smtpCode, f.enhancedStatus);
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException(e.getMessage());
        }
        return new MailboxEvent.Bounce(
                f.eventId(), f.mailbox(), f.timestamp(recordTimestamp, now), type);
    }

    public static MailboxEvent.Complaint complaint(byte[] json, long recordTimestamp, long now) {
        Fields f = read(json);
        return new MailboxEvent.Complaint(
                f.eventId(), f.mailbox(), f.timestamp(recordTimestamp, now));
    }

    public static Command command(byte[] json, long recordTimestamp, long now) {
        Fields f = read(json);
        String commandId = required(f.commandId, "commandId");
        OperatorAction action = action(required(f.action, "action"));
        long at = f.timestamp(recordTimestamp, now);
        if (f.mailbox != null && f.domain != null) {
            throw new MalformedRecordException(
                    "a command names either a mailbox or a domain, not both");
        }
        if (f.mailbox != null) {
            return new Command(commandId, f.mailbox(), false, action, f.reason, f.operator, at);
        }
        if (f.domain == null) {
            throw new MalformedRecordException("missing required field 'mailbox' or 'domain'");
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

    private static OperatorAction action(String raw) {
        try {
            return OperatorAction.valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException(
                    "unknown action '"
                            + Addresses.abbreviate(raw)
                            + "': expected PAUSE, RESUME, RESET or REMOVE");
        }
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

    private static Fields read(byte[] json) {
        if (json == null || json.length == 0) {
            throw new MalformedRecordException("empty record value");
        }
        byte[] utf8 = markedUtf8(json);
        Fields fields = new Fields();
        try (JsonParser p = Json.FACTORY.createParser(utf8)) {
            try {
                readObject(p, fields);
            } catch (MalformedRecordException rejected) {
                rejectNotUtf8(utf8, p.currentLocation().getByteOffset());
                throw rejected;
            }
        } catch (IOException e) {
            throw new MalformedRecordException("invalid JSON: " + firstLine(e.getMessage()));
        }
        rejectNotUtf8(utf8, utf8.length);
        return fields;
    }

    private static void readObject(JsonParser p, Fields fields) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new MalformedRecordException("value is not a JSON object");
        }
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "eventId" -> fields.eventId = text(p, value, name, MAX_ID_LENGTH);
                case "mailbox" ->
                        fields.mailbox = text(p, value, name, Addresses.MAX_ADDRESS_LENGTH * 2);
                case "timestamp" -> fields.timestamp = timestamp(p, value);
                case "type" -> fields.type = text(p, value, name, MAX_ID_LENGTH);
                case "smtpCode" -> fields.smtpCode = smtpCode(p, value);
                case "enhancedStatus" ->
                        fields.enhancedStatus = text(p, value, name, MAX_ID_LENGTH);
                case "commandId" -> fields.commandId = text(p, value, name, MAX_ID_LENGTH);
                case "action" -> fields.action = text(p, value, name, MAX_ID_LENGTH);
                case "domain" ->
                        fields.domain = text(p, value, name, Addresses.MAX_DOMAIN_LENGTH * 2);
                case "reason" -> fields.reason = text(p, value, name, MAX_TEXT_LENGTH);
                case "operator" -> fields.operator = text(p, value, name, MAX_TEXT_LENGTH);
                default -> p.skipChildren();
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
            throw new MalformedRecordException("trailing content after the JSON object");
        }
    }

    /**
     * The record as Jackson must read it: UTF-8, the only encoding of JSON here (RFC 8259, 8.1).
     * Jackson guesses UTF-16 or UTF-32 from a NUL, 0xFE or 0xFF among the first four bytes; behind
     * a UTF-8 byte order mark it reads UTF-8. No valid document has such a byte, so this copy is
     * rare.
     */
    private static byte[] markedUtf8(byte[] json) {
        if (json.length >= 3
                && json[0] == UTF8_BOM[0]
                && json[1] == UTF8_BOM[1]
                && json[2] == UTF8_BOM[2]) {
            return json;
        }
        for (int i = 0; i < Math.min(4, json.length); i++) {
            byte b = json[i];
            if (b == 0 || b == (byte) 0xFE || b == (byte) 0xFF) {
                byte[] marked = Arrays.copyOf(UTF8_BOM, UTF8_BOM.length + json.length);
                System.arraycopy(json, 0, marked, UTF8_BOM.length, json.length);
                return marked;
            }
        }
        return json;
    }

    /**
     * Jackson's byte reader lets through, inside strings, two things that are not UTF-8: a
     * four-byte sequence beyond U+10FFFF, and a field name with a 0xFF byte that its table of names
     * takes for a known name (it pads names with 0xFF). Both start with a byte from 0xF4 up; one
     * before {@code upTo}, where Jackson stopped, makes the record invalid JSON, found where it
     * lies.
     */
    private static void rejectNotUtf8(byte[] json, long upTo) {
        int end = (int) Math.min(upTo, json.length);
        for (int i = 0; i < end; i++) {
            int lead = json[i] & 0xFF;
            if (lead >= 0xF8) {
                throw new MalformedRecordException(
                        "invalid JSON: invalid UTF-8 start byte (code " + lead + ")");
            }
            if (lead >= 0xF4
                    && i + 3 < json.length
                    && continuation(json[i + 1])
                    && continuation(json[i + 2])
                    && continuation(json[i + 3])
                    && ((lead & 0x07) << 18 | (json[i + 1] & 0x3F) << 12)
                            > Character.MAX_CODE_POINT) {
                throw new MalformedRecordException(
                        "invalid JSON: invalid UTF-8: code point beyond U+10FFFF");
            }
        }
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    private static String text(JsonParser p, JsonToken token, String field, int maxLength)
            throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            p.skipChildren();
            throw new MalformedRecordException("field '" + field + "' must be a string");
        }
        String value = p.getText();
        if (value.length() > maxLength) {
            throw new MalformedRecordException(
                    "field '" + field + "' is longer than " + maxLength + " characters");
        }
        return value;
    }

    private static Integer smtpCode(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_NUMBER_INT) {
            p.skipChildren();
            throw new MalformedRecordException("field 'smtpCode' must be an integer");
        }
        long code = p.getLongValue();
        if (code < 200 || code > 599) {
            throw new MalformedRecordException(
                    "field 'smtpCode' " + code + " is not an SMTP reply code (200-599)");
        }
        return (int) code;
    }

    /** ISO-8601 text (with Z or an offset), or epoch milliseconds as a number. */
    private static Long timestamp(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (token != JsonToken.VALUE_STRING) {
            p.skipChildren();
            throw new MalformedRecordException("field 'timestamp' must be an ISO-8601 string");
        }
        return isoTimestamp(p.getText().trim());
    }

    private static long isoTimestamp(String text) {
        try {
            return IsoInstant.parseMillis(text);
        } catch (DateTimeParseException e) {
            throw new MalformedRecordException(
                    "field 'timestamp' '"
                            + Addresses.abbreviate(text)
                            + "' is not an ISO-8601 date-time such as 2026-11-22T10:15:30Z");
        } catch (ArithmeticException | DateTimeException e) {
            throw new MalformedRecordException(
                    "field 'timestamp' '" + Addresses.abbreviate(text) + "' is out of range");
        }
    }

    /** Jackson's message without the location it appends on further lines. */
    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return Addresses.abbreviate(newline < 0 ? message : message.substring(0, newline));
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
