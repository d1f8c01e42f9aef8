package io.bouncewatch.rules;

import java.time.Duration;
import java.util.Optional;

/**
 * Domain protection of docs/rules.md §6: a domain's status is the more severe of what the share of
 * its active mailboxes that are unhealthy calls for (from {@code domain.min-mailboxes} of them) and
 * what its recent config failures call for, unless an operator paused it.
 */
public final class DomainRules {

    /** Config failures count when they lie within this long before the newest. */
    private static final Duration CONFIG_FAILURE_WINDOW = Duration.ofHours(1);

    private final RuleSettings settings;
    private final long warningRatioPpm;
    private final long pauseRatioPpm;
    private final int configWarning;
    private final int configPause;
    private final long configCooldownMillis;
    private final int minMailboxes;
    private final long inactiveAfterMillis;
    private final long activityStep;

    public DomainRules(RuleSettings settings) {
        this.settings = settings;
        this.warningRatioPpm = MailboxWindow.toUnits(settings.domainWarningRatio());
        this.pauseRatioPpm = MailboxWindow.toUnits(settings.domainPauseRatio());
        this.configWarning = settings.domainConfigWarning();
        this.configPause = settings.domainConfigPause();
        this.configCooldownMillis = settings.domainConfigCooldown().toMillis();
        this.minMailboxes = settings.domainMinMailboxes();
        this.inactiveAfterMillis = settings.domainInactiveAfter().toMillis();
        this.activityStep = MailboxSummary.activityStep(settings.domainInactiveAfter());
    }

    /**
     * The status the unhealthy ratio calls for, compared in integers so 3 of 10 is exactly 30%;
     * HEALTHY below the smallest fleet the ratio says anything about.
     */
    public Status evaluate(DomainCounts counts) {
        if (counts.totalMailboxes() == 0 || counts.totalMailboxes() < minMailboxes) {
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

    /**
     * A member summary as its domain keeps it: one that knows no last event (a mailbox that never
     * had one, or a summary of an earlier release) is taken as active from {@code now}, when the
     * domain hears of it.
     */
    public MailboxSummary heardAt(MailboxSummary member, long now) {
        return member.lastEventAt() > 0
                ? member
                : member.withLastEventAt(Math.floorDiv(now, activityStep) * activityStep);
    }

    /**
     * When a member leaves its domain's count unless another event comes: {@code
     * domain.inactive-after} after its last event. The domain knows that event's time only to the
     * activity step, so it waits one step more and never drops an active mailbox early.
     */
    public long dormantAt(MailboxSummary member) {
        return member.lastEventAt() + activityStep + inactiveAfterMillis;
    }

    /** New counts for a domain (null state for a domain seen for the first time). */
    public DomainDecision onCounts(DomainState stored, DomainCounts counts, long at) {
        DomainState state = stored != null ? stored : DomainState.FRESH;
        DomainState updated =
                state.with(state.status(), state.reason(), state.operatorPaused(), counts);
        return decide(updated, Reason.UNHEALTHY_RATIO, at, null);
    }

    /**
     * A CONFIG bounce from one of the domain's mailboxes. It counts at its own time, or at its
     * arrival when it claims a later one, so a replay or a backlog counts as it did live and a
     * clock far ahead cannot push the others out of the window; the same failure again (its mailbox
     * and event id) changes nothing. The config verdict only rises until the cooldown ends it.
     *
     * @param arrivedAt when it reached the domain (wall clock): the cooldown runs from the last one
     */
    public DomainDecision onConfigFailure(
            DomainState stored, String mailbox, String eventId, long eventTime, long arrivedAt) {
        DomainState state = stored != null ? stored : DomainState.FRESH;
        ConfigFailures failures = state.configFailures();
        if (failures.contains(mailbox, eventId)) {
            return new DomainDecision(state, Optional.empty());
        }
        ConfigFailures added =
                failures.with(
                        mailbox,
                        eventId,
                        Math.min(eventTime, arrivedAt),
                        arrivedAt,
                        CONFIG_FAILURE_WINDOW.toMillis(),
                        configPause);
        Status verdict = max(added.verdict(), configVerdict(added.count()));
        return decide(
                state.withConfigFailures(added.withVerdict(verdict)),
                Reason.CONFIG_FAILURE,
                arrivedAt,
                null);
    }

    /**
     * Ends the config verdict of a domain whose last config failure came {@code
     * domain.config-cooldown} or longer before {@code now} (wall clock): its failures are forgotten
     * and its ratio decides again. Before that, nothing changes.
     */
    public DomainDecision onConfigCooldown(DomainState stored, long now) {
        if (stored == null
                || !stored.configFailures().any()
                || now < configCooldownEnds(stored.configFailures())) {
            return new DomainDecision(stored, Optional.empty());
        }
        long quiet = now - stored.configFailures().lastArrivedAt();
        return decide(
                stored.withConfigFailures(ConfigFailures.NONE),
                Reason.CONFIG_FAILURE,
                now,
                Evidence.ofMillis(Evidence.Rule.CONFIG_COOLDOWN, configCooldownMillis, quiet));
    }

    /** When the config verdict of these failures ends, on the wall clock. */
    public long configCooldownEnds(ConfigFailures failures) {
        return failures.lastArrivedAt() + configCooldownMillis;
    }

    /** The status a count of config failures within the window calls for. */
    private Status configVerdict(int failures) {
        if (failures >= configPause) {
            return Status.PAUSED;
        }
        return failures >= configWarning ? Status.WARNING : Status.HEALTHY;
    }

    /**
     * The more severe of the two rules, unless an operator holds the domain. The reason names the
     * rule that decided the new status; the one whose input moved the domain when both call for it,
     * or when it becomes HEALTHY.
     *
     * @param cooldownEnded the evidence of a config cooldown that ended, which is what makes the
     *     domain HEALTHY when it does; null for any other input
     */
    private DomainDecision decide(
            DomainState state, Reason trigger, long at, Evidence cooldownEnded) {
        if (state.operatorPaused()) {
            return new DomainDecision(state, Optional.empty());
        }
        Status ratio = evaluate(state.counts());
        Status config = state.configFailures().verdict();
        Status next = max(ratio, config);
        Reason reason = trigger;
        if (ratio != config && next != Status.HEALTHY) {
            reason = next == config ? Reason.CONFIG_FAILURE : Reason.UNHEALTHY_RATIO;
        }
        if (next == state.status()) {
            return new DomainDecision(state, Optional.empty());
        }
        Evidence evidence;
        if (next != Status.HEALTHY) {
            evidence =
                    reason == Reason.CONFIG_FAILURE
                            ? configEvidence(next, state.configFailures())
                            : ratioEvidence(next, state.counts());
        } else if (cooldownEnded != null) {
            evidence = cooldownEnded;
        } else {
            evidence = ratioEvidence(next, state.counts());
        }
        return follow(state, next, reason, at, evidence);
    }

    /**
     * The ratio against the threshold of the status it calls for, the warning ratio for HEALTHY
     * (the ratio is below it); or, below the smallest fleet the ratio applies to, the fleet's size
     * against it.
     */
    private Evidence ratioEvidence(Status status, DomainCounts counts) {
        if (counts.totalMailboxes() < minMailboxes) {
            return Evidence.of(
                    Evidence.Rule.MIN_MAILBOXES, minMailboxes, (double) counts.totalMailboxes());
        }
        double threshold =
                status == Status.PAUSED
                        ? settings.domainPauseRatio()
                        : settings.domainWarningRatio();
        return Evidence.of(Evidence.Rule.UNHEALTHY_RATIO, threshold, counts.unhealthyRatio());
    }

    /**
     * The failures within the hour against the threshold of the status they call for. A verdict
     * holds until the cooldown, so when it decides later than the failure that reached it (the
     * ratio fell under it), fewer may lie within the hour by then.
     */
    private Evidence configEvidence(Status status, ConfigFailures failures) {
        int threshold = status == Status.PAUSED ? configPause : configWarning;
        return Evidence.of(Evidence.Rule.CONFIG_FAILURE, threshold, failures.count());
    }

    private static Status max(Status a, Status b) {
        return a.code() >= b.code() ? a : b;
    }

    /**
     * An operator PAUSE holds the domain until RESUME, which forgets its config failures (the
     * operator has seen them; the same ones must not pause it again) and hands it back to its
     * ratio. PAUSE of a domain never seen creates it paused; RESUME of one leaves nothing to store
     * (a null state). The domain keeps who gave the command and why; a command id it has already
     * applied (a retry) changes nothing.
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
                            at,
                            Evidence.BY_OPERATOR);
            case RESUME ->
                    follow(
                            state.with(state.status(), state.reason(), false, state.counts())
                                    .withConfigFailures(ConfigFailures.NONE),
                            evaluate(state.counts()),
                            Reason.OPERATOR,
                            at,
                            Evidence.BY_OPERATOR);
            default -> throw new IllegalArgumentException(action + " applies to mailboxes only");
        };
    }

    private static DomainDecision follow(
            DomainState state, Status next, Reason reason, long at, Evidence evidence) {
        if (next == state.status()) {
            return new DomainDecision(state, Optional.empty());
        }
        return new DomainDecision(
                state.with(next, reason, state.operatorPaused(), state.counts()),
                Optional.of(new Transition(state.status(), next, reason, at, evidence)));
    }
}
