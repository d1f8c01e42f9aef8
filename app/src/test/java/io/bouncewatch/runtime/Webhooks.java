package io.bouncewatch.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bouncewatch.testing.MailgunSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Webhook requests as Mailgun and Postmark send them to a running monitor, signed or authenticated
 * with the credentials its configuration holds.
 */
final class Webhooks {

    static final String MAILGUN_KEY = "key-it-0123456789abcdef0123456789abcdef";
    static final String POSTMARK_USER = "postmark";
    static final String POSTMARK_PASSWORD = "it-postmark-password-0123";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newHttpClient();
    private final int port;

    Webhooks(int port) {
        this.port = port;
    }

    HttpResponse<String> post(String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A mailbox's lifetime totals, or null while the monitor does not know it. */
    JsonNode mailbox(String mailbox) throws Exception {
        HttpResponse<String> response = get("/api/mailboxes/" + mailbox);
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }

    /** Mailgun's body for an event, signed at {@code signedAt} with a fresh token. */
    static byte[] mailgun(ObjectNode eventData, Instant signedAt, String key) throws Exception {
        return mailgun(eventData, signedAt, UUID.randomUUID().toString().replace("-", ""), key);
    }

    static byte[] mailgun(ObjectNode eventData, Instant signedAt, String token, String key) {
        return MailgunSigner.signed(eventData, signedAt, token, key);
    }

    /** A permanent failure as Mailgun reports a remote server's 5xx reply. */
    static ObjectNode mailgunFailure(
            String id, String sender, String recipient, String messageId, String reply) {
        ObjectNode event = JSON.createObjectNode();
        event.put("event", "failed")
                .put("id", id)
                .put("timestamp", Instant.now().getEpochSecond())
                .put("severity", "permanent")
                .put("reason", "bounce")
                .put("recipient", recipient);
        event.putObject("envelope").put("sender", sender).put("targets", recipient);
        event.putObject("message")
                .putObject("headers")
                .put("message-id", messageId)
                .put("from", "Sender <" + sender + ">")
                .put("to", recipient);
        event.putObject("delivery-status")
                .put("code", 550)
                .put("message", reply)
                .put("mx-host", "mx.example.com")
                .put("attempt-no", 1);
        return event;
    }

    /** A delivery as Mailgun reports it: a send of the message to the recipient. */
    static ObjectNode mailgunDelivered(String sender, String recipient, String messageId) {
        ObjectNode event = JSON.createObjectNode();
        event.put("event", "delivered")
                .put("id", UUID.randomUUID().toString())
                .put("timestamp", Instant.now().getEpochSecond())
                .put("recipient", recipient);
        event.putObject("envelope").put("sender", sender);
        event.putObject("message").putObject("headers").put("message-id", messageId);
        return event;
    }

    /** Postmark's Bounce webhook record, in the shape of its documented example. */
    static byte[] postmarkBounce(
            long id, String type, String from, String email, String messageId, String details)
            throws Exception {
        ObjectNode record = JSON.createObjectNode();
        record.put("RecordType", "Bounce")
                .put("MessageStream", "outbound")
                .put("ID", id)
                .put("Type", type)
                .put("TypeCode", type.equals("HardBounce") ? 1 : 4096)
                .put("MessageID", messageId)
                .put("Details", details)
                .put("Email", email)
                .put("From", from)
                .put("BouncedAt", Instant.now().toString())
                .put("Inactive", true)
                .put("CanActivate", true);
        return JSON.writeValueAsBytes(record);
    }

    static String basic(String user, String password) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
