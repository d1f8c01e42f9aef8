package io.bouncewatch.rules;

import java.util.Objects;

/**
 * An operator's (or an import's) word on one recipient of the suppression list.
 *
 * @param commandId unique id of the command
 * @param recipient the normalised recipient address
 * @param action add or remove
 * @param until for SUPPRESS, when the entry leaves the list by itself, epoch milliseconds; null
 *     until removed
 * @param category for SUPPRESS, the category the entry gives as its cause; may be null
 * @param source for SUPPRESS, OPERATOR or IMPORT
 * @param reason why, as the operator wrote it; may be null
 * @param operator who; may be null
 * @param timestamp when the command was issued, epoch milliseconds
 */
public record SuppressionCommand(
        String commandId,
        String recipient,
        SuppressionAction action,
        Long until,
        Category category,
        SuppressionSource source,
        String reason,
        String operator,
        long timestamp)
        implements OperatorCommand {

    public SuppressionCommand {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(source, "source");
        if (source != SuppressionSource.OPERATOR && source != SuppressionSource.IMPORT) {
            throw new IllegalArgumentException("a command's source is OPERATOR or IMPORT");
        }
    }
}
