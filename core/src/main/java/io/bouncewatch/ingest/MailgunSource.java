package io.bouncewatch.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bouncewatch.payload.Addresses;
import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.EnhancedStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mailgun's webhooks: one event per request, {@code event-data} (accepted, delivered, failed,
 * complained) signed in the body's {@code signature}: the hex HMAC-SHA256 of {@code timestamp +
 * token} with the domain's webhook signing key. Mailgun's legacy webhooks, a form of the same
 * signature's fields and the event's (delivered, bounced, dropped, complained), are read as the
 * events they stand for ({@link MailgunLegacy}). A timestamp further than the maximum age from this
 * clock, either way, is refused, and so is a token seen again within that age.
 */
public final class MailgunSource implements WebhookSource {

    /**
     * Tokens remembered at most, past which the oldest are forgotten early: a replay of one is
     * still counted once by its event id.
     */
    static final int MAX_TOKENS = 200_000;

    private static final int MAX_DIAGNOSTIC = 8192;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What Mailgun's {@code reason} says where the reply does not: the suppressions it keeps (a
     * recipient that bounced, complained or unsubscribed before) and the reasons that name a kind
     * of failure. {@code bounce} and {@code generic} say nothing more than the severity.
     */
    private static final Map<String, Category> REASONS =
            Map.of(
                    "suppress-bounce", Category.LIST,
                    "suppress-complaint", Category.LIST,
                    "suppress-unsubscribe", Category.LIST,
                    "hardfail", Category.LIST,
                    "espblock", Category.REPUTATION,
                    "greylisted", Category.THROTTLE,
                    "old", Category.TRANSIENT);

    private final SecretKeySpec key;
    private final Duration maxAge;
    // Token -> its signed time, in arrival order: the oldest are the first to go.
    private final LinkedHashMap<String, Instant> seenTokens = new LinkedHashMap<>();

    /**
     * @param signingKey the HTTP webhook signing key of the Mailgun domain or account
     * @param maxAge the oldest signed timestamp accepted, and how long a token is remembered
     */
    public MailgunSource(String signingKey, Duration maxAge) {
        if (signingKey.isEmpty()) {
            throw new IllegalArgumentException("Mailgun needs its webhook signing key");
        }
        this.key = new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.maxAge = maxAge;
    }

    @Override
    public String name() {
        return "mailgun";
    }

    @Override
    public List<Ingested> accept(WebhookRequest request) throws WebhookRefusal {
        Map<String, String> form = MailgunLegacy.form(request);
        if (form != null) {
            ObjectNode legacy = MailgunLegacy.asEvent(form);
            verify(legacy.path("signature"), request.receivedAt());
            return map(legacy.path("event-data"), request.body());
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (JsonProcessingException e) {
            throw WebhookRefusal.malformed(
                    "the body is not JSON (Mailgun's webhooks send application/json): "
                            + e.getOriginalMessage());
        } catch (IOException e) {
            throw WebhookRefusal.malformed("the body cannot be read: " + e.getMessage());
        }
        if (body == null || !body.isObject()) {
            throw WebhookRefusal.malformed(
                    "the body is not a Mailgun webhook: a JSON object with signature and event-data");
        }
        verify(body.path("signature"), request.receivedAt());
        JsonNode event = body.path("event-data");
        if (!event.isObject()) {
            throw WebhookRefusal.malformed("the body has no event-data object");
        }
        return map(event, request.body());
    }

    private void verify(JsonNode signature, Instant now) throws WebhookRefusal {
        String timestamp = text(signature, "timestamp");
        String token = text(signature, "token");
        String given = text(signature, "signature");
        if (timestamp == null || token == null || given == null) {
            throw WebhookRefusal.unauthenticated(
                    "the request is not signed: signature.timestamp, signature.token and"
                            + " signature.signature are required");
        }
        byte[] expected =
                HexFormat.of()
                        .formatHex(hmac(timestamp + token))
                        .getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(
                expected, given.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            throw WebhookRefusal.unauthenticated(
                    "the signature does not verify with ingest.mailgun.signing-key");
        }
        Instant signedAt;
        try {
            signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
        } catch (NumberFormatException | DateTimeException e) {
            throw WebhookRefusal.malformed(
                    "signature.timestamp is not a number of seconds: " + abbreviate(timestamp));
        }
        if (Duration.between(signedAt, now).abs().compareTo(maxAge) > 0) {
            throw WebhookRefusal.forbidden(
                    "the signature's timestamp "
                            + signedAt
                            + " is more than ingest.max-age="
                            + maxAge
                            + " from this server's clock ("
                            + now
                            + ")");
        }
        remember(token, signedAt, now);
    }

    /**
     * Mailgun signs every delivery anew, its retries too (a retry hours later still carries a fresh
     * timestamp), so a token that comes again is a replay.
     */
    private synchronized void remember(String token, Instant signedAt, Instant now)
            throws WebhookRefusal {
        Instant cutoff = now.minus(maxAge);
        Iterator<Instant> oldest = seenTokens.values().iterator();
        while (oldest.hasNext()) {
            Instant seen = oldest.next();
            if (seen.isBefore(cutoff) || seenTokens.size() >= MAX_TOKENS) {
                oldest.remove();
            } else {
                break;
            }
        }
        if (seenTokens.putIfAbsent(token, signedAt) != null) {
            throw WebhookRefusal.forbidden(
                    "this signature's token was seen before: a replayed request is refused");
        }
    }

    private byte[] hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Ingested> map(JsonNode event, byte[] original) {
        String kind = text(event, "event");
        if (kind == null) {
            return List.of(new Ingested.Rejected("event-data has no event", original));
        }
        if (!List.of("accepted", "delivered", "failed", "complained").contains(kind)) {
            // Opens, clicks, unsubscribes, stored and rejected messages: nothing counted.
            return List.of();
        }
        String mailbox = mailbox(event);
        if (mailbox == null) {
            return List.of(
                    new Ingested.Rejected(
                            "a Mailgun "
                                    + kind
                                    + " event names no sending mailbox: neither"
                                    + " envelope.sender nor message.headers.from holds an"
                                    + " address",
                            original));
        }
        String recipient = Addresses.recipientOrNull(text(event, "recipient"));
        Instant at = instant(event.path("timestamp"));
        String eventId = text(event, "id");
        if (kind.equals("complained")) {
            return eventId == null
                    ? List.of(idMissing(kind, original))
                    : List.of(InputEvents.complaint(eventId, mailbox, recipient, at, "abuse"));
        }
        List<Ingested> out = new ArrayList<>(2);
        String messageId = messageId(event);
        if (messageId != null && recipient != null) {
            out.add(InputEvents.send(messageId + ":" + recipient, mailbox, recipient, at, null));
        }
        if (kind.equals("failed")) {
            boolean permanent = "permanent".equals(text(event, "severity"));
            String id;
            if (permanent) {
                id = eventId;
            } else {
                // The retries of one message count once: one deferral per message and recipient.
                id =
                        messageId == null || recipient == null
                                ? null
                                : messageId + ":" + recipient + ":deferred";
            }
            if (id == null) {
                return List.of(idMissing(kind, original));
            }
            out.add(InputEvents.bounce(bounce(event, id, mailbox, recipient, at, permanent)));
        }
        return out;
    }

    private static BounceReport bounce(
            JsonNode event,
            String id,
            String mailbox,
            String recipient,
            Instant at,
            boolean permanent) {
        JsonNode status = event.path("delivery-status");
        String message = text(status, "message");
        String diagnostic = message != null ? message : text(status, "description");
        if (diagnostic != null && diagnostic.length() > MAX_DIAGNOSTIC) {
            diagnostic = diagnostic.substring(0, MAX_DIAGNOSTIC);
        }
        // Mailgun's own codes (605: not delivered to a suppressed address) are no SMTP replies.
        Integer code =
                status.path("code").canConvertToInt()
                                && status.path("code").asInt() >= 200
                                && status.path("code").asInt() <= 599
                        ? status.path("code").asInt()
                        : null;
        String enhanced = EnhancedStatus.normalise(text(status, "enhanced-code"));
        if (enhanced == null) {
            enhanced = EnhancedStatus.find(message);
        }
        // Map.of throws on a null key: a failure without a reason says no more than its severity.
        String reason = text(event, "reason");
        Category providerSays = reason == null ? null : REASONS.get(reason);
        if (providerSays == null && !permanent) {
            providerSays = Category.TRANSIENT;
        }
        return new BounceReport(
                        id,
                        mailbox,
                        recipient,
                        at,
                        permanent ? BounceType.HARD : BounceType.SOFT,
                        code,
                        enhanced,
                        diagnostic,
                        text(status, "mx-host"),
                        null)
                .withProviderCategory(providerSays);
    }

    private static Ingested.Rejected idMissing(String kind, byte[] original) {
        return new Ingested.Rejected(
                "a Mailgun "
                        + kind
                        + " event without event-data.id (or, for a temporary failure,"
                        + " message.headers.message-id and recipient) cannot be counted once",
                original);
    }

    /** The envelope sender, else the From header, as a bare address; null for neither. */
    private static String mailbox(JsonNode event) {
        for (String written :
                new String[] {
                    text(event.path("envelope"), "sender"),
                    text(event.path("message").path("headers"), "from")
                }) {
            String address = PostmarkSource.bareAddress(written);
            if (address != null) {
                try {
                    return Addresses.normaliseMailbox(address);
                } catch (IllegalArgumentException e) {
                    // not an address: try the next
                }
            }
        }
        return null;
    }

    private static String messageId(JsonNode event) {
        String id = text(event.path("message").path("headers"), "message-id");
        if (id == null) {
            return null;
        }
        id = id.strip();
        return id.startsWith("<") && id.endsWith(">") ? id.substring(1, id.length() - 1) : id;
    }

    /** Mailgun's event time: seconds since the epoch, with a fraction. */
    private static Instant instant(JsonNode seconds) {
        if (!seconds.isNumber()) {
            return null;
        }
        double value = seconds.asDouble();
        if (!(value > 0 && value < 1e11)) {
            return null;
        }
        long whole = (long) value;
        return Instant.ofEpochSecond(whole, Math.round((value - whole) * 1e6) * 1000);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText();
        return text.isBlank() ? null : text;
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 37) + "...";
    }
}
