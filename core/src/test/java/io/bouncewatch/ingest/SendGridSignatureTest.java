package io.bouncewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Verification exactly as SendGrid signs: the test vectors of SendGrid's own SDKs
 * (core/src/test/resources/ingest/sendgrid/README.md says where each comes from) verify, and every
 * change to them does not.
 */
class SendGridSignatureTest {

    static JsonNode vectors() throws IOException {
        try (InputStream in =
                SendGridSignatureTest.class.getResourceAsStream(
                        "/ingest/sendgrid/sdk-signature-vectors.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static boolean verifies(String key, String timestamp, String payload, String sig) {
        return SendGridSignature.of(key)
                .verifies(timestamp, payload.getBytes(StandardCharsets.UTF_8), sig);
    }

    private static boolean verifies(JsonNode vector) {
        return verifies(
                vector.get("publicKey").asText(),
                vector.get("timestamp").asText(),
                vector.get("payload").asText(),
                vector.get("signature").asText());
    }

    @Test
    void verifiesTheNodeSdkVector() throws IOException {
        assertThat(verifies(vectors().get("nodejs"))).isTrue();
    }

    @Test
    void verifiesTheJavaAndPythonSdkVectorARealSignedEventWithItsTrailingCrLf() throws IOException {
        JsonNode vector = vectors().get("java-python");
        assertThat(vector.get("payload").asText()).endsWith("]\r\n");
        assertThat(verifies(vector)).isTrue();
    }

    @Test
    void refusesTheVectorsUnderAnotherKey() throws IOException {
        JsonNode v = vectors();
        for (String name : new String[] {"nodejs", "java-python"}) {
            JsonNode vector = v.get(name);
            assertThat(
                            verifies(
                                    v.get("otherPublicKey").asText(),
                                    vector.get("timestamp").asText(),
                                    vector.get("payload").asText(),
                                    vector.get("signature").asText()))
                    .as(name)
                    .isFalse();
        }
    }

    @Test
    void refusesAChangedPayloadTimestampOrSignature() throws IOException {
        JsonNode v = vectors();
        JsonNode vector = v.get("java-python");
        String key = vector.get("publicKey").asText();
        String ts = vector.get("timestamp").asText();
        String payload = vector.get("payload").asText();
        String sig = vector.get("signature").asText();

        assertThat(verifies(key, ts, "payload", sig)).isFalse();
        assertThat(verifies(key, ts, payload.strip(), sig)).as("without the CRLF").isFalse();
        assertThat(verifies(key, "timestamp", payload, sig)).isFalse();
        assertThat(verifies(key, "1600112503", payload, sig)).isFalse();
        assertThat(verifies(key, ts, payload, v.get("tamperedSignature").asText())).isFalse();
    }

    @Test
    void aSignatureThatIsNotBase64OrNotDerDoesNotVerify() throws IOException {
        JsonNode vector = vectors().get("nodejs");
        String key = vector.get("publicKey").asText();
        String ts = vector.get("timestamp").asText();
        String payload = vector.get("payload").asText();

        assertThat(verifies(key, ts, payload, "not base64 at all!")).isFalse();
        assertThat(verifies(key, ts, payload, "")).isFalse();
        assertThat(verifies(key, ts, payload, Base64.getEncoder().encodeToString(new byte[64])))
                .as("64 raw bytes, not DER")
                .isFalse();
    }

    @Test
    void verifiesWhatAKeyMadeHereSigns() throws GeneralSecurityException {
        KeyPair pair = TestSigner.newP256();
        TestSigner signer = new TestSigner(pair);
        byte[] body = "[{\"event\":\"processed\"}]\r\n".getBytes(StandardCharsets.UTF_8);

        assertThat(signer.verifier().verifies("1700000000", body, signer.sign("1700000000", body)))
                .isTrue();
        assertThat(signer.verifier().verifies("1700000001", body, signer.sign("1700000000", body)))
                .isFalse();
    }

    @Test
    void aKeyWrappedOverLinesIsTheSameKey() throws IOException {
        JsonNode vector = vectors().get("nodejs");
        String key = vector.get("publicKey").asText();
        String wrapped = key.substring(0, 40) + "\n  " + key.substring(40) + "\n";
        assertThat(
                        verifies(
                                wrapped,
                                vector.get("timestamp").asText(),
                                vector.get("payload").asText(),
                                vector.get("signature").asText()))
                .isTrue();
    }

    @Test
    void refusesKeysThatAreNotP256PublicKeysInBase64Der() throws GeneralSecurityException {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPairGenerator ec384 = KeyPairGenerator.getInstance("EC");
        ec384.initialize(new ECGenParameterSpec("secp384r1"));

        assertThatThrownBy(() -> SendGridSignature.of("not*base64"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not base64");
        assertThatThrownBy(() -> SendGridSignature.of("  "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("empty");
        assertThatThrownBy(() -> SendGridSignature.of("AAAA"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not an elliptic-curve public key in X.509 DER form");
        String rsaKey =
                Base64.getEncoder().encodeToString(rsa.generateKeyPair().getPublic().getEncoded());
        assertThatThrownBy(() -> SendGridSignature.of(rsaKey))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not an elliptic-curve public key in X.509 DER form");
        String p384Key =
                Base64.getEncoder()
                        .encodeToString(ec384.generateKeyPair().getPublic().getEncoded());
        assertThatThrownBy(() -> SendGridSignature.of(p384Key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a P-256 (prime256v1) public key");
    }
}
