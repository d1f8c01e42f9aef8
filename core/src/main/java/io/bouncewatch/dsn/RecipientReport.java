package io.bouncewatch.dsn;

import io.bouncewatch.rules.BounceClass;
import io.bouncewatch.rules.BounceClassifier;
import io.bouncewatch.rules.BounceFacts;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.Classification;
import io.bouncewatch.rules.Provider;
import java.util.Objects;

/**
 * What a raw message says about one recipient. {@code mailbox} is the original sender, the mailbox
 * whose health the report concerns; it, and {@code recipient}, are null when the message does not
 * say (a caller that needs them falls back to the record's key or dead-letters it).
 */
public sealed interface RecipientReport {

    String recipient();

    String mailbox();

    /** What the report means, explained. */
    Classification classify(BounceClassifier classifier);

    /** A delivery that failed or is delayed, with what the remote server or the MTA said. */
    record Failure(String recipient, String mailbox, BounceFacts facts) implements RecipientReport {
        public Failure {
            Objects.requireNonNull(facts, "facts");
        }

        @Override
        public Classification classify(BounceClassifier classifier) {
            return classifier.classify(facts);
        }
    }

    /**
     * A feedback report: the recipient marked the mailbox's message as spam (or as another kind).
     */
    record Complaint(String recipient, String mailbox, String feedbackType)
            implements RecipientReport {
        @Override
        public Classification classify(BounceClassifier classifier) {
            return new Classification(
                    Category.COMPLAINT,
                    BounceClass.FEEDBACK_REPORT,
                    provider(recipient),
                    "feedback report");
        }
    }

    /**
     * A message that reports no failure: an auto-reply, a delivery notice, or no bounce at all.
     *
     * @param kind {@link BounceClass#AUTO_REPLY}, {@link BounceClass#DELIVERY_NOTICE} or {@link
     *     BounceClass#NOT_A_BOUNCE}
     */
    record Ignored(String recipient, String mailbox, BounceClass kind) implements RecipientReport {
        public Ignored {
            if (kind.category() != Category.IGNORE) {
                throw new IllegalArgumentException(kind + " is not a class of IGNORE");
            }
        }

        @Override
        public Classification classify(BounceClassifier classifier) {
            String rule =
                    switch (kind) {
                        case AUTO_REPLY -> "auto-reply";
                        case DELIVERY_NOTICE -> "delivery notice";
                        default -> "not a bounce";
                    };
            return new Classification(Category.IGNORE, kind, provider(recipient), rule);
        }
    }

    private static Provider provider(String recipient) {
        return Provider.ofConsumerDomain(BounceFacts.domainOf(recipient)).orElse(Provider.OTHER);
    }
}
