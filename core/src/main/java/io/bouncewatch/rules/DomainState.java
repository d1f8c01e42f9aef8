package io.bouncewatch.rules;

import java.util.Objects;

/**
 * What the monitor remembers about one domain.
 *
 * @param status current status
 * @param reason reason of the last change; null while it never changed
 * @param operatorPaused paused by an operator: ratios no longer move it until an operator resumes
 *     it
 * @param counts the latest aggregate of its mailboxes
 * @param operator who gave the last operator command applied to the domain; null if none or not
 *     said
 * @param note why, as that operator wrote it; null if none or not said
 * @param recentCommands fingerprints of the latest command ids applied, so a retried command counts
 *     once
 * @param configFailures its recent config failures and the status they called for
 */
public record DomainState(
        Status status,
        Reason reason,
        boolean operatorPaused,
        DomainCounts counts,
        String operator,
        String note,
        RecentEventIds recentCommands,
        ConfigFailures configFailures) {

    public static final DomainState FRESH =
            new DomainState(
                    Status.HEALTHY,
                    null,
                    false,
                    DomainCounts.EMPTY,
                    null,
                    null,
                    RecentEventIds.empty(Command.REMEMBERED_PER_TARGET),
                    ConfigFailures.NONE);

    public DomainState {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(recentCommands, "recentCommands");
        Objects.requireNonNull(configFailures, "configFailures");
    }

    DomainState with(Status newStatus, Reason newReason, boolean paused, DomainCounts newCounts) {
        return new DomainState(
                newStatus,
                newReason,
                paused,
                newCounts,
                operator,
                note,
                recentCommands,
                configFailures);
    }

    DomainState withConfigFailures(ConfigFailures failures) {
        return new DomainState(
                status, reason, operatorPaused, counts, operator, note, recentCommands, failures);
    }

    /** Applied a command: remembers its id, and who gave it and why. */
    DomainState commanded(Command command) {
        return new DomainState(
                status,
                reason,
                operatorPaused,
                counts,
                command.operator(),
                command.reason(),
                recentCommands.with(command.commandId()),
                configFailures);
    }

    /** Whether every mailbox of the domain is blocked from sending. */
    public boolean blocksMailboxes() {
        return status == Status.PAUSED;
    }
}
