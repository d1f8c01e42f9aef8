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

    private final Map<String, MailboxState> mailboxes = new HashMap<>();
    private final Map<String, DomainState> domains = new HashMap<>();
    private final Map<String, MailboxSummary> members = new HashMap<>();
    private final Map<String, Set<String>> mailboxesOfDomain = new HashMap<>();
    private final PriorityQueue<Deadline> deadlines = new PriorityQueue<>();

    private final Set<String> warned = new HashSet<>();
    private final Map<String, FirstPause> firstPauses = new LinkedHashMap<>();
    private final Set<String> domainsWarned = new HashSet<>();
    private final Set<String> domainsPaused = new HashSet<>();
    private final Map<String, Long> stoppedSince = new HashMap<>();
    private long statusChanges;
    private long bouncesAfterPause;
    private long stoppedMillis;
    private long clock = Long.MIN_VALUE;

    /** When a mailbox was first paused, and why. */
    public record FirstPause(String mailbox, long at, String reason) {}

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
                case MAILBOX -> endMailboxDeadline(d.key(), d.at());
                case CONFIG_COOLDOWN -> endConfigCooldown(d.key(), d.at());
                case DORMANT -> {
                    List<String> dormant = new ArrayList<>();
                    dormant.add(d.key());
                    while (!deadlines.isEmpty()
                            && deadlines.peek().at() == d.at()
                            && deadlines.peek().kind() == DeadlineKind.DORMANT) {
                        dormant.add(deadlines.poll().key());
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
        for (long since : stoppedSince.values()) {
            stopped += Math.max(0, end - since);
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

    // ---- mailboxes, as the mailbox processor steps them

    private void onEvent(MailboxEvent event, long now) {
        String mailbox = event.mailbox();
        MailboxState stored = mailboxes.get(mailbox);
        boolean wasStopped = stoppedSince.containsKey(mailbox);
        MailboxDecision decision = mailboxRules.onEvent(stored, event, now);
        MailboxEvent.Bounce bounce = event instanceof MailboxEvent.Bounce b ? b : null;
        if (wasStopped
                && decision.counted()
                && bounce != null
                && bounce.category() != Category.IGNORE) {
            bouncesAfterPause++;
        }
        apply(mailbox, stored, decision, event.eventId(), bounce, now);
        if (decision.counted() && bounce != null && bounce.category() == Category.CONFIG) {
            String domain = Addresses.domainOf(mailbox);
            DomainState state = domains.get(domain);
            applyDomain(
                    domain,
                    state,
                    domainRules.onConfigFailure(
                            state, mailbox, event.eventId(), event.timestamp(), now),
                    now);
        }
    }

    private void onCommand(Command command, long now) {
        if (command.domain()) {
            DomainState stored = domains.get(command.target());
            applyDomain(command.target(), stored, domainRules.onCommand(stored, command), now);
            return;
        }
        MailboxState stored = mailboxes.get(command.target());
        apply(
                command.target(),
                stored,
                mailboxRules.onCommand(stored, command),
                command.commandId(),
                null,
                now);
    }

    private void apply(
            String mailbox,
            MailboxState stored,
            MailboxDecision decision,
            String causeId,
            MailboxEvent.Bounce cause,
            long now) {
        if (!decision.counted()) {
            return;
        }
        String domain = Addresses.domainOf(mailbox);
        if (decision.removes()) {
            if (stored != null) {
                mailboxes.remove(mailbox);
                Set<String> ofDomain = mailboxesOfDomain.get(domain);
                ofDomain.remove(mailbox);
                if (ofDomain.isEmpty()) {
                    mailboxesOfDomain.remove(domain);
                }
                stopped(mailbox, false, now);
                member(mailbox, null, now);
            }
            return;
        }
        MailboxState state = decision.state();
        mailboxes.put(mailbox, state);
        if (stored == null) {
            mailboxesOfDomain.computeIfAbsent(domain, d -> new HashSet<>()).add(mailbox);
        }
        long deadline = state.nextDeadline();
        if (deadline > 0 && (stored == null || stored.nextDeadline() != deadline)) {
            deadlines.add(new Deadline(deadline, DeadlineKind.MAILBOX, mailbox));
        }
        decision.expiry()
                .ifPresent(
                        expiry ->
                                expiry.transition()
                                        .ifPresent(
                                                t ->
                                                        changed(
                                                                mailbox,
                                                                t,
                                                                expiry.state(),
                                                                null,
                                                                null)));
        decision.transition().ifPresent(t -> changed(mailbox, t, state, causeId, cause));
        for (RouteChange c : decision.routeChanges()) {
            statusChanges++;
            changes.accept(StatusChange.OfRoute.of(mailbox, c, cause));
        }
        stopped(mailbox, stopsSending(mailbox, state), now);
        MailboxSummary summary = summary(state);
        if (stored == null || !summary.equals(summary(stored))) {
            member(mailbox, summary, now);
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

    private MailboxSummary summary(MailboxState state) {
        return MailboxSummary.of(state, mailboxRules.riskScore(state), settings);
    }

    private void endMailboxDeadline(String mailbox, long at) {
        MailboxState stored = mailboxes.get(mailbox);
        if (stored == null || stored.nextDeadline() != at) {
            return;
        }
        apply(mailbox, stored, mailboxRules.onDeadline(stored, at), null, null, at);
    }

    // ---- domains, as the domain processor steps them

    /** A mailbox's new summary counts in its domain; null when the mailbox leaves it. */
    private void member(String mailbox, MailboxSummary summary, long now) {
        String domain = Addresses.domainOf(mailbox);
        MailboxSummary previous = members.get(mailbox);
        MailboxSummary next = summary == null ? null : domainRules.heardAt(summary, now);
        if (next != null && domainRules.dormantAt(next) <= now) {
            next = null;
        }
        if (Objects.equals(previous, next)) {
            return;
        }
        DomainState stored = domains.get(domain);
        DomainCounts counts = stored == null ? DomainCounts.EMPTY : stored.counts();
        if (previous != null) {
            counts = counts.minus(previous);
        }
        if (next == null) {
            members.remove(mailbox);
        } else {
            members.put(mailbox, next);
            counts = counts.plus(next);
            deadlines.add(new Deadline(domainRules.dormantAt(next), DeadlineKind.DORMANT, mailbox));
        }
        applyDomain(domain, stored, domainRules.onCounts(stored, counts, now), now);
    }

    /** The members still dormant at {@code at} leave their domains' counts, a domain at a time. */
    private void endDormancy(List<String> candidates, long at) {
        Map<String, DomainCounts> recounted = new LinkedHashMap<>();
        for (String mailbox : candidates) {
            MailboxSummary member = members.get(mailbox);
            if (member == null || domainRules.dormantAt(member) != at) {
                continue;
            }
            members.remove(mailbox);
            String domain = Addresses.domainOf(mailbox);
            DomainCounts counts = recounted.computeIfAbsent(domain, d -> domains.get(d).counts());
            recounted.put(domain, counts.minus(member));
        }
        recounted.forEach(
                (domain, counts) -> {
                    DomainState stored = domains.get(domain);
                    applyDomain(domain, stored, domainRules.onCounts(stored, counts, at), at);
                });
    }

    private void endConfigCooldown(String domain, long at) {
        DomainState stored = domains.get(domain);
        if (stored == null
                || !stored.configFailures().any()
                || domainRules.configCooldownEnds(stored.configFailures()) != at) {
            return;
        }
        applyDomain(domain, stored, domainRules.onConfigCooldown(stored, at), at);
    }

    private void applyDomain(String domain, DomainState stored, DomainDecision decision, long at) {
        DomainState state = decision.state();
        if (state == null || state.equals(stored)) {
            return;
        }
        if (state.counts().totalMailboxes() == 0 && !state.operatorPaused()) {
            // Forgotten, as the monitor forgets a domain whose last mailbox was removed.
            domains.remove(domain);
            blocked(domain, stored != null && stored.blocksMailboxes(), false, at);
            return;
        }
        domains.put(domain, state);
        if (state.configFailures().any()) {
            long ends = domainRules.configCooldownEnds(state.configFailures());
            if (stored == null
                    || !stored.configFailures().any()
                    || domainRules.configCooldownEnds(stored.configFailures()) != ends) {
                deadlines.add(new Deadline(ends, DeadlineKind.CONFIG_COOLDOWN, domain));
            }
        }
        decision.transition()
                .ifPresent(
                        t -> {
                            statusChanges++;
                            if (t.to() == Status.WARNING) {
                                domainsWarned.add(domain);
                            } else if (t.to() == Status.PAUSED) {
                                domainsPaused.add(domain);
                            }
                            changes.accept(StatusChange.OfDomain.of(domain, t, state));
                        });
        blocked(domain, stored != null && stored.blocksMailboxes(), state.blocksMailboxes(), at);
    }

    // ---- the time mailboxes could not send

    private void blocked(String domain, boolean was, boolean is, long at) {
        if (was == is) {
            return;
        }
        for (String mailbox : mailboxesOfDomain.getOrDefault(domain, Set.of())) {
            stopped(mailbox, stopsSending(mailbox, mailboxes.get(mailbox)), at);
        }
    }

    private boolean stopsSending(String mailbox, MailboxState state) {
        if (state.status() == Status.PAUSED) {
            return true;
        }
        DomainState domain = domains.get(Addresses.domainOf(mailbox));
        return domain != null && domain.blocksMailboxes();
    }

    private void stopped(String mailbox, boolean stopped, long at) {
        if (stopped) {
            stoppedSince.putIfAbsent(mailbox, at);
        } else {
            Long since = stoppedSince.remove(mailbox);
            if (since != null) {
                stoppedMillis += Math.max(0, at - since);
            }
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
