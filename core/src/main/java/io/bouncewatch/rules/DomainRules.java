package io.bouncewatch.rules;

import java.util.Optional;

/**
 * Domain protection of docs/rules.md §6: a domain's status follows the share of its mailboxes that
 * are unhealthy, unless an operator paused it.
 */
public final class DomainRules {

    private final long warningRatioPpm;
    private final long pauseRatioPpm;

    public DomainRules(RuleSettings settings) {
        this.warningRatioPpm = MailboxWindow.toUnits(settings.domainWarningRatio());
        this.pauseRatioPpm = MailboxWindow.toUnits(settings.domainPauseRatio());
    }

    /** The status the unhealthy ratio calls for, compared in integers so 3 of 10 is exactly 30%. */
    public Status evaluate(DomainCounts counts) {
        if (counts.totalMailboxes() == 0) {
            return Status.HEALTHY;
        }
        long scaledUnhealthy = counts.unhealthyMailboxes() * MailboxWindow.UNIT;
        if (scaledUnhealthy >= pauseRatioPpm * counts.totalMailboxes()) {
            return Status.PAUSED;
        }
        if (scaledUnhealthy >= warningRatioPpm * counts.totalMailboxes()) {
            return Status.WARNING;
        }
        return Status.HEALTHY;
    }

    /** New counts for a domain (null state for a domain seen for the first time). */
    public DomainDecision onCounts(DomainState stored, DomainCounts counts, long at) {
        DomainState state = stored != null ? stored : DomainState.FRESH;
        DomainState updated =
                state.with(state.status(), state.reason(), state.operatorPaused(), counts);
        if (state.operatorPaused()) {
            return new DomainDecision(updated, Optional.empty());
        }
        return follow(updated, evaluate(counts), Reason.UNHEALTHY_RATIO, at);
    }

    /**
     * An operator PAUSE holds the domain until RESUME, which hands it back to its ratio. PAUSE of a
     * domain never seen creates it paused; RESUME of one leaves nothing to store (a null state).
     * The domain keeps who gave the command and why; a command id it has already applied (a retry)
     * changes nothing.
     */
    public DomainDecision onCommand(DomainState stored, Command command) {
        OperatorAction action = command.action();
        long at = command.timestamp();
        if (stored == null && action == OperatorAction.RESUME) {
            return new DomainDecision(null, Optional.empty());
        }
        if (stored != null && stored.recentCommands().contains(command.commandId())) {
            return new DomainDecision(stored, Optional.empty());
        }
        DomainState state = (stored != null ? stored : DomainState.FRESH).commanded(command);
        return switch (action) {
            case PAUSE ->
                    follow(
                            state.with(state.status(), state.reason(), true, state.counts()),
                            Status.PAUSED,
                            Reason.OPERATOR,
                            at);
            case RESUME ->
                    follow(
                            state.with(state.status(), state.reason(), false, state.counts()),
                            evaluate(state.counts()),
                            Reason.OPERATOR,
                            at);
            default -> throw new IllegalArgumentException(action + " applies to mailboxes only");
        };
    }

    private static DomainDecision follow(DomainState state, Status next, Reason reason, long at) {
        if (next == state.status()) {
            return new DomainDecision(state, Optional.empty());
        }
        return new DomainDecision(
                state.with(next, reason, state.operatorPaused(), state.counts()),
                Optional.of(new Transition(state.status(), next, reason, at)));
    }
}
