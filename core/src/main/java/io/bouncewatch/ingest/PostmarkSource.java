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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Postmark's Bounce, SpamComplaint and Delivery webhooks. Postmark does not sign its requests: it
 * sends the HTTP Basic credentials written into the webhook's URL, which are compared here with the
 * configured ones in constant time.
 */
public final class PostmarkSource implements WebhookSource {

    /**
     * The Metadata field that names the sending mailbox when a record has no {@code From}: the
     * Delivery webhook never has one.
     */
    public static final String MAILBOX_METADATA = "bw_mailbox";

    static final String CHALLENGE = "Basic realm=\"bouncewatch ingest\", charset=\"UTF-8\"";
    private static final int MAX_DIAGNOSTIC = 8192;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What Postmark's bounce type says: permanent or temporary, and what it means. */
    private record Kind(BounceType type, Category category) {}

    /**
     * Postmark's bounce types (its {@code Type}, and {@code TypeCode} for a record without one).
     * Types that report no failure of a message to a recipient (Subscribe, Unsubscribe, an open
     * relay test, an inbound error, an address Postmark itself deactivated) are not here: they are
     * skipped.
     */
    private static final Map<String, Kind> KINDS =
            Map.ofEntries(
                    Map.entry("HardBounce", new Kind(BounceType.HARD, Category.LIST)),
                    Map.entry("BadEmailAddress", new Kind(BounceType.HARD, Category.LIST)),
                    Map.entry("Transient", new Kind(BounceType.SOFT, Category.TRANSIENT)),
                    Map.entry("SoftBounce", new Kind(BounceType.SOFT, Category.TRANSIENT)),
                    Map.entry("DnsError", new Kind(BounceType.SOFT, Category.TRANSIENT)),
                    Map.entry("SpamNotification", new Kind(BounceType.HARD, Category.REPUTATION)),
                    Map.entry("VirusNotification", new Kind(BounceType.HARD, Category.REPUTATION)),
                    Map.entry("Blocked", new Kind(BounceType.HARD, Category.REPUTATION)),
                    Map.entry("DMARCPolicy", new Kind(BounceType.HARD, Category.CONFIG)),
                    Map.entry("Unconfirmed", new Kind(BounceType.HARD, Category.CONFIG)),
                    Map.entry("SMTPApiError", new Kind(BounceType.HARD, Category.CONFIG)),
                    Map.entry(
                            "TemplateRenderingFailed", new Kind(BounceType.HARD, Category.CONFIG)),
                    Map.entry("AutoResponder", new Kind(BounceType.SOFT, Category.IGNORE)),
                    Map.entry("AddressChange", new Kind(BounceType.SOFT, Category.IGNORE)),
                    Map.entry("ChallengeVerification", new Kind(BounceType.SOFT, Category.IGNORE)),
                    Map.entry("Unknown", new Kind(null, null)));

    private static final Map<Integer, String> TYPE_CODES =
            Map.ofEntries(
                    Map.entry(1, "HardBounce"),
                    Map.entry(2, "Transient"),
                    Map.entry(64, "AutoResponder"),
                    Map.entry(128, "AddressChange"),
                    Map.entry(256, "DnsError"),
                    Map.entry(512, "SpamNotification"),
                    Map.entry(2048, "Unknown"),
                    Map.entry(4096, "SoftBounce"),
                    Map.entry(8192, "VirusNotification"),
                    Map.entry(16384, "ChallengeVerification"),
                    Map.entry(100000, "BadEmailAddress"),
                    Map.entry(100001, "SpamComplaint"),
                    Map.entry(100003, "Unconfirmed"),
                    Map.entry(100006, "Blocked"),
                    Map.entry(100007, "SMTPApiError"),
                    Map.entry(100009, "DMARCPolicy"),
                    Map.entry(100010, "TemplateRenderingFailed"));

    private final byte[] credentials;

    /**
     * @param username the user name Postmark's webhook URL carries; not empty
     * @param password its password; not empty
     */
    public PostmarkSource(String username, String password) {
        if (username.isEmpty() || password.isEmpty()) {
            throw new IllegalArgumentException("Postmark needs a user name and a password");
        }
        this.credentials = digest(username + ":" + password);
    }

    @Override
    public String name() {
        return "postmark";
    }

    @Override
    public List<Ingested> accept(WebhookRequest request) throws WebhookRefusal {
        authenticate(request.header("authorization"));
        JsonNode record;
        try {
            record = JSON.readTree(request.body());
        } catch (JsonProcessingException e) {
            throw WebhookRefusal.malformed("the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw WebhookRefusal.malformed("the body cannot be read: " + e.getMessage());
        }
        if (record == null || !record.isObject()) {
            throw WebhookRefusal.malformed(
                    "the body is not a Postmark webhook record (a JSON object)");
        }
        String recordType = text(record, "RecordType");
        if (recordType == null) {
            throw WebhookRefusal.malformed("the record has no RecordType");
        }
        return switch (recordType) {
            case "Bounce" -> bounce(record, request.body());
            case "SpamComplaint" -> complaint(record, request.body());
            case "Delivery" -> delivery(record, request.body());
            // Opens, clicks, subscription changes: nothing the monitor counts.
            default -> List.of();
        };
    }

    /**
     * Both parts at once and through a digest, so that neither which part is wrong nor how long the
     * right one is shows in the time a refusal takes.
     */
    private void authenticate(String header) throws WebhookRefusal {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw WebhookRefusal.unauthenticated(
                    "Postmark webhooks need HTTP Basic credentials: give them in the webhook URL,"
                            + " https://<user>:<password>@<your host>/ingest/postmark",
                    CHALLENGE);
        }
        String given;
        try {
            given =
                    new String(
                            Base64.getDecoder().decode(header.substring(6).trim()),
                            StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            given = "";
        }
        if (!MessageDigest.isEqual(digest(given), credentials)) {
            throw WebhookRefusal.unauthenticated(
                    "the HTTP Basic credentials are not ingest.postmark.username and"
                            + " ingest.postmark.password",
                    CHALLENGE);
        }
    }

    private static List<Ingested> bounce(JsonNode record, byte[] original) {
        String typeName = text(record, "Type");
        if (typeName == null && record.path("TypeCode").canConvertToInt()) {
            typeName = TYPE_CODES.get(record.path("TypeCode").asInt());
        }
        if ("SpamComplaint".equals(typeName)) {
            return complaint(record, original);
        }
        // Neither Type nor a TypeCode we know: a type we do not count (Map.of throws on null).
        Kind kind = typeName == null ? null : KINDS.get(typeName);
        if (kind == null) {
            return List.of();
        }
        String id = text(record, "ID");
        if (id == null) {
            return List.of(
                    new Ingested.Rejected(
                            "a Postmark Bounce without its ID cannot be counted once", original));
        }
        String mailbox = mailbox(record);
        if (mailbox == null) {
            return List.of(noMailbox("Bounce", original));
        }
        String recipient = Addresses.recipientOrNull(text(record, "Email"));
        Instant at = instant(text(record, "BouncedAt"));
        // Postmark passes the DSN's diagnostic on as it is: "smtp;550 5.1.1 ..."
        String details = SesEvents.diagnostic(text(record, "Details"));
        String diagnostic = details != null ? details : text(record, "Description");
        if (diagnostic != null && diagnostic.length() > MAX_DIAGNOSTIC) {
            diagnostic = diagnostic.substring(0, MAX_DIAGNOSTIC);
        }
        BounceReport report =
                new BounceReport(
                                id,
                                mailbox,
                                recipient,
                                at,
                                kind.type(),
                                SmtpCode.find(details),
                                EnhancedStatus.find(details),
                                diagnostic,
                                null,
                                null)
                        .withProviderCategory(kind.category());
        List<Ingested> out = new ArrayList<>(2);
        Ingested.Event send = send(record, mailbox, recipient, at);
        if (send != null) {
            out.add(send);
        }
        out.add(InputEvents.bounce(report));
        return out;
    }

    private static List<Ingested> complaint(JsonNode record, byte[] original) {
        String id = text(record, "ID");
        if (id == null) {
            return List.of(
                    new Ingested.Rejected(
                            "a Postmark SpamComplaint without its ID cannot be counted once",
                            original));
        }
        String mailbox = mailbox(record);
        if (mailbox == null) {
            return List.of(noMailbox("SpamComplaint", original));
        }
        return List.of(
                InputEvents.complaint(
                        id,
                        mailbox,
                        Addresses.recipientOrNull(text(record, "Email")),
                        instant(text(record, "BouncedAt")),
                        "abuse"));
    }

    private static List<Ingested> delivery(JsonNode record, byte[] original) {
        String mailbox = mailbox(record);
        if (mailbox == null) {
            return List.of(noMailbox("Delivery", original));
        }
        Ingested.Event send =
                send(
                        record,
                        mailbox,
                        Addresses.recipientOrNull(text(record, "Recipient")),
                        instant(text(record, "DeliveredAt")));
        return send == null
                ? List.of(
                        new Ingested.Rejected(
                                "a Postmark Delivery needs its MessageID and Recipient", original))
                : List.of(send);
    }

    /**
     * The send a message's record shows, with the id every record of that message and recipient
     * shares (the monitor counts it once); null without a message id or a recipient.
     */
    private static Ingested.Event send(
            JsonNode record, String mailbox, String recipient, Instant at) {
        String messageId = text(record, "MessageID");
        if (messageId == null || recipient == null) {
            return null;
        }
        return InputEvents.send(messageId + ":" + recipient, mailbox, recipient, at, null);
    }

    /** The sending mailbox: {@code From} as a bare address, else the Metadata field. */
    private static String mailbox(JsonNode record) {
        String from = bareAddress(text(record, "From"));
        if (from == null) {
            from = bareAddress(text(record.path("Metadata"), MAILBOX_METADATA));
        }
        if (from == null) {
            return null;
        }
        try {
            return Addresses.normaliseMailbox(from);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Ingested.Rejected noMailbox(String recordType, byte[] original) {
        return new Ingested.Rejected(
                "a Postmark "
                        + recordType
                        + " names no sending mailbox: neither From nor Metadata."
                        + MAILBOX_METADATA
                        + " holds an address",
                original);
    }

    /** {@code alice@acme.io} of {@code "Alice" <alice@acme.io>}; null for nothing. */
    static String bareAddress(String written) {
        if (written == null || written.isBlank()) {
            return null;
        }
        int open = written.lastIndexOf('<');
        int close = written.lastIndexOf('>');
        return open >= 0 && close > open
                ? written.substring(open + 1, close).strip()
                : written.strip();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText();
        return text.isBlank() ? null : text;
    }

    /** Postmark writes ISO 8601 with an offset and up to seven digits of a second. */
    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
