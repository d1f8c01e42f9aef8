package io.bouncewatch.traffic;

import io.bouncewatch.rules.BounceClass;
import io.bouncewatch.rules.BounceFacts;
import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.Provider;
import java.util.List;
import java.util.Objects;

/**
 * One kind of bounce as a producer reports it: the fields of a bounce event, with the category, the
 * class and the provider the monitor's classifier gives it. The diagnostic may name the failed
 * recipient ({@value #RECIPIENT}), its domain ({@value #RECIPIENT_DOMAIN}) and the sending
 * mailbox's domain ({@value #SENDER_DOMAIN}), as real replies do.
 *
 * @param id stable name, for tests and for choosing a reply in a story
 * @param category what the classifier makes of it
 * @param bounceClass the finer class it gets; {@link BounceClass#UNSPECIFIED} when only the type or
 *     the producer's category decide
 * @param provider the provider the classifier names (the route it acts on)
 * @param weight how often it comes, relative to the other replies of its category
 * @param domains the consumer recipient domains whose servers give this reply; empty when the
 *     recipient is at another (corporate) domain
 * @param producerCategory the category the producer set, or null
 * @param type HARD, SOFT, or null when the producer does not say
 * @param smtpCode the SMTP reply code, or null
 * @param enhancedStatus the RFC 3463 status, or null
 * @param diagnostic the reply text, or null
 * @param remoteMta the host that answered, or null
 */
public record BounceReply(
        String id,
        Category category,
        BounceClass bounceClass,
        Provider provider,
        int weight,
        List<String> domains,
        String producerCategory,
        BounceType type,
        Integer smtpCode,
        String enhancedStatus,
        String diagnostic,
        String remoteMta) {

    public static final String RECIPIENT = "{recipient}";
    public static final String RECIPIENT_DOMAIN = "{recipientDomain}";
    public static final String SENDER_DOMAIN = "{senderDomain}";

    public BounceReply {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(bounceClass, "bounceClass");
        Objects.requireNonNull(provider, "provider");
        domains = List.copyOf(domains);
        if (!bounceClass.fits(category) || weight < 1) {
            throw new IllegalArgumentException("reply " + id + ": bad class or weight");
        }
    }

    /** Whether a recipient at this (lower-case) domain can get this reply. */
    public boolean fits(String recipientDomain) {
        return domains.isEmpty()
                ? Provider.ofConsumerDomain(recipientDomain).isEmpty()
                : domains.contains(recipientDomain);
    }

    /** The diagnostic for one bounce, its placeholders filled in; null when there is none. */
    public String diagnostic(String recipient, String senderDomain) {
        if (diagnostic == null) {
            return null;
        }
        return diagnostic
                .replace(RECIPIENT, recipient)
                .replace(RECIPIENT_DOMAIN, BounceFacts.domainOf(recipient))
                .replace(SENDER_DOMAIN, senderDomain);
    }

    /** What the monitor reads from a bounce of this kind to {@code recipient}. */
    public BounceFacts facts(String recipient, String senderDomain) {
        return new BounceFacts(
                producerCategory,
                diagnostic(recipient, senderDomain),
                enhancedStatus,
                smtpCode,
                type,
                recipient,
                remoteMta,
                null);
    }
}
