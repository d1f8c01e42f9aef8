package io.bouncewatch.payload;

import io.bouncewatch.rules.BounceFacts;
import java.util.Objects;

/**
 * A BounceEvent read for its classification: its id, its normalised mailbox and what it says about
 * itself, as given (recipient, diagnostic, codes, type, the producer's category and provider, the
 * remote MTA).
 */
public record ClassifiableBounce(String eventId, String mailbox, BounceFacts facts) {
    public ClassifiableBounce {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(mailbox, "mailbox");
        Objects.requireNonNull(facts, "facts");
    }
}
