package io.bouncewatch.http;

import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.ingest.SendGridSignature;
import io.bouncewatch.ingest.SendGridWebhook;
import io.bouncewatch.ingest.WebhookSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The registry of provider webhooks: which {@link WebhookSource}s this configuration turns on. A
 * source is on when its credential settings ({@code ingest.<source>.*}) are set, and is then served
 * at {@code POST /ingest/<name>}; every other name answers 404.
 *
 * <p>To add a source: declare its settings in {@code config/Settings}, and add one entry below that
 * builds it from them when they are set.
 */
public final class IngestSources {

    private IngestSources() {}

    /** The sources this configuration turns on, by name. */
    public static Map<String, WebhookSource> configured(MonitorConfig config) {
        Map<String, WebhookSource> sources = new LinkedHashMap<>();
        // One entry per source, in the order the README lists them.
        String sendGridKey = config.string("ingest.sendgrid.public-key");
        if (!sendGridKey.isBlank()) {
            sources.put(
                    "sendgrid",
                    new SendGridWebhook(
                            SendGridSignature.of(sendGridKey),
                            config.string("ingest.sendgrid.sender-arg"),
                            config.duration("ingest.max-age")));
        }
        return sources;
    }
}
