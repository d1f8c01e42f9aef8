package io.bouncewatch.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bouncewatch.rules.EnhancedStatus;
import io.bouncewatch.rules.SmtpCode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mailgun's legacy webhooks: a form ({@code application/x-www-form-urlencoded}, or {@code
 * multipart/form-data} when the message had attachments) of the signature's {@code timestamp},
 * {@code token} and {@code signature} and the event's own fields, read as the {@code event-data}
 * the current webhooks send, so that both count alike.
 *
 * <ul>
 *   <li>{@code delivered}: a delivery.
 *   <li>{@code bounced}: a permanent failure, the reply in {@code error}, {@code code} its SMTP
 *       code (or, from some receivers, its enhanced status).
 *   <li>{@code dropped}: a permanent failure for the {@code reason} Mailgun gives ({@code
 *       hardfail}: an address that bounced or complained before; {@code old}: retried past its
 *       time).
 *   <li>{@code complained}: a complaint. Every other event: nothing.
 * </ul>
 *
 * Legacy events carry no event id: a failure or a complaint is {@code <Message-Id>:<recipient>:
 * <event>}. The mailbox is the {@code From} of {@code message-headers}, the only sender they name.
 */
final class MailgunLegacy {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BOUNDARY =
            Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s]+))", Pattern.CASE_INSENSITIVE);
    private static final Pattern PART_NAME =
            Pattern.compile("name=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern SMTP_CODE = Pattern.compile("[2-5]\\d\\d");

    private MailgunLegacy() {}

    /** The form of a legacy webhook request; null for any other body. */
    static Map<String, String> form(WebhookRequest request) {
        String type = request.header("content-type");
        if (type == null) {
            return null;
        }
        String lower = type.toLowerCase(Locale.ROOT);
        if (lower.startsWith("application/x-www-form-urlencoded")) {
            return urlEncoded(new String(request.body(), StandardCharsets.UTF_8));
        }
        if (lower.startsWith("multipart/form-data")) {
            Matcher boundary = BOUNDARY.matcher(type);
            return boundary.find()
                    ? multipart(
                            request.body(),
                            boundary.group(1) != null ? boundary.group(1) : boundary.group(2))
                    : Map.of();
        }
        return null;
    }

    private static Map<String, String> urlEncoded(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    form.putIfAbsent(
                            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // a malformed escape: the field is left out, as if absent
                }
            }
        }
        return form;
    }

    /** The form's fields; its files (the attachments) are left out. */
    private static Map<String, String> multipart(byte[] body, String boundary) {
        Map<String, String> form = new LinkedHashMap<>();
        // ISO-8859-1 keeps every byte as one char: values are decoded as UTF-8 afterwards.
        String text = new String(body, StandardCharsets.ISO_8859_1);
        for (String part : text.split("--" + Pattern.quote(boundary))) {
            int blank = part.indexOf("\r\n\r\n");
            if (blank < 0) {
                continue;
            }
            String headers = part.substring(0, blank);
            Matcher name = PART_NAME.matcher(headers);
            if (!name.find() || headers.toLowerCase(Locale.ROOT).contains("filename=")) {
                continue;
            }
            String value = part.substring(blank + 4);
            if (value.endsWith("\r\n")) {
                value = value.substring(0, value.length() - 2);
            }
            form.putIfAbsent(
                    name.group(1),
                    new String(
                            value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }
        return form;
    }

    /** The form as the current webhooks' body: {@code signature} and {@code event-data}. */
    static ObjectNode asEvent(Map<String, String> form) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode signature = body.putObject("signature");
        putIfPresent(signature, "timestamp", form.get("timestamp"));
        putIfPresent(signature, "token", form.get("token"));
        putIfPresent(signature, "signature", form.get("signature"));

        ObjectNode event = body.putObject("event-data");
        String kind = form.get("event");
        String recipient = form.get("recipient");
        String messageId = bracketless(form.get("Message-Id"));
        putIfPresent(event, "recipient", recipient);
        if (form.get("timestamp") != null && form.get("timestamp").strip().matches("\\d{1,11}")) {
            event.put("timestamp", Long.parseLong(form.get("timestamp").strip()));
        }
        ObjectNode headers = event.putObject("message").putObject("headers");
        putIfPresent(headers, "message-id", messageId);
        putIfPresent(headers, "from", header(form.get("message-headers"), "From"));
        if (kind == null) {
            return body;
        }
        String legacyId =
                messageId == null || recipient == null
                        ? null
                        : messageId + ":" + recipient.strip().toLowerCase(Locale.ROOT) + ":" + kind;
        switch (kind) {
            case "bounced", "dropped" -> {
                event.put("event", "failed");
                event.put("severity", "permanent");
                event.put("reason", kind.equals("bounced") ? "bounce" : form.get("reason"));
                putIfPresent(event, "id", legacyId);
                ObjectNode status = event.putObject("delivery-status");
                String code = form.get("code") == null ? null : form.get("code").strip();
                String reply =
                        SesEvents.diagnostic(
                                form.get("error") != null
                                        ? form.get("error")
                                        : form.get("description"));
                putIfPresent(status, "message", reply);
                if (code != null && SMTP_CODE.matcher(code).matches()) {
                    status.put("code", Integer.parseInt(code));
                } else {
                    // Some receivers' code is an enhanced status; the reply has the SMTP code.
                    putIfPresent(status, "enhanced-code", EnhancedStatus.normalise(code));
                    Integer replyCode = SmtpCode.find(reply);
                    if (replyCode != null) {
                        status.put("code", replyCode);
                    }
                }
            }
            case "complained" -> {
                event.put("event", "complained");
                putIfPresent(event, "id", legacyId);
            }
            default -> event.put("event", kind);
        }
        return body;
    }

    /** A header of {@code message-headers}, Mailgun's JSON list of [name, value] pairs. */
    private static String header(String messageHeaders, String name) {
        if (messageHeaders == null) {
            return null;
        }
        try {
            for (JsonNode pair : JSON.readTree(messageHeaders)) {
                if (pair.path(0).asText("").equalsIgnoreCase(name) && pair.path(1).isTextual()) {
                    return pair.path(1).asText();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static String bracketless(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        String s = id.strip();
        return s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1) : s;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null && !value.isBlank()) {
            node.put(field, value);
        }
    }
}
