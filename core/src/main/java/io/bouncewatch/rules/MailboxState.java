package io.bouncewatch.rules;

import java.util.List;
import java.util.Objects;

/**
 * Everything the monitor remembers about one mailbox.
 *
 * @param status current status
 * @param reason reason of the last status change; null while it never changed
 * @param window the sliding window
 * @param totalSends lifetime sends; never slides
 * @param totalBounces lifetime bounces of every category but IGNORE (an auto-reply is no bounce);
 *     never slides
 * @param totalComplaints lifetime complaints; never slides
 * @param cooldownUntil epoch millis at which a rule pause expires; 0 when none is running
 * @param lastCooldownMillis length of the last cooldown, the base of the next escalation; 0 if
 *     never paused
 * @param lastResumedAt epoch millis of the last resume (cooldown expiry or operator); 0 if never
 * @param probationSends clean sends still needed to leave probation; 0 when not on probation
 * @param recoverySends sends still to be made below the recovery rate before a rate warning ends; 0
 *     when none is pending. Kept since format version 4: a mailbox stored before starts counting
 *     when its rate next warns
 * @param operatorPaused paused by an operator, which only an operator ends
 * @param lastEventAt latest event timestamp seen, epoch millis; 0 before the first event
 * @param recentSends the send ids first seen within {@code dedupe.send-window}, to drop duplicates
 * @param recentReports the bounce and complaint ids first seen within {@code dedupe.window}, to
 *     drop duplicates
 * @param operator who gave the last operator command applied to the mailbox; null if none or not
 *     said
 * @param note why, as that operator wrote it; null if none or not said
 * @param recentCommands fingerprints of the latest command ids applied, so a retried command counts
 *     once
 * @param bouncesByCategory lifetime bounces by category, IGNORE included; never slides. Kept since
 *     format version 3: a mailbox stored before counts from then on
 * @param routes its routes that are not OK, and OK ones with reputation strikes, by provider code
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
        int recoverySends,
        boolean operatorPaused,
        long lastEventAt,
        EventIdWindow recentSends,
        EventIdWindow recentReports,
        String operator,
        String note,
        RecentEventIds recentCommands,
        CategoryCounts bouncesByCategory,
        List<Route> routes) {

    public MailboxState {
        Objects.requireNonNull(bouncesByCategory, "bouncesByCategory");
        routes = List.copyOf(routes);
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
                0,
                false,
                0,
                EventIdWindow.EMPTY,
                EventIdWindow.EMPTY,
                null,
                null,
                RecentEventIds.empty(Command.REMEMBERED_PER_TARGET),
                CategoryCounts.NONE,
                List.of());
    }

    /** Whether a rate warning holds the mailbox in WARNING until it has recovered. */
    public boolean recovering() {
        return recoverySends > 0;
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
                recoverySends,
                operatorPaused,
                lastEventAt,
                recentSends,
                recentReports,
                operator,
                note,
                recentCommands,
                bouncesByCategory,
                routes);
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
                recoverySends,
                operatorPaused,
                lastEventAt,
                recentSends,
                recentReports,
                operator,
                note,
                recentCommands,
                bouncesByCategory,
                routes);
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
                recoverySends,
                operatorPaused,
                lastEventAt,
                recentSends,
                recentReports,
                operator,
                note,
                recentCommands,
                bouncesByCategory,
                routes);
    }

    MailboxState withRecoverySends(int sends) {
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
                sends,
                operatorPaused,
                lastEventAt,
                recentSends,
                recentReports,
                operator,
                note,
                recentCommands,
                bouncesByCategory,
                routes);
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
                recoverySends,
                operatorPaused,
                lastEventAt,
                recentSends,
                recentReports,
                operator,
                note,
                recentCommands,
                bouncesByCategory,
                routes);
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
                recoverySends,
                paused,
                lastEventAt,
                recentSends,
                recentReports,
                operator,
                note,
                recentCommands,
                bouncesByCategory,
                routes);
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
                recoverySends,
                false,
                lastEventAt,
                recentSends,
                recentReports,
                operator,
                note,
                recentCommands,
                bouncesByCategory,
                routes);
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
                recoverySends,
                operatorPaused,
                lastEventAt,
                recentSends,
                recentReports,
                command.operator(),
                command.reason(),
                recentCommands.with(command.commandId()),
                bouncesByCategory,
                routes);
    }

    MailboxState withRoutes(List<Route> newRoutes) {
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
                recoverySends,
                operatorPaused,
                lastEventAt,
                recentSends,
                recentReports,
                operator,
                note,
                recentCommands,
                bouncesByCategory,
                newRoutes);
    }

    /**
     * The earliest wall-clock time at which something ends by itself: a cooldown, a route's
     * slow-down or block; 0 when nothing will.
     */
    public long nextDeadline() {
        long routesEnd = RouteRules.earliestEnd(routes);
        if (cooldownUntil == 0) {
            return routesEnd;
        }
        return routesEnd == 0 ? cooldownUntil : Math.min(cooldownUntil, routesEnd);
    }

    MailboxState counted(
            MailboxWindow newWindow,
            long sends,
            long bounces,
            long complaints,
            CategoryCounts byCategory,
            long eventAt,
            EventIdWindow newRecentSends,
            EventIdWindow newRecentReports) {
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
                recoverySends,
                operatorPaused,
                Math.max(lastEventAt, eventAt),
                newRecentSends,
                newRecentReports,
                operator,
                note,
                recentCommands,
                byCategory,
                routes);
    }
}
