package io.bouncewatch.rules;

import java.util.Objects;

/**
 * Everything the monitor remembers about one mailbox.
 *
 * @param status current status
 * @param reason reason of the last status change; null while it never changed
 * @param window the sliding window
 * @param totalSends lifetime sends; never slides
 * @param totalBounces lifetime bounces, SOFT ones included; never slides
 * @param totalComplaints lifetime complaints; never slides
 * @param cooldownUntil epoch millis at which a rule pause expires; 0 when none is running
 * @param lastCooldownMillis length of the last cooldown, the base of the next escalation; 0 if
 *     never paused
 * @param lastResumedAt epoch millis of the last resume (cooldown expiry or operator); 0 if never
 * @param probationSends clean sends still needed to leave probation; 0 when not on probation
 * @param operatorPaused paused by an operator, which only an operator ends
 * @param lastEventAt latest event timestamp seen, epoch millis; 0 before the first event
 * @param recentSends fingerprints of the latest send ids, to drop duplicates
 * @param recentReports fingerprints of the latest bounce and complaint ids, to drop duplicates
 * @param operator who gave the last operator command applied to the mailbox; null if none or not
 *     said
 * @param note why, as that operator wrote it; null if none or not said
 * @param recentCommands fingerprints of the latest command ids applied, so a retried command counts
 *     once
 */
public record MailboxState(
        Status status,
        Reason reason,
        MailboxWindow window,
        long totalSends,
        long totalBounces,
        long totalComplaints,
        long cooldownUntil,
        long lastCooldownMillis,
        long lastResumedAt,
        int probationSends,
        boolean operatorPaused,
        long lastEventAt,
        RecentEventIds recentSends,
        RecentEventIds recentReports,
        String operator,
        String note,
        RecentEventIds recentCommands) {

    public MailboxState {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(recentSends, "recentSends");
        Objects.requireNonNull(recentReports, "recentReports");
        Objects.requireNonNull(recentCommands, "recentCommands");
    }

    /** A mailbox seen for the first time: HEALTHY, with nothing counted. */
    public static MailboxState fresh(RuleSettings settings) {
        return new MailboxState(
                Status.HEALTHY,
                null,
                MailboxWindow.EMPTY,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                false,
                0,
                RecentEventIds.empty(settings.recentIdsPerKind()),
                RecentEventIds.empty(settings.recentIdsPerKind()),
                null,
                null,
                RecentEventIds.empty(Command.REMEMBERED_PER_TARGET));
    }

    public boolean onProbation() {
        return probationSends > 0;
    }

    /** Whether a cooldown is running that will resume the mailbox on its own. */
    public boolean coolingDown() {
        return cooldownUntil > 0;
    }

    MailboxState withStatus(Status newStatus, Reason newReason) {
        return new MailboxState(
                newStatus,
                newReason,
                window,
                totalSends,
                totalBounces,
                totalComplaints,
                cooldownUntil,
                lastCooldownMillis,
                lastResumedAt,
                probationSends,
                operatorPaused,
                lastEventAt,
                recentSends,
                recentReports,
                operator,
                note,
                recentCommands);
    }

    MailboxState withWindow(MailboxWindow newWindow) {
        return new MailboxState(
                status,
                reason,
                newWindow,
                totalSends,
                totalBounces,
                totalComplaints,
                cooldownUntil,
                lastCooldownMillis,
                lastResumedAt,
                probationSends,
                operatorPaused,
                lastEventAt,
                recentSends,
                recentReports,
                operator,
                note,
                recentCommands);
    }

    MailboxState withProbationSends(int sends) {
        return new MailboxState(
                status,
                reason,
                window,
                totalSends,
                totalBounces,
                totalComplaints,
                cooldownUntil,
                lastCooldownMillis,
                lastResumedAt,
                sends,
                operatorPaused,
                lastEventAt,
                recentSends,
                recentReports,
                operator,
                note,
                recentCommands);
    }

    MailboxState withCooldown(long until, long lengthMillis) {
        return new MailboxState(
                status,
                reason,
                window,
                totalSends,
                totalBounces,
                totalComplaints,
                until,
                lengthMillis,
                lastResumedAt,
                probationSends,
                operatorPaused,
                lastEventAt,
                recentSends,
                recentReports,
                operator,
                note,
                recentCommands);
    }

    MailboxState withOperatorPause(boolean paused) {
        return new MailboxState(
                status,
                reason,
                window,
                totalSends,
                totalBounces,
                totalComplaints,
                paused ? 0 : cooldownUntil,
                lastCooldownMillis,
                lastResumedAt,
                probationSends,
                paused,
                lastEventAt,
                recentSends,
                recentReports,
                operator,
                note,
                recentCommands);
    }

    /** Out of a pause: no cooldown, no operator hold, resumed at {@code at}, on probation. */
    MailboxState resumed(long at, int probation) {
        return new MailboxState(
                status,
                reason,
                window,
                totalSends,
                totalBounces,
                totalComplaints,
                0,
                lastCooldownMillis,
                at,
                probation,
                false,
                lastEventAt,
                recentSends,
                recentReports,
                operator,
                note,
                recentCommands);
    }

    /** Applied a command: remembers its id, and who gave it and why. */
    MailboxState commanded(Command command) {
        return new MailboxState(
                status,
                reason,
                window,
                totalSends,
                totalBounces,
                totalComplaints,
                cooldownUntil,
                lastCooldownMillis,
                lastResumedAt,
                probationSends,
                operatorPaused,
                lastEventAt,
                recentSends,
                recentReports,
                command.operator(),
                command.reason(),
                recentCommands.with(command.commandId()));
    }

    MailboxState counted(
            MailboxWindow newWindow,
            long sends,
            long bounces,
            long complaints,
            long eventAt,
            RecentEventIds newRecentSends,
            RecentEventIds newRecentReports) {
        return new MailboxState(
                status,
                reason,
                newWindow,
                sends,
                bounces,
                complaints,
                cooldownUntil,
                lastCooldownMillis,
                lastResumedAt,
                probationSends,
                operatorPaused,
                Math.max(lastEventAt, eventAt),
                newRecentSends,
                newRecentReports,
                operator,
                note,
                recentCommands);
    }
}
