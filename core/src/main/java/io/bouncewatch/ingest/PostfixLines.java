package io.bouncewatch.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.payload.Addresses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a record of the Postfix topic into the {@link PostfixLine} the join needs; every other line
 * is ignored. Pure and thread-safe; it never throws on bad input.
 *
 * <p>A record is the line itself (RFC 3164 syslog, with or without its {@code <PRI>}, with a
 * classic or an ISO timestamp, or RFC 5424), or a log shipper's JSON object holding it in {@code
 * message} (as Vector, Filebeat and Fluent Bit's syslog parser ship it), {@code log} (Fluent Bit's
 * tail input) or {@code MESSAGE} (journald's own fields, as {@code journalctl -o json} and Fluent
 * Bit's systemd input ship them); when the object has the program apart ({@code appname}, {@code
 * ident}, {@code SYSLOG_IDENTIFIER} or Filebeat's {@code syslog.identifier}), that text is what
 * follows the program's tag and the host is its {@code hostname}, {@code host}, {@code _HOSTNAME}
 * or Filebeat's {@code host.hostname} / {@code host.name}.
 */
public final class PostfixLines {

    /** {@code <host> postfix[-instance]/<program>[<pid>]: <text>} in a syslog line. */
    private static final Pattern TAGGED =
            Pattern.compile("(?:^|\\s)(\\S+)\\s+postfix[\\w.-]*/([\\w-]+)(?:\\[\\d+\\])?:\\s(.*)$");

    /**
     * RFC 5424: {@code <host> postfix[-instance]/<program> <procid> <msgid> <structured data>
     * <text>}, as rsyslog's and syslog-ng's RFC 5424 templates write it.
     */
    private static final Pattern RFC5424 =
            Pattern.compile(
                    "(?:^|\\s)(\\S+)\\s+postfix[\\w.-]*/([\\w-]+)\\s+\\S+\\s+\\S+\\s+"
                            + "(?:-|(?:\\[(?:[^\\]\\\\]|\\\\.)*\\])+)\\s+\\uFEFF?(.*)$");

    /** {@code <queue id>: <rest>}: short (hex) or long queue ids. */
    private static final Pattern QUEUED = Pattern.compile("^([0-9A-Za-z]{5,20}): (.*)$");

    private static final Pattern STATUS = Pattern.compile("\\bstatus=([A-Za-z-]+)(?: \\((.*)\\))?");

    private static final Pattern SAID = Pattern.compile("^host \\S+ said: ");

    private static final Pattern IN_REPLY = Pattern.compile(" \\(in reply to [^)]*\\)$");

    private static final ObjectMapper JSON = new ObjectMapper();

    private PostfixLines() {}

    /** What a record of the Postfix topic is. */
    public static PostfixLine.Read read(byte[] value) {
        if (value == null || value.length == 0) {
            return new PostfixLine.Read.Ignored();
        }
        if (value[0] == '{') {
            return shipped(value);
        }
        return line(new String(value, StandardCharsets.UTF_8).strip());
    }

    private static PostfixLine.Read shipped(byte[] value) {
        JsonNode json;
        try {
            json = JSON.readTree(value);
        } catch (IOException e) {
            return new PostfixLine.Read.Ignored();
        }
        String message = field(json, "message", "log", "MESSAGE");
        if (message == null) {
            return new PostfixLine.Read.Ignored();
        }
        String program = field(json, "appname", "ident", "SYSLOG_IDENTIFIER", "syslog/identifier");
        if (program == null || !program.startsWith("postfix")) {
            return line(message.strip());
        }
        int slash = program.indexOf('/');
        return slash < 0
                ? new PostfixLine.Read.Ignored()
                : text(
                        field(json, "hostname", "host", "_HOSTNAME", "host/hostname", "host/name"),
                        program.substring(slash + 1),
                        message.strip());
    }

    /** The first of the fields that holds text; {@code a/b} names field b of object a. */
    private static String field(JsonNode json, String... names) {
        for (String name : names) {
            JsonNode node = json.at("/" + name);
            if (node.isTextual() && !node.asText().isBlank()) {
                return node.asText();
            }
        }
        return null;
    }

    private static PostfixLine.Read line(String line) {
        Matcher tagged = TAGGED.matcher(line);
        if (!tagged.find()) {
            tagged = RFC5424.matcher(line);
            if (!tagged.find()) {
                return new PostfixLine.Read.Ignored();
            }
        }
        return text(tagged.group(1), tagged.group(2), tagged.group(3));
    }

    /** The text after {@code postfix/<program>[pid]: }. */
    private static PostfixLine.Read text(String host, String program, String text) {
        Matcher queued = QUEUED.matcher(text);
        if (!queued.matches() || "NOQUEUE".equals(queued.group(1))) {
            return new PostfixLine.Read.Ignored();
        }
        String queueId = queued.group(1);
        String rest = queued.group(2);
        if ("qmgr".equals(program)) {
            if ("removed".equals(rest)) {
                return new PostfixLine.Read.Line(new PostfixLine.Removed(host, queueId));
            }
            if (rest.startsWith("from=<") && !rest.contains("status=")) {
                return sender(host, queueId, rest);
            }
            if (rest.startsWith("from=<") && rest.contains(">, status=expired")) {
                return expired(host, queueId, rest);
            }
            return new PostfixLine.Read.Ignored();
        }
        return rest.startsWith("to=")
                ? outcome(host, queueId, rest)
                : new PostfixLine.Read.Ignored();
    }

    private static PostfixLine.Read sender(String host, String queueId, String rest) {
        int end = rest.indexOf('>', 6);
        if (end < 0) {
            return new PostfixLine.Read.Malformed(
                    "a Postfix qmgr line of queue id " + queueId + " with an unterminated from=<");
        }
        String raw = rest.substring(6, end);
        int recipients = recipients(value(rest, ", nrcpt=", end));
        if (raw.isEmpty()) {
            return new PostfixLine.Read.Line(
                    new PostfixLine.Sender(host, queueId, null, recipients));
        }
        try {
            return new PostfixLine.Read.Line(
                    new PostfixLine.Sender(
                            host, queueId, Addresses.normaliseMailbox(raw), recipients));
        } catch (IllegalArgumentException e) {
            return new PostfixLine.Read.Malformed(
                    "the sender of Postfix queue id "
                            + queueId
                            + " is no mailbox address: "
                            + e.getMessage());
        }
    }

    private static PostfixLine.Read expired(String host, String queueId, String rest) {
        String raw = rest.substring(6, rest.indexOf(">, status=expired"));
        if (raw.isEmpty()) {
            return new PostfixLine.Read.Line(new PostfixLine.Expired(host, queueId, null));
        }
        try {
            return new PostfixLine.Read.Line(
                    new PostfixLine.Expired(host, queueId, Addresses.normaliseMailbox(raw)));
        } catch (IllegalArgumentException e) {
            return new PostfixLine.Read.Malformed(
                    "the sender of Postfix queue id "
                            + queueId
                            + " is no mailbox address: "
                            + e.getMessage());
        }
    }

    private static PostfixLine.Read outcome(String host, String queueId, String rest) {
        boolean bracketed = rest.startsWith("to=<");
        // local(8) and virtual(8) of some versions write the address bare: to=user@host, ...
        int end = bracketed ? rest.indexOf('>', 4) : rest.indexOf(',', 3);
        if (end < 0) {
            return new PostfixLine.Read.Malformed(
                    "a Postfix delivery line of queue id "
                            + queueId
                            + (bracketed ? " with an unterminated to=<" : " without status="));
        }
        String recipient = rest.substring(bracketed ? 4 : 3, end).strip().toLowerCase(Locale.ROOT);
        Matcher status = STATUS.matcher(rest);
        if (!status.find(end)) {
            return new PostfixLine.Read.Malformed(
                    "a Postfix delivery line of queue id "
                            + queueId
                            + " for <"
                            + recipient
                            + "> without status=");
        }
        String outcome = status.group(1).toLowerCase(Locale.ROOT);
        if (outcome.equals("softbounce")) {
            // soft_bounce=yes: Postfix keeps the message queued and tries again, a deferral.
            outcome = "deferred";
        }
        if (recipient.isEmpty()
                || !(outcome.equals("sent")
                        || outcome.equals("deferred")
                        || outcome.equals("bounced")
                        || outcome.equals("expired"))) {
            // Address verification probes (status=deliverable/undeliverable) send nothing.
            return new PostfixLine.Read.Ignored();
        }
        return new PostfixLine.Read.Line(
                new PostfixLine.Outcome(
                        host,
                        queueId,
                        recipient,
                        outcome,
                        value(rest, ", dsn=", end),
                        relayHost(value(rest, ", relay=", end)),
                        reply(status.group(2))));
    }

    /** {@code nrcpt=2 (queue active)} to 2; 0 when absent or not a count. */
    private static int recipients(String nrcpt) {
        if (nrcpt == null) {
            return 0;
        }
        int digits = 0;
        while (digits < nrcpt.length() && digits < 6 && Character.isDigit(nrcpt.charAt(digits))) {
            digits++;
        }
        return digits == 0 ? 0 : Integer.parseInt(nrcpt, 0, digits, 10);
    }

    /** The value of {@code , name=value,} after {@code from}; null when absent. */
    private static String value(String rest, String name, int from) {
        int at = rest.indexOf(name, from);
        if (at < 0) {
            return null;
        }
        int start = at + name.length();
        int comma = rest.indexOf(',', start);
        return rest.substring(start, comma < 0 ? rest.length() : comma).strip();
    }

    /** {@code mx.example.com[192.0.2.1]:25} to its host; a transport without one to null. */
    private static String relayHost(String relay) {
        if (relay == null) {
            return null;
        }
        int bracket = relay.indexOf('[');
        return bracket > 0 ? relay.substring(0, bracket) : null;
    }

    private static String reply(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String reply = IN_REPLY.matcher(SAID.matcher(text).replaceFirst("")).replaceFirst("");
        return reply.isBlank() ? null : reply.strip();
    }
}
