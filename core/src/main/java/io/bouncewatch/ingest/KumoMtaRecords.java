package io.bouncewatch.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.payload.Addresses;
import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.Category;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one KumoMTA log record (the JSON its log files and its Kafka log hook write) into input
 * events. Pure and thread-safe; it never throws on bad input.
 *
 * <ul>
 *   <li>{@code Reception} and {@code Delivery}: a send, event id {@code <id>:<recipient>} (the
 *       message's spool id), counted once however many records of the message arrive.
 *   <li>{@code Bounce}: a send and a HARD bounce ({@code <id>:<recipient>:bounce}) with the
 *       response's code, enhanced code and text, the peer's name as the remote MTA.
 *   <li>{@code TransientFailure}: a send and a SOFT bounce {@code <id>:<recipient>:deferred}, so
 *       that the retries of one message count once.
 *   <li>{@code Expiration}: a SOFT bounce {@code <id>:<recipient>:expired}, TRANSIENT: its response
 *       is KumoMTA's own (the message outlived its queue), not a receiver's.
 *   <li>{@code OOB}: an out-of-band bounce, HARD or SOFT by its response's class, {@code
 *       <id>:<recipient>:oob}.
 *   <li>{@code Feedback}: a complaint about the original sender and recipient the ARF report names,
 *       {@code <id>:feedback}.
 *   <li>Every other type ({@code AdminBounce}: an operator failed the message, which says nothing
 *       of the recipient; {@code Rejection}: KumoMTA refused an incoming message; {@code Delay},
 *       ...): nothing.
 * </ul>
 *
 * A {@code recipient} that is a list (KumoMTA's batch handling) stands for each of its recipients.
 * A record of the null sender ({@code ""}: KumoMTA's own bounces) counts for no mailbox and is
 * ignored. KumoMTA's own {@code bounce_classification} is written as the category only when the
 * reply says nothing the classifier knows ({@link BounceReport#withProviderCategory}).
 */
public final class KumoMtaRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** KumoMTA's bounce classifier's categories, where one of ours corresponds. */
    private static final Map<String, Category> CLASSIFICATIONS =
            Map.ofEntries(
                    Map.entry("InvalidRecipient", Category.LIST),
                    Map.entry("BadDomain", Category.LIST),
                    Map.entry("InactiveMailbox", Category.LIST),
                    Map.entry("SpamBlock", Category.REPUTATION),
                    Map.entry("SpamContent", Category.REPUTATION),
                    Map.entry("PolicyRelated", Category.REPUTATION),
                    Map.entry("ContentRelated", Category.REPUTATION),
                    Map.entry("VirusRelated", Category.REPUTATION),
                    Map.entry("AuthenticationFailed", Category.CONFIG),
                    Map.entry("QuotaIssues", Category.TRANSIENT),
                    Map.entry("TransientFailure", Category.TRANSIENT),
                    Map.entry("MessageExpired", Category.TRANSIENT));

    /** What a record is: nothing to count, events (or the reason it cannot be counted). */
    public sealed interface Read {
        /** A record of no type this reader counts, or not a log record at all. */
        record Ignored() implements Read {}

        /** The events of a record, or one rejection that says what it lacks. */
        record Recognised(List<Ingested> items) implements Read {}
    }

    private KumoMtaRecords() {}

    public static Read read(byte[] value) {
        JsonNode record;
        try {
            record = value == null ? null : JSON.readTree(value);
        } catch (IOException e) {
            return new Read.Ignored();
        }
        if (record == null || !record.isObject() || !record.path("type").isTextual()) {
            return new Read.Ignored();
        }
        String type = record.get("type").asText();
        return switch (type) {
            case "Reception", "Delivery" -> counted(type, record, value, false, null);
            case "Bounce" -> counted(type, record, value, true, BounceType.HARD);
            case "TransientFailure" -> counted(type, record, value, true, BounceType.SOFT);
            case "Expiration" -> counted(type, record, value, false, BounceType.SOFT);
            case "OOB" -> counted(type, record, value, false, byClass(record));
            case "Feedback" -> feedback(record, value);
            default -> new Read.Ignored();
        };
    }

    /**
     * A send when {@code send}, and a bounce of {@code type} when it is not null: the message left
     * for the recipient, and what became of it.
     */
    private static Read counted(
            String kind, JsonNode record, byte[] value, boolean send, BounceType type) {
        if (nullSender(record.path("sender"))) {
            // KumoMTA's own bounces and other null-sender mail count for no mailbox.
            return new Read.Ignored();
        }
        String id = text(record, "id");
        String mailbox = address(text(record, "sender"));
        List<String> recipients = recipients(record.path("recipient"));
        if (id == null || mailbox == null || recipients.isEmpty()) {
            return rejected(
                    "a KumoMTA "
                            + kind
                            + " record without a valid "
                            + (id == null ? "id" : mailbox == null ? "sender" : "recipient"),
                    value);
        }
        Instant at = time(record);
        List<Ingested> out = new ArrayList<>(2 * recipients.size());
        for (String recipient : recipients) {
            String messageId = id + ":" + recipient;
            if (send || type == null) {
                out.add(InputEvents.send(messageId, mailbox, recipient, at, null));
            }
            if (type != null) {
                out.add(
                        InputEvents.bounce(
                                bounce(kind, record, messageId, mailbox, recipient, at, type)));
            }
        }
        return new Read.Recognised(out);
    }

    private static BounceReport bounce(
            String kind,
            JsonNode record,
            String messageId,
            String mailbox,
            String recipient,
            Instant at,
            BounceType type) {
        JsonNode response = record.path("response");
        // A record may lack the classification (an older KumoMTA, a hand-made record): Map.of
        // throws on a null key.
        String classification = text(record, "bounce_classification");
        return new BounceReport(
                        messageId + ":" + suffix(kind),
                        mailbox,
                        recipient,
                        at,
                        type,
                        response.path("code").canConvertToInt()
                                ? response.path("code").asInt()
                                : null,
                        enhanced(response.path("enhanced_code")),
                        text(response, "content"),
                        peer(record),
                        // The response of an expiration is KumoMTA's own, not a receiver's.
                        "Expiration".equals(kind) ? Category.TRANSIENT : null)
                .withProviderCategory(
                        classification == null ? null : CLASSIFICATIONS.get(classification));
    }

    /**
     * The record's recipients: one address, or (with KumoMTA's batch handling, since 2025.12) a
     * list of them, one per envelope recipient of the batch; empty when none is valid.
     */
    private static List<String> recipients(JsonNode recipient) {
        List<String> out = new ArrayList<>(1);
        if (recipient.isArray()) {
            for (JsonNode r : recipient) {
                String one = recipient(text(r));
                if (one != null && !out.contains(one)) {
                    out.add(one);
                }
            }
        } else {
            String one = recipient(text(recipient));
            if (one != null) {
                out.add(one);
            }
        }
        return out;
    }

    /**
     * A complaint: the report's {@code original_mail_from} is the mailbox (the record's own sender
     * is the reporting provider), its first original recipient (or the one KumoMTA's trace header
     * names) the recipient.
     */
    private static Read feedback(JsonNode record, byte[] value) {
        JsonNode report = record.path("feedback_report");
        String id = text(record, "id");
        String mailbox = address(text(report, "original_mail_from"));
        if (id == null || mailbox == null) {
            return rejected(
                    "a KumoMTA Feedback record without a valid "
                            + (id == null ? "id" : "feedback_report.original_mail_from"),
                    value);
        }
        String recipient = recipient(text(report.path("original_rcpto_to").path(0)));
        if (recipient == null) {
            recipient = recipient(text(report.path("supplemental_trace"), "recipient"));
        }
        return new Read.Recognised(
                List.of(
                        InputEvents.complaint(
                                id + ":feedback",
                                mailbox,
                                recipient,
                                time(record),
                                text(report, "feedback_type"))));
    }

    private static String suffix(String kind) {
        return switch (kind) {
            case "TransientFailure" -> "deferred";
            case "Expiration" -> "expired";
            default -> kind.toLowerCase(Locale.ROOT);
        };
    }

    /** An out-of-band report's response says whether the failure is permanent. */
    private static BounceType byClass(JsonNode record) {
        JsonNode response = record.path("response");
        int cls = response.path("enhanced_code").path("class").asInt(0);
        if (cls == 0) {
            cls = response.path("code").asInt(500) / 100;
        }
        return cls == 4 ? BounceType.SOFT : BounceType.HARD;
    }

    private static String enhanced(JsonNode code) {
        if (!code.path("class").canConvertToInt()
                || !code.path("subject").canConvertToInt()
                || !code.path("detail").canConvertToInt()) {
            return null;
        }
        return code.get("class").asInt()
                + "."
                + code.get("subject").asInt()
                + "."
                + code.get("detail").asInt();
    }

    /** The name the peer's MX record gave, without the root's dot. */
    private static String peer(JsonNode record) {
        String name = text(record.path("peer_address"), "name");
        if (name == null) {
            return null;
        }
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** The record's time (epoch seconds); null leaves the record's own timestamp. */
    private static Instant time(JsonNode record) {
        JsonNode t = record.path("timestamp");
        return t.isNumber() ? Instant.ofEpochSecond(t.asLong()) : null;
    }

    private static String text(JsonNode node, String field) {
        return text(node.path(field));
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    /** The null reverse-path, {@code ""} or {@code <>}, of a bounce or an auto-reply. */
    private static boolean nullSender(JsonNode sender) {
        return sender.isTextual() && strip(sender.asText()).isEmpty();
    }

    /** A bare, normalised mailbox address, or null when it is none. */
    private static String address(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return Addresses.normaliseMailbox(strip(raw));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String recipient(String raw) {
        String recipient = raw == null ? "" : strip(raw).toLowerCase(Locale.ROOT);
        return recipient.isEmpty() ? null : recipient;
    }

    /** {@code <a@b>} as ARF and envelopes write it, to {@code a@b}. */
    private static String strip(String raw) {
        String s = raw.strip();
        return s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1).strip() : s;
    }

    private static Read rejected(String reason, byte[] value) {
        return new Read.Recognised(List.of(new Ingested.Rejected(reason, value)));
    }
}
