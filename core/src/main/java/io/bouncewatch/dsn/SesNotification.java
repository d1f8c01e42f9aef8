package io.bouncewatch.dsn;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.bouncewatch.rules.BounceClass;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Amazon SES's bounce, complaint and delivery notifications as they arrive by email through an SNS
 * subscription: a JSON object as the body ({@code notificationType}, {@code mail.source}, and the
 * bounced, complained or delivered recipients), followed by SNS's unsubscribe footer.
 */
final class SesNotification {

    /** SNS wraps long lines of the body; a raw line break inside a JSON string is tolerated. */
    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS).build();

    private SesNotification() {}

    /** The reports of a notification body; empty when the body is no SES notification. */
    static List<RecipientReport> reports(String body, String fallbackMailbox) {
        String text = body.strip();
        if (!text.startsWith("{") || !text.contains("\"notificationType\"")) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(text.substring(0, text.lastIndexOf('}') + 1));
        } catch (IOException e) {
            return List.of();
        }
        String mailbox = MimeReading.firstAddress(root.path("mail").path("source").asText(null));
        if (mailbox == null) {
            mailbox = fallbackMailbox;
        }
        List<RecipientReport> out = new ArrayList<>();
        switch (root.path("notificationType").asText("").toLowerCase(Locale.ROOT)) {
            case "bounce" -> {
                JsonNode bounce = root.path("bounce");
                boolean transientBounce =
                        "transient".equalsIgnoreCase(bounce.path("bounceType").asText(""));
                for (JsonNode recipient : bounce.path("bouncedRecipients")) {
                    out.add(
                            BounceMessageParser.failure(
                                    address(recipient.path("emailAddress")),
                                    mailbox,
                                    recipient.path("diagnosticCode").asText(null),
                                    recipient.path("status").asText(null),
                                    null,
                                    transientBounce,
                                    bounce.path("remoteMtaIp").asText(null)));
                }
            }
            case "complaint" -> {
                JsonNode complaint = root.path("complaint");
                String feedbackType = complaint.path("complaintFeedbackType").asText(null);
                for (JsonNode recipient : complaint.path("complainedRecipients")) {
                    out.add(
                            new RecipientReport.Complaint(
                                    address(recipient.path("emailAddress")),
                                    mailbox,
                                    feedbackType));
                }
            }
            case "delivery" -> {
                for (JsonNode recipient : root.path("delivery").path("recipients")) {
                    out.add(
                            new RecipientReport.Ignored(
                                    address(recipient), mailbox, BounceClass.DELIVERY_NOTICE));
                }
            }
            default -> {
                // another kind of notification: not a report about recipients
            }
        }
        return out;
    }

    private static String address(JsonNode node) {
        return MimeReading.firstAddress(node.asText(null));
    }
}
