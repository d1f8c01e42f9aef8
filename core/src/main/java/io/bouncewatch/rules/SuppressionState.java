package io.bouncewatch.rules;

import java.util.List;
import java.util.Objects;

/**
 * What the suppression list knows of one recipient (the key it is stored under): its entry, if it
 * is suppressed, and the recent TRANSIENT bounces still counting towards a temporary entry.
 *
 * @param entry the entry; null when the recipient is not suppressed
 * @param soft the TRANSIENT bounces within the soft window, oldest first, each counted once
 */
public record SuppressionState(Entry entry, List<SoftBounce> soft) {

    public SuppressionState {
        soft = List.copyOf(Objects.requireNonNull(soft, "soft"));
    }

    /** The recipient's entry as the API and the topic show it; null when not suppressed. */
    public Suppression suppression(String recipient) {
        return entry == null ? null : entry.of(recipient);
    }

    /**
     * Whether the recipient is suppressed at {@code now} (an expired entry waits for its sweep).
     */
    public boolean suppressedAt(long now) {
        return entry != null && (entry.until() == null || entry.until() > now);
    }

    /**
     * One TRANSIENT bounce that counts.
     *
     * @param at its event time, epoch milliseconds
     * @param fingerprint a 64-bit hash of its event id, so that a redelivered bounce counts once
     */
    public record SoftBounce(long at, long fingerprint) {}

    /** A {@link Suppression} without its recipient, which is the key it is stored under. */
    public record Entry(
            Category category,
            BounceClass bounceClass,
            SuppressionSource source,
            long since,
            Long until,
            String mailbox,
            String causeEventId,
            String operator,
            String note) {

        public Entry {
            Objects.requireNonNull(source, "source");
        }

        public Suppression of(String recipient) {
            return new Suppression(
                    recipient,
                    category,
                    bounceClass,
                    source,
                    since,
                    until,
                    mailbox,
                    causeEventId,
                    operator,
                    note);
        }
    }
}
