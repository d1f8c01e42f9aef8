package io.bouncewatch.rules;

import java.util.Objects;

/**
 * An operator override for one mailbox or one domain.
 *
 * @param commandId unique id of the command
 * @param target the normalised mailbox address or domain
 * @param domain whether {@code target} is a domain
 * @param action what to do
 * @param reason why, as the operator wrote it; may be null
 * @param operator who; may be null
 * @param timestamp when the command was issued, epoch milliseconds
 */
public record Command(
        String commandId,
        String target,
        boolean domain,
        OperatorAction action,
        String reason,
        String operator,
        long timestamp)
        implements OperatorCommand {

    /**
     * Command ids remembered per mailbox and per domain: a client retries a command (a timed-out
     * request, a redelivery) within moments, long before this many other commands reach the same
     * target.
     */
    public static final int REMEMBERED_PER_TARGET = 8;

    public Command {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(action, "action");
        if (domain && !action.appliesToDomains()) {
            throw new IllegalArgumentException(action + " applies to mailboxes only");
        }
    }
}
