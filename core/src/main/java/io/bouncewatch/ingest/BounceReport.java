package io.bouncewatch.ingest;

import io.bouncewatch.rules.BounceClassifier;
import io.bouncewatch.rules.BounceFacts;
import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.Category;
import java.time.Instant;
import java.util.Objects;

/**
 * A bounce as a provider or a mail server reports it, before it becomes a BounceEvent: the reply
 * the receiving server gave and, separately, what the provider made of it.
 *
 * @param eventId the provider's own event or message id, so that a redelivery counts once
 * @param type HARD or SOFT as the provider says (permanent or temporary); null when it does not
 * @param category a category to write into the event; null lets the monitor classify the reply
 */
public record BounceReport(
        String eventId,
        String mailbox,
        String recipient,
        Instant at,
        BounceType type,
        Integer smtpCode,
        String enhancedStatus,
        String diagnostic,
        String remoteMta,
        Category category) {

    private static final BounceClassifier CLASSIFIER = new BounceClassifier();

    public BounceReport {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(mailbox, "mailbox");
    }

    /**
     * This report with the provider's own classification as a fallback: the reply the server gave
     * decides first, through the same classifier as every bounce, because a provider's coarse
     * "permanent" covers reputation blocks too (which must never suppress a recipient). Only when
     * the reply says nothing the classifier knows (UNKNOWN, or known only by its type) does the
     * provider's category go into the event.
     */
    public BounceReport withProviderCategory(Category providerSays) {
        if (providerSays == null || category != null) {
            return this;
        }
        var known =
                CLASSIFIER.classify(
                        BounceFacts.ofReply(
                                recipient,
                                diagnostic,
                                enhancedStatus,
                                smtpCode,
                                type == null ? BounceType.HARD : type,
                                remoteMta));
        if (known.category() != Category.UNKNOWN && !known.matchedBy().startsWith("type ")) {
            return this;
        }
        return new BounceReport(
                eventId,
                mailbox,
                recipient,
                at,
                type,
                smtpCode,
                enhancedStatus,
                diagnostic,
                remoteMta,
                providerSays);
    }
}
