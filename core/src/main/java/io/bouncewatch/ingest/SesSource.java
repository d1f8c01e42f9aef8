package io.bouncewatch.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Amazon SES through SNS, at {@code POST /ingest/ses}: SES publishes its events to an SNS topic,
 * SNS posts each as a signed message to this endpoint.
 *
 * <p>Checked in this order, so that nothing is fetched for a message we would refuse anyway: the
 * topic must be one of ours (else 403), the signing certificate's URL trusted (else 403), then the
 * signature verified (else 401). A SubscriptionConfirmation of one of our topics is confirmed by a
 * GET of its SubscribeURL (trusted the same way); an UnsubscribeConfirmation is only acknowledged.
 *
 * <p>SNS retries an HTTPS delivery for up to an hour, so a message signed longer ago than {@link
 * #SNS_RETRY_LIMIT} plus the configured maximum age is refused (403) as a replay: SNS itself never
 * delivers one that old, and a redelivery within that time counts once through the event ids.
 */
public final class SesSource implements WebhookSource {

    /** The longest an SNS HTTPS delivery policy retries a message. */
    public static final Duration SNS_RETRY_LIMIT = Duration.ofHours(1);

    private final Set<String> topicArns;
    private final SnsTrust trust;
    private final SnsSignatures signatures;
    private final SnsFetcher fetcher;
    private final Duration oldest;

    /**
     * @param topicArns the SNS topics whose messages are accepted
     * @param trust which certificate and subscription URLs may be fetched
     * @param fetcher fetches them
     * @param maxAge the allowance for clocks and queues on top of SNS's own retry limit
     */
    public SesSource(Set<String> topicArns, SnsTrust trust, SnsFetcher fetcher, Duration maxAge) {
        this.topicArns = Set.copyOf(topicArns);
        this.trust = Objects.requireNonNull(trust, "trust");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.signatures = new SnsSignatures(trust, fetcher);
        this.oldest = SNS_RETRY_LIMIT.plus(maxAge);
    }

    @Override
    public String name() {
        return "ses";
    }

    @Override
    public List<Ingested> accept(WebhookRequest request) throws WebhookRefusal {
        SnsMessage message = SnsMessage.parse(request.body());
        if (!topicArns.contains(message.topicArn())) {
            throw WebhookRefusal.forbidden(
                    "TopicArn " + message.topicArn() + " is not in ingest.ses.topic-arns");
        }
        signatures.verify(message);
        Instant sentAt = message.sentAt();
        if (sentAt == null) {
            throw WebhookRefusal.malformed(
                    "Timestamp '" + message.timestamp() + "' is not ISO-8601");
        }
        if (sentAt.isBefore(request.receivedAt().minus(oldest))) {
            throw WebhookRefusal.forbidden(
                    "the SNS message was signed at "
                            + sentAt
                            + ", longer ago than SNS retries ("
                            + oldest
                            + "): a replay");
        }
        return switch (message.type()) {
            case NOTIFICATION -> SesEvents.of(message.message());
            case SUBSCRIPTION_CONFIRMATION -> confirm(message);
            case UNSUBSCRIBE_CONFIRMATION -> List.of();
        };
    }

    private List<Ingested> confirm(SnsMessage message) throws WebhookRefusal {
        URI url = trust.subscribe(message.subscribeUrl());
        if (url == null) {
            throw WebhookRefusal.forbidden(
                    "SubscribeURL "
                            + message.subscribeUrl()
                            + " is not trusted: "
                            + trust.describe());
        }
        try {
            fetcher.get(url);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot confirm the SNS subscription at " + url, e);
        }
        return List.of();
    }
}
