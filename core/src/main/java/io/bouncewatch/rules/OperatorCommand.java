package io.bouncewatch.rules;

/**
 * A record of the commands topic: for a mailbox or a domain ({@link Command}) or for a recipient of
 * the suppression list ({@link SuppressionCommand}).
 */
public sealed interface OperatorCommand permits Command, SuppressionCommand {

    String commandId();

    String reason();

    String operator();

    long timestamp();
}
