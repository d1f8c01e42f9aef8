package io.bouncewatch.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.payload.Addresses;
import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.EnhancedStatus;
import io.bouncewatch.rules.SmtpCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Amazon SES's events, as SES publishes them to an SNS topic, turned into input events: both its
 * notifications ({@code notificationType} Bounce, Complaint, Delivery) and its event publishing
 * ({@code eventType} Send, Delivery, Bounce, Complaint, Reject, DeliveryDelay, ...).
 *
 * <ul>
 *   <li>A bounce: a bounce per bounced recipient, eventId {@code <feedbackId>:<recipient>}; its
 *       bounceType and bounceSubType are the provider's category, used only when the reply says
 *       nothing the classifier knows.
 *   <li>A delivery delay: a SOFT bounce per delayed recipient, eventId {@code
 *       <messageId>:<recipient> :deferred}, so that the retries of one message count once.
 *   <li>A complaint: a complaint per complained recipient, eventId {@code
 *       <feedbackId>:<recipient>}; none for one with a {@code complaintSubType}
 *       (OnAccountSuppressionList: SES sent nothing to an address that complained before).
 *   <li>Every event that shows the message left for a recipient (send, delivery, bounce, delay): a
 *       send per recipient, eventId {@code <messageId>:<recipient>}, which the monitor counts once.
 *   <li>A Reject (SES found a virus and sent nothing), opens, clicks, rendering failures and
 *       subscription changes: nothing.
 * </ul>
 *
 * The mailbox is {@code mail.source}, the envelope sender, as a bare address.
 */
public final class SesEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What SES publishes and no rule counts: skipped without a trace. */
    private static final Set<String> NOT_COUNTED =
            Set.of(
                    "reject",
                    "open",
                    "click",
                    "rendering failure",
                    "subscription",
                    "amazonsnssubscriptionsucceeded");

    private SesEvents() {}

    /**
     * The input events an SES event reports; a single {@link Ingested.Rejected} when it is not one
     * or does not name what an event needs.
     *
     * @param message the SNS notification's Message: SES's JSON
     */
    public static List<Ingested> of(String message) {
        byte[] original = message.getBytes(StandardCharsets.UTF_8);
        JsonNode root;
        try {
            root = JSON.readTree(message);
        } catch (IOException e) {
            root = null;
        }
        String kind =
                root == null || !root.isObject()
                        ? null
                        : text(root, "eventType") != null
                                ? text(root, "eventType")
                                : text(root, "notificationType");
        if (kind == null) {
            return rejected(
                    "the SNS notification's Message is not an SES event (no eventType or"
                            + " notificationType)",
                    original);
        }
        kind = kind.toLowerCase(Locale.ROOT);
        if (NOT_COUNTED.contains(kind)) {
            return List.of();
        }
        JsonNode mail = root.path("mail");
        String source = text(mail, "source");
        if (source == null) {
            return rejected("the SES " + kind + " has no mail.source (the sender)", original);
        }
        String mailbox;
        try {
            mailbox = Addresses.normaliseMailbox(bare(source));
        } catch (IllegalArgumentException e) {
            return rejected(
                    "the SES " + kind + "'s mail.source is not an address: " + e.getMessage(),
                    original);
        }
        String messageId = text(mail, "messageId");
        if (messageId == null) {
            return rejected("the SES " + kind + " has no mail.messageId", original);
        }
        Instant sentAt = instant(text(mail, "timestamp"));
        var event = new Mail(mailbox, messageId, sentAt);
        List<Ingested> out = new ArrayList<>();
        switch (kind) {
            case "send" -> sends(event, mail.path("destination"), out);
            case "delivery" -> sends(event, root.path("delivery").path("recipients"), out);
            case "bounce" -> bounce(event, root.path("bounce"), out);
            case "deliverydelay" -> delay(event, root.path("deliveryDelay"), out);
            case "complaint" -> complaint(event, root.path("complaint"), out);
            default -> {
                // an event type of a later SES release: nothing any rule counts yet
            }
        }
        return out;
    }

    private record Mail(String mailbox, String messageId, Instant sentAt) {
        Ingested.Event send(String recipient) {
            return InputEvents.send(messageId + ":" + recipient, mailbox, recipient, sentAt, null);
        }
    }

    private static void sends(Mail mail, JsonNode recipients, List<Ingested> out) {
        for (JsonNode r : recipients) {
            String recipient = recipient(r.asText(null));
            if (recipient != null) {
                out.add(mail.send(recipient));
            }
        }
    }

    private static void bounce(Mail mail, JsonNode bounce, List<Ingested> out) {
        String feedbackId = text(bounce, "feedbackId");
        String bounceType = text(bounce, "bounceType");
        Category providerSays = providerCategory(text(bounce, "bounceSubType"));
        BounceType type = bounceType(bounceType);
        Instant at = instant(text(bounce, "timestamp"));
        for (JsonNode r : bounce.path("bouncedRecipients")) {
            String recipient = recipient(text(r, "emailAddress"));
            if (recipient == null) {
                continue;
            }
            out.add(mail.send(recipient));
            String eventId = (feedbackId != null ? feedbackId : mail.messageId()) + ":" + recipient;
            out.add(
                    InputEvents.bounce(
                            report(
                                            eventId,
                                            mail,
                                            recipient,
                                            at,
                                            type,
                                            r,
                                            text(bounce, "remoteMtaIp"))
                                    .withProviderCategory(providerSays)));
        }
    }

    private static void delay(Mail mail, JsonNode delay, List<Ingested> out) {
        Category providerSays = delayCategory(text(delay, "delayType"));
        Instant at = instant(text(delay, "timestamp"));
        for (JsonNode r : delay.path("delayedRecipients")) {
            String recipient = recipient(text(r, "emailAddress"));
            if (recipient == null) {
                continue;
            }
            out.add(mail.send(recipient));
            out.add(
                    InputEvents.bounce(
                            report(
                                            mail.messageId() + ":" + recipient + ":deferred",
                                            mail,
                                            recipient,
                                            at,
                                            BounceType.SOFT,
                                            r,
                                            text(delay, "reportingMTA"))
                                    .withProviderCategory(providerSays)));
        }
    }

    private static void complaint(Mail mail, JsonNode complaint, List<Ingested> out) {
        if (text(complaint, "complaintSubType") != null) {
            // OnAccountSuppressionList: SES sent nothing, the address having complained before;
            // that complaint counted when it came, and must not count again at every send.
            return;
        }
        String feedbackId = text(complaint, "feedbackId");
        Instant at = instant(text(complaint, "timestamp"));
        for (JsonNode r : complaint.path("complainedRecipients")) {
            String recipient = recipient(text(r, "emailAddress"));
            if (recipient == null) {
                continue;
            }
            out.add(
                    InputEvents.complaint(
                            (feedbackId != null ? feedbackId : mail.messageId()) + ":" + recipient,
                            mail.mailbox(),
                            recipient,
                            at,
                            text(complaint, "complaintFeedbackType")));
        }
    }

    private static BounceReport report(
            String eventId,
            Mail mail,
            String recipient,
            Instant at,
            BounceType type,
            JsonNode r,
            String remoteMta) {
        String diagnostic = diagnostic(text(r, "diagnosticCode"));
        String enhanced = EnhancedStatus.normalise(text(r, "status"));
        return new BounceReport(
                eventId,
                mail.mailbox(),
                recipient,
                at != null ? at : mail.sentAt(),
                type,
                SmtpCode.find(diagnostic),
                enhanced != null ? enhanced : EnhancedStatus.find(diagnostic),
                diagnostic,
                remoteMta,
                null);
    }

    /** SES's bounceType: Permanent is HARD, Transient SOFT; Undetermined says neither. */
    static BounceType bounceType(String bounceType) {
        if ("Permanent".equalsIgnoreCase(bounceType)) {
            return BounceType.HARD;
        }
        return "Transient".equalsIgnoreCase(bounceType) ? BounceType.SOFT : null;
    }

    /**
     * What SES's bounceSubType means, when it means one category: General (Permanent or Transient)
     * and Undetermined cover unknown users and reputation blocks alike, so they name none and leave
     * the reply (or, without one, the bounce's type) to decide.
     */
    static Category providerCategory(String subType) {
        String sub = subType == null ? "" : subType.toLowerCase(Locale.ROOT);
        return switch (sub) {
            case "noemail", "suppressed", "onaccountsuppressionlist" -> Category.LIST;
            case "mailboxfull", "messagetoolarge" -> Category.TRANSIENT;
            case "contentrejected", "attachmentrejected" -> Category.REPUTATION;
            default -> null;
        };
    }

    /** What a DeliveryDelay's delayType means, when it means one category. */
    static Category delayCategory(String delayType) {
        String d = delayType == null ? "" : delayType.toLowerCase(Locale.ROOT);
        return switch (d) {
            case "mailboxfull",
                    "transientcommunicationfailure",
                    "recipientservererror",
                    "internalfailure",
                    "byoiphostnamelookupunavailable" ->
                    Category.TRANSIENT;
            case "spamdetected", "ipfailure" -> Category.REPUTATION;
            case "sendingdeferral" -> Category.THROTTLE;
            default -> null;
        };
    }

    /** The remote reply without the DSN's {@code smtp; } type prefix. */
    static String diagnostic(String diagnosticCode) {
        if (diagnosticCode == null || diagnosticCode.isBlank()) {
            return null;
        }
        String d = diagnosticCode.strip();
        int semicolon = d.indexOf(';');
        if (semicolon > 0 && d.substring(0, semicolon).strip().equalsIgnoreCase("smtp")) {
            d = d.substring(semicolon + 1).strip();
        }
        return d;
    }

    /** {@code Sender Name <sender@example.com>} as {@code sender@example.com}. */
    static String bare(String address) {
        int open = address.lastIndexOf('<');
        int close = address.lastIndexOf('>');
        return open >= 0 && close > open ? address.substring(open + 1, close) : address;
    }

    private static String recipient(String raw) {
        return raw == null ? null : Addresses.recipientOrNull(bare(raw));
    }

    private static Instant instant(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n != null && n.isTextual() && !n.asText().isBlank() ? n.asText() : null;
    }

    private static List<Ingested> rejected(String reason, byte[] original) {
        return List.of(new Ingested.Rejected(reason, original));
    }
}
