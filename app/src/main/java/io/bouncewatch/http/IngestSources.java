package io.bouncewatch.http;

import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.ingest.MailgunSource;
import io.bouncewatch.ingest.PostmarkSource;
import io.bouncewatch.ingest.SendGridSignature;
import io.bouncewatch.ingest.SendGridWebhook;
import io.bouncewatch.ingest.SesSource;
import io.bouncewatch.ingest.SnsTrust;
import io.bouncewatch.ingest.WebhookSource;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

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
        String sesTopics = config.string("ingest.ses.topic-arns");
        if (!sesTopics.isBlank()) {
            add(
                    sources,
                    new SesSource(
                            Set.copyOf(Arrays.asList(sesTopics.strip().split("\\s*,\\s*"))),
                            new SnsTrust(config.string("ingest.ses.certificate-source")),
                            new SnsHttpFetcher(),
                            config.duration("ingest.max-age")));
        }
        String sendGridKey = config.string("ingest.sendgrid.public-key");
        if (!sendGridKey.isBlank()) {
            add(
                    sources,
                    new SendGridWebhook(
                            SendGridSignature.of(sendGridKey),
                            config.string("ingest.sendgrid.sender-arg"),
                            config.duration("ingest.max-age")));
        }
        if (!config.string("ingest.mailgun.signing-key").isEmpty()) {
            add(
                    sources,
                    new MailgunSource(
                            config.string("ingest.mailgun.signing-key"),
                            config.duration("ingest.max-age")));
        }
        if (!config.string("ingest.postmark.username").isEmpty()) {
            add(
                    sources,
                    new PostmarkSource(
                            config.string("ingest.postmark.username"),
                            config.string("ingest.postmark.password")));
        }
        return sources;
    }

    private static void add(Map<String, WebhookSource> sources, WebhookSource source) {
        sources.put(source.name(), source);
    }
}
