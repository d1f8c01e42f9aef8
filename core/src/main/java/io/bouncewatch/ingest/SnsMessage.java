package io.bouncewatch.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * An Amazon SNS message as SNS posts it to an HTTPS subscription: a notification, or the
 * confirmation of a subscription or of its end. Only the fields SNS signs and the ones needed to
 * act on it are read.
 *
 * @param token present on subscription and unsubscription confirmations only
 * @param subject present on notifications published with a subject only
 */
public record SnsMessage(
        Type type,
        String messageId,
        String topicArn,
        String subject,
        String message,
        String timestamp,
        String token,
        String subscribeUrl,
        String signatureVersion,
        String signature,
        String signingCertUrl) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The three kinds of message SNS posts to an HTTPS endpoint. */
    public enum Type {
        NOTIFICATION("Notification"),
        SUBSCRIPTION_CONFIRMATION("SubscriptionConfirmation"),
        UNSUBSCRIBE_CONFIRMATION("UnsubscribeConfirmation");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        static Type of(String wire) {
            for (Type t : values()) {
                if (t.wire.equals(wire)) {
                    return t;
                }
            }
            return null;
        }
    }

    /**
     * Reads a request body.
     *
     * @throws WebhookRefusal 400 when it is no SNS message: not a JSON object, an unknown {@code
     *     Type}, or a field that SNS always sends missing
     */
    public static SnsMessage parse(byte[] body) throws WebhookRefusal {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw WebhookRefusal.malformed("the body is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw WebhookRefusal.malformed("the body is not a JSON object");
        }
        String rawType = text(root, "Type");
        Type type = Type.of(rawType);
        if (type == null) {
            throw WebhookRefusal.malformed(
                    "Type is "
                            + (rawType == null ? "missing" : "'" + rawType + "'")
                            + ": expected Notification, SubscriptionConfirmation or"
                            + " UnsubscribeConfirmation");
        }
        SnsMessage m =
                new SnsMessage(
                        type,
                        text(root, "MessageId"),
                        text(root, "TopicArn"),
                        text(root, "Subject"),
                        text(root, "Message"),
                        text(root, "Timestamp"),
                        text(root, "Token"),
                        text(root, "SubscribeURL"),
                        text(root, "SignatureVersion"),
                        text(root, "Signature"),
                        // SNS writes SigningCertURL; its deliveries to Lambda spell it
                        // SigningCertUrl.
                        text(root, "SigningCertURL", "SigningCertUrl"));
        for (String field : m.requiredFields()) {
            if (text(root, field) == null) {
                throw WebhookRefusal.malformed(type.wire() + " without " + field);
            }
        }
        return m;
    }

    /** When SNS sent it; null when the Timestamp is not an ISO-8601 instant. */
    public Instant sentAt() {
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The bytes SNS signs, as AWS documents them: each signed field's name and value, each on a
     * line of its own, in byte order of the names; {@code Subject} only when the message has one.
     */
    public byte[] stringToSign() {
        StringBuilder s = new StringBuilder();
        line(s, "Message", message);
        line(s, "MessageId", messageId);
        if (type == Type.NOTIFICATION) {
            if (subject != null) {
                line(s, "Subject", subject);
            }
        } else {
            line(s, "SubscribeURL", subscribeUrl);
        }
        line(s, "Timestamp", timestamp);
        if (type != Type.NOTIFICATION) {
            line(s, "Token", token);
        }
        line(s, "TopicArn", topicArn);
        line(s, "Type", type.wire());
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private List<String> requiredFields() {
        return type == Type.NOTIFICATION
                ? List.of("MessageId", "TopicArn", "Message", "Timestamp")
                : List.of("MessageId", "TopicArn", "Message", "Timestamp", "Token", "SubscribeURL");
    }

    private static void line(StringBuilder s, String name, String value) {
        s.append(name).append('\n').append(value).append('\n');
    }

    private static String text(JsonNode root, String... names) {
        for (String name : names) {
            JsonNode n = root.get(name);
            if (n != null && n.isTextual()) {
                return n.asText();
            }
        }
        return null;
    }
}
