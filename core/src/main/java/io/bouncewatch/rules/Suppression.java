package io.bouncewatch.rules;

import java.util.Objects;

/**
 * One suppressed recipient and why.
 *
 * @param recipient the normalised recipient address
 * @param category LIST for a LIST bounce, TRANSIENT for the soft rule, COMPLAINT for a complaint;
 *     for an operator's or an import's entry the category the command named, else null
 * @param bounceClass the finer class of the bounce that caused it; null when not from a bounce
 * @param source what put it on the list
 * @param since when it was put on the list, epoch milliseconds
 * @param until when it leaves the list by itself, epoch milliseconds; null: until removed
 * @param mailbox the mailbox that saw the bounce or complaint; null for a command
 * @param causeEventId the event or command that caused it
 * @param operator who, for a command; may be null
 * @param note why, as the operator wrote it; may be null
 */
public record Suppression(
        String recipient,
        Category category,
        BounceClass bounceClass,
        SuppressionSource source,
        long since,
        Long until,
        String mailbox,
        String causeEventId,
        String operator,
        String note) {

    public Suppression {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(source, "source");
    }
}
