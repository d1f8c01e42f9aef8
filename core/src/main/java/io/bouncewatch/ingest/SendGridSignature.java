package io.bouncewatch.ingest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The signature of SendGrid's Signed Event Webhook: ECDSA over P-256 with SHA-256, made over the
 * timestamp header's text followed by the raw body bytes, sent base64-encoded in DER form. The
 * verification key is the one SendGrid shows under Mail Settings → Event Webhook: base64 DER of an
 * X.509 SubjectPublicKeyInfo. Thread-safe.
 */
public final class SendGridSignature {

    private static final int P256_FIELD_BITS = 256;

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final PublicKey key;

    private SendGridSignature(PublicKey key) {
        this.key = key;
    }

    /**
     * The verifier of one verification key.
     *
     * @throws IllegalArgumentException saying why the text is not a P-256 public key in base64 DER
     */
    public static SendGridSignature of(String base64Key) {
        byte[] der;
        try {
            // Line breaks and blanks are tolerated: the key is often pasted from a wrapped page.
            der = Base64.getDecoder().decode(WHITESPACE.matcher(base64Key).replaceAll(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64: " + e.getMessage(), e);
        }
        if (der.length == 0) {
            throw new IllegalArgumentException("empty");
        }
        PublicKey key;
        try {
            key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "not an elliptic-curve public key in X.509 DER form", e);
        }
        if (!(key instanceof ECPublicKey ec)
                || ec.getParams().getCurve().getField().getFieldSize() != P256_FIELD_BITS) {
            throw new IllegalArgumentException("not a P-256 (prime256v1) public key");
        }
        return new SendGridSignature(key);
    }

    /**
     * Whether the signature header's value signs this timestamp and body; false for a value that is
     * not base64 or not a DER signature.
     */
    public boolean verifies(String timestamp, byte[] body, String base64Signature) {
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(base64Signature.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            // The timestamp header is ASCII digits; its bytes come first, then the body as sent.
            verifier.update(timestamp.getBytes(StandardCharsets.UTF_8));
            verifier.update(body);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // A malformed DER signature is a signature that does not verify.
            return false;
        }
    }
}
