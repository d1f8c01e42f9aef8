package io.bouncewatch.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.bouncewatch.config.ConfigException;
import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.ingest.Ingested;
import io.bouncewatch.ingest.SendGridWebhook;
import io.bouncewatch.ingest.TestSigner;
import io.bouncewatch.ingest.WebhookRequest;
import io.bouncewatch.ingest.WebhookSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which sources a configuration turns on, built from their settings. */
class IngestSourcesTest {

    private static MonitorConfig with(Map<String, String> settings) {
        return MonitorConfig.resolve(new MonitorConfig.Sources().commandLine(settings));
    }

    @Test
    void sendGridIsOffWithoutItsKeyAndOnWithIt() {
        assertThat(IngestSources.configured(MonitorConfig.defaults()))
                .doesNotContainKey("sendgrid");

        TestSigner signer = TestSigner.newSigner();
        Map<String, WebhookSource> sources =
                IngestSources.configured(
                        with(Map.of("ingest.sendgrid.public-key", signer.publicKey())));
        assertThat(sources).containsKey("sendgrid");
        assertThat(sources.get("sendgrid").name()).isEqualTo("sendgrid");
    }

    @Test
    void sendGridTakesTheKeyTheCustomArgumentAndTheMaxAgeFromTheSettings() throws Exception {
        TestSigner signer = TestSigner.newSigner();
        WebhookSource sendGrid =
                IngestSources.configured(
                                with(
                                        Map.of(
                                                "ingest.sendgrid.public-key",
                                                signer.publicKey(),
                                                "ingest.sendgrid.sender-arg",
                                                "sender",
                                                "ingest.max-age",
                                                "30s")))
                        .get("sendgrid");
        byte[] body =
                ("[{\"event\":\"processed\",\"email\":\"bob@example.com\","
                                + "\"sg_message_id\":\"m-1.filter0001\",\"sender\":\"alice@acme.io\"}]")
                        .getBytes(StandardCharsets.UTF_8);
        Instant signedAt = Instant.parse("2026-11-22T10:15:30Z");
        String ts = Long.toString(signedAt.getEpochSecond());
        Map<String, List<String>> headers =
                Map.of(
                        SendGridWebhook.SIGNATURE_HEADER, List.of(signer.sign(ts, body)),
                        SendGridWebhook.TIMESTAMP_HEADER, List.of(ts));

        List<Ingested> out =
                sendGrid.accept(new WebhookRequest(headers, body, signedAt.plusSeconds(30)));
        assertThat(out).singleElement().isInstanceOf(Ingested.Event.class);
        assertThat(((Ingested.Event) out.get(0)).key()).isEqualTo("alice@acme.io");
        assertThat(
                        catchThrowable(
                                () ->
                                        sendGrid.accept(
                                                new WebhookRequest(
                                                        headers, body, signedAt.plusSeconds(31)))))
                .hasMessageContaining("more than ingest.max-age (PT30S)");
    }

    /**
     * The key is checked at start as the SendGrid source reads it: wrapped over lines it is the
     * same key; a stray character stops the start rather than make a key that refuses every
     * request.
     */
    @Test
    void theSendGridKeyIsCheckedAtStartAsTheSourceReadsIt() {
        String good = TestSigner.newSigner().publicKey();
        String wrapped = good.substring(0, 40) + "\n" + good.substring(40);
        String stray = good.substring(0, 40) + "*" + good.substring(40);

        assertThat(IngestSources.configured(with(Map.of("ingest.sendgrid.public-key", wrapped))))
                .containsKey("sendgrid");
        assertThatThrownBy(() -> with(Map.of("ingest.sendgrid.public-key", stray)))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith(": empty, or a base64 (DER) ECDSA P-256 public key");
    }
}
