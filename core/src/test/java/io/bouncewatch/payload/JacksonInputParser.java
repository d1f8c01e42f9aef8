package io.bouncewatch.payload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.Command;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.OperatorAction;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The reference the input parser is held to: the same rules read with Jackson's streaming parser,
 * whose strict defaults define what valid JSON is here.
 */
final class JacksonInputParser {

    static final int MAX_ID_LENGTH = 256;
    /** Longest reason or operator a command may carry. */
    public static final int MAX_TEXT_LENGTH = 1024;
    private static final int MAX_NESTING = 32;
    /** Events stamped before this are clock or encoding errors, not history. */
    private static final long EARLIEST_TIMESTAMP = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
    /** Clock skew tolerated on events stamped in the future. */
    private static final long MAX_FUTURE_SKEW_MILLIS = 24L * 60 * 60 * 1000;

    // A factory per document: from a factory's shared table of field names Jackson accepts a name
    // whose bytes are not UTF-8 once an earlier document had it, so the verdict on a record would
    // depend on the records read before it. (Without that table it reads through a lenient decoder.)
    private static JsonFactory json() {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING)
                        .maxStringLength(64 * 1024)
                        .build())
                .build();
    }

    private JacksonInputParser() {
    }

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
        return new MailboxEvent.Bounce(f.eventId(), f.mailbox(), f.timestamp(recordTimestamp, now), type);
    }

    public static MailboxEvent.Complaint complaint(byte[] json, long recordTimestamp, long now) {
        Fields f = read(json);
        return new MailboxEvent.Complaint(f.eventId(), f.mailbox(), f.timestamp(recordTimestamp, now));
    }

    public static Command command(byte[] json, long recordTimestamp, long now) {
        Fields f = read(json);
        String commandId = required(f.commandId, "commandId");
        OperatorAction action = action(required(f.action, "action"));
        long at = f.timestamp(recordTimestamp, now);
        if (f.mailbox != null && f.domain != null) {
            throw new MalformedRecordException("a command names either a mailbox or a domain, not both");
        }
        if (f.mailbox != null) {
            return new Command(commandId, f.mailbox(), false, action, f.reason, f.operator, at);
        }
        if (f.domain == null) {
            throw new MalformedRecordException("missing required field 'mailbox' or 'domain'");
        }
        if (!action.appliesToDomains()) {
            throw new MalformedRecordException("action " + action + " applies to mailboxes only, not to a domain");
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
            throw new MalformedRecordException("unknown action '" + Addresses.abbreviate(raw)
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
        Fields fields = new Fields();
        try (JsonParser p = json().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedRecordException("value is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "eventId" -> fields.eventId = text(p, value, name, MAX_ID_LENGTH);
                    case "mailbox" -> fields.mailbox = text(p, value, name, Addresses.MAX_ADDRESS_LENGTH * 2);
                    case "timestamp" -> fields.timestamp = timestamp(p, value);
                    case "type" -> fields.type = text(p, value, name, MAX_ID_LENGTH);
                    case "smtpCode" -> fields.smtpCode = smtpCode(p, value);
                    case "enhancedStatus" -> fields.enhancedStatus = text(p, value, name, MAX_ID_LENGTH);
                    case "commandId" -> fields.commandId = text(p, value, name, MAX_ID_LENGTH);
                    case "action" -> fields.action = text(p, value, name, MAX_ID_LENGTH);
                    case "domain" -> fields.domain = text(p, value, name, Addresses.MAX_DOMAIN_LENGTH * 2);
                    case "reason" -> fields.reason = text(p, value, name, MAX_TEXT_LENGTH);
                    case "operator" -> fields.operator = text(p, value, name, MAX_TEXT_LENGTH);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new MalformedRecordException("trailing content after the JSON object");
            }
        } catch (IOException e) {
            throw new MalformedRecordException("invalid JSON: " + firstLine(e.getMessage()));
        }
        return fields;
    }

    private static String text(JsonParser p, JsonToken token, String field, int maxLength) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            p.skipChildren();
            throw new MalformedRecordException("field '" + field + "' must be a string");
        }
        String value = p.getText();
        if (value.length() > maxLength) {
            throw new MalformedRecordException("field '" + field + "' is longer than " + maxLength + " characters");
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
            throw new MalformedRecordException("field 'smtpCode' " + code + " is not an SMTP reply code (200-599)");
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
        String text = p.getText().trim();
        try {
            return IsoInstant.parseMillis(text);
        } catch (DateTimeParseException e) {
            throw new MalformedRecordException("field 'timestamp' '" + Addresses.abbreviate(text)
                    + "' is not an ISO-8601 date-time such as 2026-11-22T10:15:30Z");
        } catch (ArithmeticException | DateTimeException e) {
            throw new MalformedRecordException("field 'timestamp' '" + Addresses.abbreviate(text)
                    + "' is out of range");
        }
    }

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
                throw new MalformedRecordException("timestamp " + describe(at)
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
