package io.bouncewatch.whatif;

import io.bouncewatch.input.Decoded;
import io.bouncewatch.payload.Addresses;
import io.bouncewatch.payload.StatusChange;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.Command;
import io.bouncewatch.rules.DomainCounts;
import io.bouncewatch.rules.DomainDecision;
import io.bouncewatch.rules.DomainRules;
import io.bouncewatch.rules.DomainState;
import io.bouncewatch.rules.MailboxDecision;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.MailboxRules;
import io.bouncewatch.rules.MailboxState;
import io.bouncewatch.rules.MailboxSummary;
import io.bouncewatch.rules.RouteChange;
import io.bouncewatch.rules.RuleSettings;
import io.bouncewatch.rules.Status;
import io.bouncewatch.rules.Transition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A whole fleet run through the monitor's rules ({@link MailboxRules}, {@link DomainRules} and the
 * route rules they call) on recorded time: each input is decided at its record's timestamp, as the
 * monitor decides it at the wall-clock time it reads it, and every deadline the monitor's clock
 * would end (a cooldown, a route's slow-down or block, a domain's config cooldown, a dormant
 * mailbox) ends at its own time, before any later input. The states live in memory; the steps
 * between the rules are the monitor's: a mailbox's summary counts in its domain, a counted {@code
 * CONFIG} bounce is a config failure of its domain, and the status changes are the monitor's
 * payloads.
 *
 * <p>Besides the status changes, it keeps what a what-if compares ({@link ReplayOutcome}): who was
 * warned and paused, the bounces that came from mailboxes already stopped, and the time mailboxes
 * could not send, paused themselves or blocked by their domain. Not thread-safe; one per setting.
 */
public final class FleetReplay {

    private final RuleSettings settings;
    private final MailboxRules mailboxRules;
    private final DomainRules domainRules;
    private final Consumer<StatusChange> changes;

    private final Map<String, Box> mailboxes = new HashMap<>();
    private final Map<String, Dom> domains = new HashMap<>();
    private final PriorityQueue<Deadline> deadlines = new PriorityQueue<>();

    private final Set<String> warned = new HashSet<>();
    private final Map<String, FirstPause> firstPauses = new LinkedHashMap<>();
    private final Set<String> domainsWarned = new HashSet<>();
    private final Set<String> domainsPaused = new HashSet<>();
    private long statusChanges;
    private long bouncesAfterPause;
    private long stoppedMillis;
    private long clock = Long.MIN_VALUE;

    /** When a mailbox was first paused, and why. */
    public record FirstPause(String mailbox, long at, String reason) {}

    /**
     * A mailbox as the monitor keeps it: its state (null once removed), its summary as its domain
     * counts it (null while it does not count), and since when it cannot send (or -1).
     */
    private static final class Box {
        final String name;
        final Dom domain;
        MailboxState state;
        MailboxSummary summary;
        MailboxSummary member;
        long stoppedSince = -1;

        Box(String name, Dom domain) {
            this.name = name;
            this.domain = domain;
        }
    }

    /** A domain: its state (null while the monitor has none) and the mailboxes it has seen. */
    private static final class Dom {
        final String name;
        final Set<Box> mailboxes = new HashSet<>();
        DomainState state;

        Dom(String name) {
            this.name = name;
        }
    }

    /**
     * @param changes receives every status change, in the order the monitor would emit it
     */
    public FleetReplay(RuleSettings settings, Consumer<StatusChange> changes) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.mailboxRules = new MailboxRules(settings);
        this.domainRules = new DomainRules(settings);
        this.changes = Objects.requireNonNull(changes, "changes");
    }

    /**
     * Decides one input at its record's time, after every deadline up to then. Inputs must come in
     * the order of their times; an earlier one is decided at the latest time seen.
     */
    public void accept(long timestamp, Decoded input) {
        long now = Math.max(clock, timestamp);
        advanceTo(now);
        if (input instanceof Decoded.Event e) {
            onEvent(e.event(), now);
        } else if (input instanceof Decoded.Order o) {
            onCommand(o.command(), now);
        }
        // A recipient's command concerns the suppression list, which no mailbox or domain reads.
    }

    /**
     * Ends every deadline up to {@code now}, each at its own time; at one time, as the monitor's
     * clock ends them: cooldowns and routes, then config cooldowns, then the dormant mailboxes of
     * each domain together.
     */
    public void advanceTo(long now) {
        while (!deadlines.isEmpty() && deadlines.peek().at() <= now) {
            Deadline d = deadlines.poll();
            clock = Math.max(clock, d.at());
            switch (d.kind()) {
                case MAILBOX -> endMailboxDeadline(mailboxes.get(d.key()), d.at());
                case CONFIG_COOLDOWN -> endConfigCooldown(domains.get(d.key()), d.at());
                case DORMANT -> {
                    List<Box> dormant = new ArrayList<>();
                    dormant.add(mailboxes.get(d.key()));
                    while (!deadlines.isEmpty()
                            && deadlines.peek().at() == d.at()
                            && deadlines.peek().kind() == DeadlineKind.DORMANT) {
                        dormant.add(mailboxes.get(deadlines.poll().key()));
                    }
                    endDormancy(dormant, d.at());
                }
            }
        }
        clock = Math.max(clock, now);
    }

    /** What happened up to {@code end}: mailboxes still stopped then count up to it. */
    public ReplayOutcome outcome(long end) {
        long stopped = stoppedMillis;
        for (Box box : mailboxes.values()) {
            if (box.stoppedSince >= 0) {
                stopped += Math.max(0, end - box.stoppedSince);
            }
        }
        return new ReplayOutcome(
                warned.size(),
                firstPauses.size(),
                domainsWarned.size(),
                domainsPaused.size(),
                statusChanges,
                bouncesAfterPause,
                stopped / 3_600_000.0,
                Map.copyOf(firstPauses));
    }

    private Box box(String mailbox) {
        Box box = mailboxes.get(mailbox);
        if (box == null) {
            String domain = Addresses.domainOf(mailbox);
            box = new Box(mailbox, domains.computeIfAbsent(domain, Dom::new));
            mailboxes.put(mailbox, box);
        }
        return box;
    }

    // ---- mailboxes, as the mailbox processor steps them

    private void onEvent(MailboxEvent event, long now) {
        Box box = box(event.mailbox());
        boolean wasStopped = box.stoppedSince >= 0;
        MailboxDecision decision = mailboxRules.onEvent(box.state, event, now);
        MailboxEvent.Bounce bounce = event instanceof MailboxEvent.Bounce b ? b : null;
        if (wasStopped
                && decision.counted()
                && bounce != null
                && bounce.category() != Category.IGNORE) {
            bouncesAfterPause++;
        }
        apply(box, decision, event.eventId(), bounce, now);
        if (decision.counted() && bounce != null && bounce.category() == Category.CONFIG) {
            Dom dom = box.domain;
            applyDomain(
                    dom,
                    domainRules.onConfigFailure(
                            dom.state, box.name, event.eventId(), event.timestamp(), now),
                    now);
        }
    }

    private void onCommand(Command command, long now) {
        if (command.domain()) {
            Dom dom = domains.computeIfAbsent(command.target(), Dom::new);
            applyDomain(dom, domainRules.onCommand(dom.state, command), now);
            return;
        }
        Box box = box(command.target());
        apply(box, mailboxRules.onCommand(box.state, command), command.commandId(), null, now);
    }

    private void apply(
            Box box,
            MailboxDecision decision,
            String causeId,
            MailboxEvent.Bounce cause,
            long now) {
        if (!decision.counted()) {
            return;
        }
        MailboxState stored = box.state;
        if (decision.removes()) {
            if (stored != null) {
                box.state = null;
                box.summary = null;
                stopped(box, false, now);
                member(box, null, now);
            }
            return;
        }
        MailboxState state = decision.state();
        box.state = state;
        if (stored == null) {
            box.domain.mailboxes.add(box);
        }
        long deadline = state.nextDeadline();
        if (deadline > 0 && (stored == null || stored.nextDeadline() != deadline)) {
            deadlines.add(new Deadline(deadline, DeadlineKind.MAILBOX, box.name));
        }
        decision.expiry()
                .ifPresent(
                        expiry ->
                                expiry.transition()
                                        .ifPresent(
                                                t ->
                                                        changed(
                                                                box.name,
                                                                t,
                                                                expiry.state(),
                                                                null,
                                                                null)));
        decision.transition().ifPresent(t -> changed(box.name, t, state, causeId, cause));
        for (RouteChange c : decision.routeChanges()) {
            statusChanges++;
            changes.accept(StatusChange.OfRoute.of(box.name, c, cause));
        }
        stopped(box, stopsSending(box), now);
        MailboxSummary summary = MailboxSummary.of(state, mailboxRules.riskScore(state), settings);
        if (stored == null || !summary.equals(box.summary)) {
            box.summary = summary;
            member(box, summary, now);
        }
    }

    private void changed(
            String mailbox,
            Transition t,
            MailboxState state,
            String causeId,
            MailboxEvent.Bounce cause) {
        statusChanges++;
        if (t.to() == Status.WARNING) {
            warned.add(mailbox);
        } else if (t.to() == Status.PAUSED) {
            firstPauses.putIfAbsent(mailbox, new FirstPause(mailbox, t.at(), t.reason().name()));
        }
        changes.accept(StatusChange.OfMailbox.of(mailbox, t, state, causeId, cause));
    }

    private void endMailboxDeadline(Box box, long at) {
        if (box == null || box.state == null || box.state.nextDeadline() != at) {
            return;
        }
        apply(box, mailboxRules.onDeadline(box.state, at), null, null, at);
    }

    // ---- domains, as the domain processor steps them

    /** A mailbox's new summary counts in its domain; null when the mailbox leaves it. */
    private void member(Box box, MailboxSummary summary, long now) {
        MailboxSummary previous = box.member;
        MailboxSummary next = summary == null ? null : domainRules.heardAt(summary, now);
        if (next != null && domainRules.dormantAt(next) <= now) {
            next = null;
        }
        if (Objects.equals(previous, next)) {
            return;
        }
        Dom dom = box.domain;
        DomainCounts counts = dom.state == null ? DomainCounts.EMPTY : dom.state.counts();
        if (previous != null) {
            counts = counts.minus(previous);
        }
        box.member = next;
        if (next != null) {
            counts = counts.plus(next);
            deadlines.add(
                    new Deadline(domainRules.dormantAt(next), DeadlineKind.DORMANT, box.name));
        }
        applyDomain(dom, domainRules.onCounts(dom.state, counts, now), now);
    }

    /** The members still dormant at {@code at} leave their domains' counts, a domain at a time. */
    private void endDormancy(List<Box> candidates, long at) {
        Map<Dom, DomainCounts> recounted = new LinkedHashMap<>();
        for (Box box : candidates) {
            MailboxSummary member = box == null ? null : box.member;
            if (member == null || domainRules.dormantAt(member) != at) {
                continue;
            }
            box.member = null;
            DomainCounts counts = recounted.computeIfAbsent(box.domain, d -> d.state.counts());
            recounted.put(box.domain, counts.minus(member));
        }
        recounted.forEach(
                (dom, counts) -> applyDomain(dom, domainRules.onCounts(dom.state, counts, at), at));
    }

    private void endConfigCooldown(Dom dom, long at) {
        if (dom == null
                || dom.state == null
                || !dom.state.configFailures().any()
                || domainRules.configCooldownEnds(dom.state.configFailures()) != at) {
            return;
        }
        applyDomain(dom, domainRules.onConfigCooldown(dom.state, at), at);
    }

    private void applyDomain(Dom dom, DomainDecision decision, long at) {
        DomainState stored = dom.state;
        DomainState state = decision.state();
        if (state == null || state.equals(stored)) {
            return;
        }
        if (state.counts().totalMailboxes() == 0 && !state.operatorPaused()) {
            // Forgotten, as the monitor forgets a domain whose last mailbox was removed.
            dom.state = null;
            blocked(dom, stored != null && stored.blocksMailboxes(), false, at);
            return;
        }
        dom.state = state;
        if (state.configFailures().any()) {
            long ends = domainRules.configCooldownEnds(state.configFailures());
            if (stored == null
                    || !stored.configFailures().any()
                    || domainRules.configCooldownEnds(stored.configFailures()) != ends) {
                deadlines.add(new Deadline(ends, DeadlineKind.CONFIG_COOLDOWN, dom.name));
            }
        }
        decision.transition()
                .ifPresent(
                        t -> {
                            statusChanges++;
                            if (t.to() == Status.WARNING) {
                                domainsWarned.add(dom.name);
                            } else if (t.to() == Status.PAUSED) {
                                domainsPaused.add(dom.name);
                            }
                            changes.accept(StatusChange.OfDomain.of(dom.name, t, state));
                        });
        blocked(dom, stored != null && stored.blocksMailboxes(), state.blocksMailboxes(), at);
    }

    // ---- the time mailboxes could not send

    private void blocked(Dom dom, boolean was, boolean is, long at) {
        if (was == is) {
            return;
        }
        for (Box box : dom.mailboxes) {
            if (box.state != null) {
                stopped(box, stopsSending(box), at);
            }
        }
    }

    private static boolean stopsSending(Box box) {
        return box.state.status() == Status.PAUSED
                || (box.domain.state != null && box.domain.state.blocksMailboxes());
    }

    private void stopped(Box box, boolean stopped, long at) {
        if (stopped) {
            if (box.stoppedSince < 0) {
                box.stoppedSince = at;
            }
        } else if (box.stoppedSince >= 0) {
            stoppedMillis += Math.max(0, at - box.stoppedSince);
            box.stoppedSince = -1;
        }
    }

    // ---- deadlines

    /** What may end at a deadline, in the order the monitor ends them at one time. */
    private enum DeadlineKind {
        MAILBOX,
        CONFIG_COOLDOWN,
        DORMANT
    }

    /**
     * A time something may end, checked against the state when it comes: a deadline moved or ended
     * since is stale and does nothing.
     */
    private record Deadline(long at, DeadlineKind kind, String key)
            implements Comparable<Deadline> {
        @Override
        public int compareTo(Deadline o) {
            int byTime = Long.compare(at, o.at);
            return byTime != 0 ? byTime : kind.compareTo(o.kind);
        }
    }
}
