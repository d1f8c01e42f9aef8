package io.bouncewatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Plays Mailgun in tests: a webhook body carrying an event and the signature Mailgun makes, an
 * HMAC-SHA256 of the timestamp and the token with the signing key.
 */
public final class MailgunSigner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MailgunSigner() {}

    /** Mailgun's body for {@code eventData}, signed at {@code signedAt} with {@code key}. */
    public static byte[] signed(JsonNode eventData, Instant signedAt, String token, String key) {
        String timestamp = Long.toString(signedAt.getEpochSecond());
        ObjectNode body = JSON.createObjectNode();
        body.putObject("signature")
                .put("timestamp", timestamp)
                .put("token", token)
                .put("signature", HexFormat.of().formatHex(hmac(key, timestamp + token)));
        body.set("event-data", eventData);
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hex signature Mailgun gives {@code timestamp} and {@code token} with {@code key}. */
    public static String signature(String key, String timestamp, String token) {
        return HexFormat.of().formatHex(hmac(key, timestamp + token));
    }

    private static byte[] hmac(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
