package io.bouncewatch.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.payload.Addresses;
import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.EnhancedStatus;
import io.bouncewatch.rules.SmtpCode;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SendGrid's Event Webhook: a JSON array of events, signed with the account's Signed Event Webhook
 * key. Counts processed and delivered messages as sends, bounces (type {@code bounce}: permanent,
 * {@code blocked}: temporary) and deferrals as bounces, spam reports as complaints; every other
 * event (dropped, open, click, unsubscribe, ...) is skipped.
 *
 * <p>SendGrid's events do not name the sender: the sending mailbox comes from a custom argument the
 * sender adds to each message, a top-level field of every event. An event to count without it is
 * rejected with a reason that says how to set it; the other events of the request still count.
 */
public final class SendGridWebhook implements WebhookSource {

    public static final String SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";
    public static final String TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What SendGrid appends to the message id of the Mail Send answer ({@code X-Message-Id}) to
     * name the node that handled an event; cut off so that all events of one message agree.
     */
    private static final Pattern NODE_SUFFIX =
            Pattern.compile("\\.[a-z]*(?:filter|recvd)", Pattern.CASE_INSENSITIVE);

    private final SendGridSignature signature;
    private final String senderArg;
    private final Duration maxAge;

    /**
     * @param senderArg the custom argument that names the sending mailbox
     * @param maxAge how far the signed timestamp may be from the time a request arrives, either way
     */
    public SendGridWebhook(SendGridSignature signature, String senderArg, Duration maxAge) {
        this.signature = Objects.requireNonNull(signature, "signature");
        this.senderArg = Objects.requireNonNull(senderArg, "senderArg");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        if (senderArg.isBlank()) {
            throw new IllegalArgumentException("senderArg is blank");
        }
    }

    @Override
    public String name() {
        return "sendgrid";
    }

    @Override
    public List<Ingested> accept(WebhookRequest request) throws WebhookRefusal {
        verify(request);
        JsonNode events;
        try {
            events = JSON.readTree(request.body());
        } catch (IOException e) {
            throw WebhookRefusal.malformed("the body is not JSON: " + firstLine(e));
        }
        if (events == null || !events.isArray()) {
            throw WebhookRefusal.malformed("the body is not a JSON array of SendGrid events");
        }
        List<Ingested> out = new ArrayList<>();
        Set<String> sendIds = new HashSet<>();
        for (JsonNode event : events) {
            map(event, out, sendIds);
        }
        return out;
    }

    private void verify(WebhookRequest request) throws WebhookRefusal {
        String signed = requiredHeader(request, SIGNATURE_HEADER);
        String timestamp = requiredHeader(request, TIMESTAMP_HEADER);
        if (!signature.verifies(timestamp, request.body(), signed)) {
            throw WebhookRefusal.unauthenticated(
                    "the signature does not verify with ingest.sendgrid.public-key");
        }
        Instant signedAt;
        try {
            signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp.strip()));
        } catch (NumberFormatException | DateTimeException e) {
            throw WebhookRefusal.malformed(
                    TIMESTAMP_HEADER + " is not a Unix time in seconds: " + abbreviate(timestamp));
        }
        Duration off = Duration.between(signedAt, request.receivedAt()).abs();
        if (off.compareTo(maxAge) > 0) {
            throw WebhookRefusal.forbidden(
                    "signed at "
                            + signedAt
                            + ", more than ingest.max-age ("
                            + maxAge
                            + ") from "
                            + request.receivedAt()
                            + ": a replayed request, or a clock far off");
        }
    }

    private static String requiredHeader(WebhookRequest request, String name)
            throws WebhookRefusal {
        String value = request.header(name);
        if (value == null || value.isBlank()) {
            throw WebhookRefusal.unauthenticated(
                    "no "
                            + name
                            + " header: enable Signed Event Webhook Requests in SendGrid's Event"
                            + " Webhook settings");
        }
        return value;
    }

    private void map(JsonNode event, List<Ingested> out, Set<String> sendIds) {
        if (!event.isObject()) {
            out.add(rejected("a SendGrid event is not a JSON object", event));
            return;
        }
        String kind = text(event, "event");
        if (kind == null) {
            out.add(rejected("a SendGrid event has no 'event' field", event));
            return;
        }
        kind = kind.toLowerCase(Locale.ROOT);
        // A drop is not a delivery attempt: SendGrid refused to send to an address on its own
        // suppression list (an earlier bounce or spam report, an unsubscribe) or an invalid one.
        // The mailbox sent nothing, and the bounce that put the address there counted once
        // already; engagement and account events say nothing about delivery.
        if (!kind.equals("processed")
                && !kind.equals("delivered")
                && !kind.equals("deferred")
                && !kind.equals("bounce")
                && !kind.equals("spamreport")) {
            return;
        }
        String email = text(event, "email");
        if (email == null) {
            out.add(rejected("a SendGrid " + kind + " event has no 'email' (recipient)", event));
            return;
        }
        String recipient = email.strip().toLowerCase(Locale.ROOT);
        String senderValue = customArgument(event);
        if (senderValue == null) {
            out.add(
                    rejected(
                            "a SendGrid "
                                    + kind
                                    + " event has no custom argument '"
                                    + senderArg
                                    + "' naming the sending mailbox: send each message with"
                                    + " \"custom_args\": {\""
                                    + senderArg
                                    + "\": \"<sending address>\"} (v3 Mail Send), or with"
                                    + " \"unique_args\" in the X-SMTPAPI header (SMTP)",
                            event));
            return;
        }
        String mailbox;
        try {
            mailbox = Addresses.normaliseMailbox(bareAddress(senderValue));
        } catch (IllegalArgumentException e) {
            out.add(
                    rejected(
                            "the custom argument '"
                                    + senderArg
                                    + "' of a SendGrid "
                                    + kind
                                    + " event is not an address: "
                                    + e.getMessage(),
                            event));
            return;
        }
        String eventId = text(event, "sg_event_id");
        if (eventId == null && (kind.equals("bounce") || kind.equals("spamreport"))) {
            out.add(rejected("a SendGrid " + kind + " event has no 'sg_event_id'", event));
            return;
        }
        String messageId = messageId(event);
        Instant at = timestamp(event);
        switch (kind) {
            case "processed", "delivered" -> send(out, sendIds, messageId, mailbox, recipient, at);
            case "deferred" -> {
                String deferralId =
                        messageId != null ? messageId + ":" + recipient + ":deferred" : eventId;
                if (deferralId == null) {
                    out.add(
                            rejected(
                                    "a SendGrid deferred event has no 'sg_message_id', 'smtp-id'"
                                            + " or 'sg_event_id'",
                                    event));
                    return;
                }
                send(out, sendIds, messageId, mailbox, recipient, at);
                String response = text(event, "response");
                out.add(
                        InputEvents.bounce(
                                reply(
                                        deferralId,
                                        mailbox,
                                        recipient,
                                        at,
                                        BounceType.SOFT,
                                        response != null ? response : text(event, "reason"),
                                        null)));
            }
            case "bounce" -> {
                send(out, sendIds, messageId, mailbox, recipient, at);
                BounceType type =
                        "blocked".equalsIgnoreCase(text(event, "type"))
                                ? BounceType.SOFT
                                : BounceType.HARD;
                BounceReport report =
                        reply(
                                eventId,
                                mailbox,
                                recipient,
                                at,
                                type,
                                text(event, "reason"),
                                text(event, "status"));
                out.add(
                        InputEvents.bounce(
                                report.withProviderCategory(
                                        providerCategory(text(event, "bounce_classification")))));
            }
            default -> out.add(InputEvents.complaint(eventId, mailbox, recipient, at, "abuse"));
        }
    }

    /**
     * The category SendGrid's bounce classification stands for, used only when the reply says
     * nothing the classifier knows; null for {@code Unclassified} and for names SendGrid may add.
     * "Mailbox Unavailable" (full, inactive, temporarily unavailable) and "Technical Failure" are
     * TRANSIENT rather than LIST or CONFIG: a guess must not suppress a recipient for good nor
     * count against the sender's domain setup.
     */
    static Category providerCategory(String classification) {
        if (classification == null) {
            return null;
        }
        return switch (classification.strip().toLowerCase(Locale.ROOT)) {
            case "invalid address" -> Category.LIST;
            case "reputation", "content" -> Category.REPUTATION;
            case "frequency or volume too high" -> Category.THROTTLE;
            case "mailbox unavailable", "technical failure", "technical" -> Category.TRANSIENT;
            default -> null;
        };
    }

    /**
     * The message id every event of one message shares: {@code sg_message_id} without the node
     * suffix, else the local part of {@code smtp-id} (a delayed bounce may lack the former; the
     * latter's local part is the same id); null when the event has neither.
     */
    static String messageId(JsonNode event) {
        String sgMessageId = text(event, "sg_message_id");
        if (sgMessageId != null) {
            Matcher suffix = NODE_SUFFIX.matcher(sgMessageId);
            return suffix.find() && suffix.start() > 0
                    ? sgMessageId.substring(0, suffix.start())
                    : sgMessageId.strip();
        }
        String smtpId = text(event, "smtp-id");
        if (smtpId == null) {
            return null;
        }
        String id = bareAddress(smtpId);
        int at = id.lastIndexOf('@');
        return at > 0 ? id.substring(0, at) : id;
    }

    private static void send(
            List<Ingested> out,
            Set<String> sendIds,
            String messageId,
            String mailbox,
            String recipient,
            Instant at) {
        if (messageId == null) {
            // Without a message id no send id agrees across the message's events: counting it
            // would count one message several times.
            return;
        }
        String sendId = messageId + ":" + recipient;
        if (sendIds.add(sendId)) {
            out.add(InputEvents.send(sendId, mailbox, recipient, at, null));
        }
    }

    /**
     * A bounce report of a remote reply: the codes written in the reply text come first, since
     * SendGrid's own {@code status} is often a generic {@code 5.0.0} beside a precise reply.
     */
    private static BounceReport reply(
            String eventId,
            String mailbox,
            String recipient,
            Instant at,
            BounceType type,
            String reply,
            String status) {
        String enhanced = EnhancedStatus.find(reply);
        if (enhanced == null) {
            enhanced = EnhancedStatus.normalise(status);
        }
        return new BounceReport(
                eventId,
                mailbox,
                recipient,
                at,
                type,
                SmtpCode.find(reply),
                enhanced,
                reply,
                null,
                null);
    }

    /** The sender's custom argument: a top-level field, or one inside {@code unique_args}. */
    private String customArgument(JsonNode event) {
        String value = text(event, senderArg);
        if (value == null) {
            JsonNode uniqueArgs = event.get("unique_args");
            if (uniqueArgs != null && uniqueArgs.isObject()) {
                value = text(uniqueArgs, senderArg);
            }
        }
        return value;
    }

    /** The address inside angle brackets when there are any: {@code Alice <a@acme.io>}. */
    private static String bareAddress(String raw) {
        int open = raw.lastIndexOf('<');
        int close = raw.lastIndexOf('>');
        return open >= 0 && close > open ? raw.substring(open + 1, close) : raw;
    }

    private static Instant timestamp(JsonNode event) {
        JsonNode t = event.get("timestamp");
        if (t == null || !(t.isIntegralNumber() || t.isTextual())) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(
                    t.isIntegralNumber() ? t.asLong() : Long.parseLong(t.asText().strip()));
        } catch (NumberFormatException | DateTimeException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isValueNode() || value.isNull()) {
            return null;
        }
        String text = value.asText();
        return text.isBlank() ? null : text;
    }

    private static Ingested.Rejected rejected(String reason, JsonNode event) {
        try {
            return new Ingested.Rejected(reason, JSON.writeValueAsBytes(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(IOException e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
