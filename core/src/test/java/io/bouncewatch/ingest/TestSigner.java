package io.bouncewatch.ingest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** Signs as SendGrid's Signed Event Webhook does, with a P-256 key pair made in the test. */
public final class TestSigner {

    private final KeyPair pair;

    public TestSigner(KeyPair pair) {
        this.pair = pair;
    }

    public static KeyPair newP256() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    public static TestSigner newSigner() {
        try {
            return new TestSigner(newP256());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The verification key as SendGrid shows it: base64 of the X.509 DER form. */
    public String publicKey() {
        return Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    }

    public SendGridSignature verifier() {
        return SendGridSignature.of(publicKey());
    }

    /** The signature header's value for this timestamp header and body. */
    public String sign(String timestamp, byte[] body) {
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(pair.getPrivate());
            signer.update(timestamp.getBytes(StandardCharsets.UTF_8));
            signer.update(body);
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
