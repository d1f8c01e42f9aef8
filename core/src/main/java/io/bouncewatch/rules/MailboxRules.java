package io.bouncewatch.rules;

import java.util.Optional;

/**
 * The mailbox rules of docs/rules.md §1 to §5 and §7 as pure functions (its routes by {@link
 * RouteRules}): each takes the stored state (null for a mailbox never seen) and one input, and
 * returns the state to store and the status change, if any.
 */
public final class MailboxRules {

    /** XORed into a complaint id's fingerprint, so that it differs from a bounce's of the id. */
    private static final long COMPLAINT_ID_SALT = 0x9e3779b97f4a7c15L;

    private final RuleSettings settings;
    private final CooldownPolicy cooldowns;
    private final RouteRules routes;
    private final long maxSendUnits;
    private final long retainUnits;
    private final long pauseBounceUnits;
    private final long warningBounceUnits;
    private final long pauseComplaintUnits;
    private final long warningComplaintUnits;
    private final long recoveryRatePpm;
    private final long pauseRatePpm;
    private final long warningRatePpm;
    private final long sendWindowMillis;
    private final long reportWindowMillis;

    public MailboxRules(RuleSettings settings) {
        this.settings = settings;
        this.cooldowns = new CooldownPolicy(settings);
        this.routes = new RouteRules(settings);
        this.maxSendUnits = MailboxWindow.toUnits(settings.windowMaxSends());
        this.retainUnits = MailboxWindow.toUnits(settings.windowRetainFraction());
        this.pauseBounceUnits = MailboxWindow.toUnits(settings.pauseBounces());
        this.warningBounceUnits = MailboxWindow.toUnits(settings.warningBounces());
        this.pauseComplaintUnits = MailboxWindow.toUnits(settings.pauseComplaints());
        this.warningComplaintUnits = MailboxWindow.toUnits(settings.warningComplaints());
        this.recoveryRatePpm = MailboxWindow.toUnits(settings.recoveryRate());
        this.pauseRatePpm = MailboxWindow.toUnits(settings.pauseBounceRate());
        this.warningRatePpm = MailboxWindow.toUnits(settings.warningBounceRate());
        this.sendWindowMillis = settings.dedupeSendWindow().toMillis();
        this.reportWindowMillis = settings.dedupeWindow().toMillis();
    }

    public RuleSettings settings() {
        return settings;
    }

    /**
     * The rules of section 2 on a window, most severe first: every PAUSED rule before any WARNING
     * rule, and among equals the first one names the reason.
     *
     * @param atVolume whether the mailbox has volume ({@link #hasVolume}): the rate rules apply,
     *     the early warning does not
     */
    public Verdict evaluate(MailboxWindow w, boolean atVolume) {
        if (w.bounces() >= pauseBounceUnits) {
            return verdict(
                    Status.PAUSED,
                    Reason.BOUNCE_COUNT,
                    Evidence.Rule.BOUNCE_COUNT,
                    settings.pauseBounces(),
                    w.bounceCount());
        }
        if (atVolume && w.bounceRateAtLeast(pauseRatePpm)) {
            return verdict(
                    Status.PAUSED,
                    Reason.BOUNCE_RATE,
                    Evidence.Rule.BOUNCE_RATE,
                    settings.pauseBounceRate(),
                    w.bounceRate());
        }
        if (w.complaints() >= pauseComplaintUnits) {
            return verdict(
                    Status.PAUSED,
                    Reason.COMPLAINTS,
                    Evidence.Rule.COMPLAINTS,
                    settings.pauseComplaints(),
                    w.complaintCount());
        }
        if (!atVolume && w.bounces() >= warningBounceUnits) {
            return verdict(
                    Status.WARNING,
                    Reason.EARLY_WARNING,
                    Evidence.Rule.EARLY_WARNING,
                    settings.warningBounces(),
                    w.bounceCount());
        }
        if (atVolume && w.bounceRateAtLeast(warningRatePpm)) {
            return verdict(
                    Status.WARNING,
                    Reason.BOUNCE_RATE,
                    Evidence.Rule.BOUNCE_RATE,
                    settings.warningBounceRate(),
                    w.bounceRate());
        }
        if (w.complaints() >= warningComplaintUnits) {
            return verdict(
                    Status.WARNING,
                    Reason.COMPLAINTS,
                    Evidence.Rule.COMPLAINTS,
                    settings.warningComplaints(),
                    w.complaintCount());
        }
        return Verdict.HEALTHY;
    }

    /** A rule's verdict, with the threshold it compared against and the value it measured. */
    private static Verdict verdict(
            Status status, Reason reason, Evidence.Rule rule, double threshold, double value) {
        return new Verdict(status, reason, Evidence.of(rule, threshold, value));
    }

    /**
     * Counts an event, slides the window if it is full, then evaluates (section 1 order). A
     * duplicate changes nothing: an event id of the same kind (a send, a bounce, a complaint) first
     * seen less than {@code dedupe.send-window} (sends) or {@code dedupe.window} (bounces and
     * complaints) before {@code now}, whatever came in between. A rule pause whose cooldown has run
     * out by {@code now} resumes before the event is counted, whether or not its expiry was noticed
     * in time: a mailbox cannot stay paused for good because an expiry was lost.
     *
     * @param now wall-clock time, which starts a cooldown and ends one, and dates an event id for
     *     the duplicate windows: a redelivery carries the first delivery's timestamp, so the
     *     event's own cannot tell how long after the first it came
     */
    public MailboxDecision onEvent(MailboxState stored, MailboxEvent event, long now) {
        MailboxState state = stored != null ? stored : MailboxState.fresh(settings);
        boolean isSend = event instanceof MailboxEvent.Send;
        // Hashed once: checked here, added when counted.
        long id = fingerprint(event);
        if (isSend
                ? state.recentSends().containsFingerprint(id, now, sendWindowMillis)
                : state.recentReports().containsFingerprint(id, now, reportWindowMillis)) {
            return MailboxDecision.unchanged(state);
        }
        MailboxDecision expiry = onCooldownExpired(state, now);
        MailboxDecision decision =
                expiry.counted()
                        ? count(expiry.state(), event, id, isSend, now).after(expiry)
                        : count(state, event, id, isSend, now);
        // Routes are advice beside the status (docs/rules.md §2.3): they never change the decision
        // above.
        return decision.withRoutes(
                routes.onEvent(
                        decision.state().routes(), event, decision.state().lastEventAt(), now));
    }

    /**
     * An event id's fingerprint within its kind. Bounces and complaints keep their ids in one
     * window, yet are kinds of their own: a complaint's fingerprint is its id's, salted, so that a
     * complaint that shares its id with a bounce of the mailbox is no duplicate of it.
     */
    private static long fingerprint(MailboxEvent event) {
        long id = RecentEventIds.fingerprint(event.eventId());
        return event instanceof MailboxEvent.Complaint ? id ^ COMPLAINT_ID_SALT : id;
    }

    /**
     * What the wall clock ends by {@code now}: a rule pause whose cooldown ran out (see {@link
     * #onCooldownExpired}) and every route slow-down or block whose time is up.
     */
    public MailboxDecision onDeadline(MailboxState state, long now) {
        return onCooldownExpired(state, now).withRoutes(routes.expire(state.routes(), now));
    }

    private MailboxDecision count(
            MailboxState state, MailboxEvent event, long id, boolean isSend, long now) {
        // Both kinds drop what their window no longer holds, so a mailbox that stopped sending
        // does not keep an hour of send ids until its next send.
        EventIdWindow sendIds =
                isSend
                        ? state.recentSends().withFingerprint(id, now, sendWindowMillis)
                        : state.recentSends().expire(now, sendWindowMillis);
        EventIdWindow reportIds =
                isSend
                        ? state.recentReports().expire(now, reportWindowMillis)
                        : state.recentReports().withFingerprint(id, now, reportWindowMillis);
        MailboxWindow window = state.window();
        long sends = state.totalSends();
        long bounces = state.totalBounces();
        long complaints = state.totalComplaints();
        CategoryCounts byCategory = state.bouncesByCategory();
        if (event instanceof MailboxEvent.Send) {
            window = window.plusSend();
            sends++;
        } else if (event instanceof MailboxEvent.Bounce bounce) {
            if (countsInWindow(bounce)) {
                window = window.plusBounce();
            }
            if (bounce.category() != Category.IGNORE) {
                bounces++;
            }
            byCategory = byCategory.plus(bounce.category());
        } else {
            window = window.plusComplaint();
            complaints++;
        }
        if (window.sends() >= maxSendUnits) {
            window = window.slide(retainUnits);
        }
        MailboxState counted =
                state.counted(
                        window,
                        sends,
                        bounces,
                        complaints,
                        byCategory,
                        event.timestamp(),
                        sendIds,
                        reportIds);
        return decide(state, counted, isSend, event.timestamp(), now);
    }

    /**
     * Whether a bounce counts in the window's bounces, by its category (docs/rules.md §2.1): the
     * recipient's list and the receiver's refusal do; a transient failure only when soft bounces
     * are counted; an unclassified one when it is permanent; a throttle, the sender's own setup and
     * an auto-reply never.
     */
    boolean countsInWindow(MailboxEvent.Bounce bounce) {
        return switch (bounce.category()) {
            case LIST, REPUTATION -> true;
            case TRANSIENT -> settings.countSoftBounces();
            case UNKNOWN -> bounce.type() == BounceType.HARD;
            case CONFIG, THROTTLE, IGNORE, COMPLAINT -> false;
        };
    }

    /**
     * @param before the state before the event was counted; null when the event ended probation
     */
    private MailboxDecision decide(
            MailboxState before, MailboxState tallied, boolean cleanSendCounts, long at, long now) {
        if (tallied.status() == Status.PAUSED) {
            return counted(tallied, null);
        }
        Verdict verdict = evaluate(tallied.window(), hasVolume(tallied));
        if (verdict.status() == Status.PAUSED) {
            long cooldown = cooldowns.cooldownMillis(tallied, now);
            MailboxState paused =
                    tallied.withStatus(Status.PAUSED, verdict.reason())
                            .withProbationSends(0)
                            .withRecoverySends(0)
                            .withCooldown(now + cooldown, cooldown);
            return counted(
                    paused,
                    new Transition(
                            tallied.status(),
                            Status.PAUSED,
                            verdict.reason(),
                            at,
                            verdict.evidence()));
        }
        MailboxState state =
                tallied.withRecoverySends(recoverySendsLeft(tallied, verdict, cleanSendCounts));
        if (state.onProbation()) {
            if (verdict.status() != Status.HEALTHY) {
                return counted(state.withProbationSends(settings.probationSends()), null);
            }
            int left = cleanSendCounts ? state.probationSends() - 1 : state.probationSends();
            if (left > 0) {
                return counted(state.withProbationSends(left), null);
            }
            // Out of probation the mailbox has its volume back: the rate rules decide, on this
            // event, whether it heals, stays WARNING or pauses again. The send is counted once.
            return decide(null, state.withProbationSends(0), false, at, now);
        }
        if (verdict.status() == state.status()
                || (verdict.status() == Status.HEALTHY && state.recovering())) {
            return counted(state, null);
        }
        boolean recovered = verdict.status() == Status.HEALTHY;
        Reason reason = recovered ? Reason.RECOVERED : verdict.reason();
        Evidence evidence = recovered ? recovery(before, tallied) : verdict.evidence();
        return counted(
                state.withStatus(verdict.status(), reason),
                new Transition(state.status(), verdict.status(), reason, at, evidence));
    }

    /**
     * What ended a warning: probation made (when {@code before} is null), the rate kept under the
     * recovery rate for the recovery sends, or the warning rule that held before the event no
     * longer matching: the early warning once the mailbox has volume, else the complaint warning.
     *
     * @param tallied the state with the event counted, before the recovery sends were updated
     */
    private Evidence recovery(MailboxState before, MailboxState tallied) {
        if (before == null) {
            return Evidence.of(
                    Evidence.Rule.PROBATION, settings.probationSends(), settings.probationSends());
        }
        if (tallied.recovering()) {
            return Evidence.of(
                    Evidence.Rule.RECOVERY_RATE,
                    settings.recoveryRate(),
                    tallied.window().bounceRate());
        }
        if (evaluate(before.window(), hasVolume(before)).reason() == Reason.EARLY_WARNING) {
            return Evidence.of(
                    Evidence.Rule.MIN_SENDS, settings.minSends(), (double) tallied.totalSends());
        }
        return Evidence.of(
                Evidence.Rule.COMPLAINTS,
                settings.warningComplaints(),
                tallied.window().complaintCount());
    }

    /**
     * Volume belongs to the mailbox, not to the window: it has volume once its lifetime sends reach
     * the minimum, so a slide, which halves sends and bounces alike, never takes it away. Probation
     * is judged without volume, as a mailbox's first sends are: a slide keeps the rate, so with
     * volume a mailbox paused by its rate would pause again on its first send after every cooldown
     * and never heal. The count and complaint rules act during probation; the rate rules decide
     * when it ends.
     */
    public boolean hasVolume(MailboxState state) {
        return !state.onProbation() && state.totalSends() >= settings.minSends();
    }

    /**
     * Hysteresis of the rate warning: the rate warning sets the count to the full recovery sends;
     * while a count is pending, every event after which the window rate is at or above the recovery
     * rate sets it back to full, and every send after which the rate is below takes one off. Only a
     * send moves it down, since recovery is measured in sends; a bounce that leaves the rate below
     * the recovery rate neither restarts nor advances it.
     */
    private int recoverySendsLeft(MailboxState state, Verdict verdict, boolean isSend) {
        if (verdict.status() == Status.WARNING && verdict.reason() == Reason.BOUNCE_RATE) {
            return settings.recoverySends();
        }
        if (!state.recovering()) {
            return 0;
        }
        if (state.window().bounceRateAtLeast(recoveryRatePpm)) {
            return settings.recoverySends();
        }
        return isSend ? state.recoverySends() - 1 : state.recoverySends();
    }

    private static MailboxDecision counted(MailboxState state, Transition transition) {
        return new MailboxDecision(state, Optional.ofNullable(transition), true);
    }

    /**
     * A rule pause whose cooldown ran out resumes on probation: the window slides once (history
     * kept, halved) and the mailbox is WARNING until its probation sends are made. The next event
     * evaluates the rules as usual, so a window still over a pause threshold pauses again, with an
     * escalated cooldown.
     */
    public MailboxDecision onCooldownExpired(MailboxState state, long now) {
        if (state.status() != Status.PAUSED
                || state.operatorPaused()
                || !state.coolingDown()
                || state.cooldownUntil() > now) {
            return MailboxDecision.unchanged(state);
        }
        // The cooldown that ran out, and how long the mailbox was paused: more when the expiry was
        // noticed late.
        long cooldown = state.lastCooldownMillis();
        long paused = now - (state.cooldownUntil() - cooldown);
        return resume(
                state,
                Reason.COOLDOWN_EXPIRED,
                now,
                Evidence.ofMillis(Evidence.Rule.COOLDOWN_EXPIRED, cooldown, paused));
    }

    private MailboxDecision resume(MailboxState state, Reason reason, long at, Evidence evidence) {
        MailboxState resumed =
                state.withWindow(state.window().slide(retainUnits))
                        .resumed(at, settings.probationSends())
                        .withStatus(Status.WARNING, reason);
        return counted(
                resumed, new Transition(state.status(), Status.WARNING, reason, at, evidence));
    }

    /**
     * Operator commands win over rules. PAUSE holds until RESUME; RESUME acts as a cooldown expiry
     * on a paused mailbox and does nothing to one that is not paused; RESET clears the window and
     * probation, keeps the totals and re-evaluates; REMOVE forgets the mailbox. The mailbox keeps
     * who gave the command and why; a command id it has already applied (a retry) changes nothing.
     */
    public MailboxDecision onCommand(MailboxState stored, Command command) {
        OperatorAction action = command.action();
        long at = command.timestamp();
        if (stored == null && action != OperatorAction.PAUSE) {
            return MailboxDecision.unchanged(null);
        }
        if (stored != null && stored.recentCommands().contains(command.commandId())) {
            return MailboxDecision.unchanged(stored);
        }
        MailboxState state =
                (stored != null ? stored : MailboxState.fresh(settings)).commanded(command);
        switch (action) {
            case PAUSE -> {
                MailboxState paused =
                        state.withOperatorPause(true).withProbationSends(0).withRecoverySends(0);
                if (state.status() == Status.PAUSED) {
                    return counted(paused, null);
                }
                return counted(
                        paused.withStatus(Status.PAUSED, Reason.OPERATOR),
                        new Transition(
                                state.status(),
                                Status.PAUSED,
                                Reason.OPERATOR,
                                at,
                                Evidence.BY_OPERATOR));
            }
            case RESUME -> {
                if (state.status() != Status.PAUSED) {
                    return counted(state, null);
                }
                return resume(state, Reason.OPERATOR, at, Evidence.BY_OPERATOR);
            }
            case RESET -> {
                MailboxState cleared =
                        state.withWindow(MailboxWindow.EMPTY)
                                .withOperatorPause(false)
                                .withCooldown(0, state.lastCooldownMillis())
                                .withProbationSends(0)
                                .withRecoverySends(0);
                Status next = evaluate(MailboxWindow.EMPTY, hasVolume(cleared)).status();
                if (next == state.status()) {
                    return counted(cleared, null);
                }
                return counted(
                        cleared.withStatus(next, Reason.OPERATOR),
                        new Transition(
                                state.status(), next, Reason.OPERATOR, at, Evidence.BY_OPERATOR));
            }
            case REMOVE -> {
                return MailboxDecision.removed();
            }
            default -> throw new IllegalArgumentException("unknown action " + action);
        }
    }

    /**
     * How close the window is to a pause, 0 to 100: the larger of the share of the absolute bounce
     * threshold reached and, while the mailbox has volume, the share of the pause rate reached;
     * PAUSED is 100.
     */
    public int riskScore(MailboxState state) {
        if (state.status() == Status.PAUSED) {
            return 100;
        }
        MailboxWindow w = state.window();
        double byCount = w.bounceCount() / settings.pauseBounces();
        double byRate = hasVolume(state) ? w.bounceRate() / settings.pauseBounceRate() : 0;
        // Rounded down, so only a pause shows 100.
        return (int) Math.min(100, Math.floor(Math.max(byCount, byRate) * 100 + 1e-9));
    }
}
