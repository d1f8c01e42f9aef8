package io.bouncewatch.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies SNS signatures: SignatureVersion 1 (SHA1withRSA) and 2 (SHA256withRSA) over the
 * message's string to sign, with the X.509 certificate at its SigningCertURL. The URL is checked
 * against {@link SnsTrust} before anything is fetched; certificates are kept by URL, a bounded
 * number of them, since SNS signs with few and rotates them rarely.
 */
public final class SnsSignatures {

    /** How many signing certificates are kept: SNS uses one or two per region. */
    public static final int CACHED_CERTIFICATES = 64;

    private final SnsTrust trust;
    private final SnsFetcher fetcher;
    private final Map<String, X509Certificate> cache =
            new LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, X509Certificate> eldest) {
                    return size() > CACHED_CERTIFICATES;
                }
            };

    public SnsSignatures(SnsTrust trust, SnsFetcher fetcher) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    }

    /**
     * Checks that the message is signed by the certificate its SigningCertURL names.
     *
     * @throws WebhookRefusal 401 when it is unsigned or the signature does not verify, 403 when its
     *     certificate URL is not trusted
     * @throws UncheckedIOException when the certificate cannot be fetched or read: the request
     *     fails without being refused, so that SNS delivers it again
     */
    public void verify(SnsMessage message) throws WebhookRefusal {
        if (message.signature() == null || message.signingCertUrl() == null) {
            throw WebhookRefusal.unauthenticated(
                    "the SNS message is unsigned: Signature and SigningCertURL are required");
        }
        String algorithm =
                switch (message.signatureVersion() == null ? "" : message.signatureVersion()) {
                    case "1" -> "SHA1withRSA";
                    case "2" -> "SHA256withRSA";
                    default ->
                            throw WebhookRefusal.unauthenticated(
                                    "SignatureVersion '"
                                            + message.signatureVersion()
                                            + "' is not supported: 1 or 2");
                };
        URI url = trust.certificate(message.signingCertUrl());
        if (url == null) {
            throw WebhookRefusal.forbidden(
                    "SigningCertURL "
                            + message.signingCertUrl()
                            + " is not trusted: "
                            + trust.describe());
        }
        byte[] signature;
        try {
            signature = Base64.getMimeDecoder().decode(message.signature());
        } catch (IllegalArgumentException e) {
            throw WebhookRefusal.unauthenticated("Signature is not base64");
        }
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate(url));
            verifier.update(message.stringToSign());
            if (!verifier.verify(signature)) {
                throw WebhookRefusal.unauthenticated("the SNS signature does not verify");
            }
        } catch (SignatureException e) {
            throw WebhookRefusal.unauthenticated("the SNS signature does not verify");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    private X509Certificate certificate(URI url) {
        String key = url.toString();
        synchronized (cache) {
            X509Certificate known = cache.get(key);
            if (known != null) {
                return known;
            }
        }
        X509Certificate fetched;
        try {
            fetched =
                    (X509Certificate)
                            CertificateFactory.getInstance("X.509")
                                    .generateCertificate(
                                            new ByteArrayInputStream(fetcher.get(url)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch the SNS certificate " + key, e);
        } catch (CertificateException | ClassCastException e) {
            throw new UncheckedIOException(
                    new IOException("no X.509 certificate at " + key + ": " + e.getMessage(), e));
        }
        synchronized (cache) {
            cache.put(key, fetched);
        }
        return fetched;
    }
}
