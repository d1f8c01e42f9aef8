package io.bouncewatch.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bouncewatch.ingest.SnsMessage;
import io.bouncewatch.ingest.WebhookRefusal;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;

/**
 * Plays SNS in tests: a key pair made here, a self-signed X.509 certificate for it (written with a
 * few lines of DER, since AWS's own certificate cannot sign offline) and SNS messages signed with
 * it, SignatureVersion 1 or 2.
 */
public final class SnsSigner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeyPair keys;
    private final byte[] certificate;

    public SnsSigner() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
            certificate = selfSigned(keys);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The certificate, PEM-encoded, as SNS serves it at a SigningCertURL. */
    public byte[] certificatePem() {
        String pem =
                "-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(certificate)
                        + "\n-----END CERTIFICATE-----\n";
        return pem.getBytes(StandardCharsets.US_ASCII);
    }

    /** A Notification carrying {@code message}, signed. */
    public byte[] notification(
            String topicArn, String messageId, String message, String timestamp, String certUrl) {
        ObjectNode m = JSON.createObjectNode();
        m.put("Type", "Notification");
        m.put("MessageId", messageId);
        m.put("TopicArn", topicArn);
        m.put("Message", message);
        m.put("Timestamp", timestamp);
        m.put("SignatureVersion", "1");
        m.put("SigningCertURL", certUrl);
        m.put("UnsubscribeURL", "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe");
        return sign(m);
    }

    /** A SubscriptionConfirmation for {@code topicArn}, signed. */
    public byte[] subscriptionConfirmation(
            String topicArn, String subscribeUrl, String timestamp, String certUrl) {
        ObjectNode m = JSON.createObjectNode();
        m.put("Type", "SubscriptionConfirmation");
        m.put("MessageId", "165545c9-2a5c-472c-8df2-7ff2be2b3b1b");
        m.put("Token", "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a7");
        m.put("TopicArn", topicArn);
        m.put(
                "Message",
                "You have chosen to subscribe to the topic "
                        + topicArn
                        + ".\nTo confirm the subscription, visit the SubscribeURL included in this"
                        + " message.");
        m.put("SubscribeURL", subscribeUrl);
        m.put("Timestamp", timestamp);
        m.put("SignatureVersion", "1");
        m.put("SigningCertURL", certUrl);
        return sign(m);
    }

    /**
     * Signs an SNS message given as JSON fields (SignatureVersion and SigningCertURL among them):
     * the same JSON with its Signature.
     */
    public byte[] sign(ObjectNode fields) {
        try {
            byte[] unsigned = JSON.writeValueAsBytes(fields);
            SnsMessage parsed = SnsMessage.parse(unsigned);
            Signature signer =
                    Signature.getInstance(
                            "2".equals(parsed.signatureVersion())
                                    ? "SHA256withRSA"
                                    : "SHA1withRSA");
            signer.initSign(keys.getPrivate());
            signer.update(parsed.stringToSign());
            fields.put("Signature", Base64.getEncoder().encodeToString(signer.sign()));
            return JSON.writeValueAsBytes(fields);
        } catch (GeneralSecurityException | WebhookRefusal | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signed message's JSON fields, to change one after signing. */
    public static ObjectNode fields(byte[] message) {
        try {
            return (ObjectNode) JSON.readTree(message);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bytes of a message's JSON fields, for one changed after signing. */
    public static byte[] bytes(ObjectNode fields) {
        try {
            return JSON.writeValueAsBytes(fields);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] selfSigned(KeyPair keys) throws GeneralSecurityException {
        byte[] algorithm =
                der(
                        0x30,
                        concat(
                                hex("06092a864886f70d01010b"), // sha256WithRSAEncryption
                                hex("0500")));
        byte[] name =
                der(
                        0x30,
                        der(
                                0x31,
                                der(
                                        0x30,
                                        concat(
                                                hex("0603550403"), // commonName
                                                der(
                                                        0x0c,
                                                        "sns.test.invalid"
                                                                .getBytes(
                                                                        StandardCharsets
                                                                                .US_ASCII))))));
        byte[] validity =
                der(
                        0x30,
                        concat(
                                der(0x17, "200101000000Z".getBytes(StandardCharsets.US_ASCII)),
                                der(0x17, "491231235959Z".getBytes(StandardCharsets.US_ASCII))));
        byte[] tbs =
                der(
                        0x30,
                        concat(
                                hex("020101"), // serial 1; version 1: no extensions needed
                                algorithm,
                                name,
                                validity,
                                name,
                                keys.getPublic().getEncoded()));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(keys.getPrivate());
        signer.update(tbs);
        byte[] signature = concat(new byte[] {0}, signer.sign());
        return der(0x30, concat(tbs, algorithm, der(0x03, signature)));
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n & 0xff);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] hex(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }
}
