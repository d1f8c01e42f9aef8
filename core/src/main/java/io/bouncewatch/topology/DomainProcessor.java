package io.bouncewatch.topology;

import io.bouncewatch.payload.Addresses;
import io.bouncewatch.payload.DomainHealth;
import io.bouncewatch.payload.StatusChange;
import io.bouncewatch.rules.DomainCounts;
import io.bouncewatch.rules.DomainDecision;
import io.bouncewatch.rules.DomainRules;
import io.bouncewatch.rules.DomainState;
import io.bouncewatch.rules.MailboxSummary;
import io.bouncewatch.rules.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts each domain's mailboxes by status and risk from their summaries, keeps the config failures
 * they report, derives the domain's status from both and from operator commands, and emits the
 * status change, the latest domain health and, when the domain starts or stops blocking its
 * mailboxes, a block record that reaches every mailbox partition. The last summary of every counted
 * mailbox is kept (the members store), so a summary that arrives twice (at-least-once, a replay)
 * changes nothing, and a changed one moves the counts by exactly the difference. A wall-clock
 * punctuator ends the config verdict of the domains whose last config failure is older than the
 * config cooldown; it looks only at the domains that have config failures, which it learns from the
 * store at start and keeps in memory. The same punctuator takes dormant mailboxes (no event for
 * {@code domain.inactive-after}) out of their domains' counts: it reads the members store when the
 * earliest of them falls dormant, which with activity published in steps happens at most once a
 * step, and once at start.
 */
final class DomainProcessor implements Processor<String, DomainInput, String, Object> {

    /** Each status change, as it happens. */
    static final Outlet<StatusChange> CHANGES = Outlet.node("domain-changes-sink");

    /** Each domain's latest health; null for a forgotten domain (a tombstone). */
    static final Outlet<DomainHealth> STATUS = Outlet.node("domain-status-sink");

    /** Whether a domain blocks its mailboxes, when that changes. */
    static final Outlet<Boolean> BLOCKS = Outlet.node("domain-blocks-sink");

    private final DomainRules rules;
    private final Duration cooldownCheckInterval;

    /** When the config verdict of each domain with config failures ends (wall clock). */
    private final Map<String, Long> configCooldowns = new HashMap<>();

    /** When the earliest counted mailbox falls dormant (wall clock); at once after a start. */
    private long nextDormancy;

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, DomainState> domains;
    private KeyValueStore<String, MailboxSummary> members;
    private KeyValueStore<Bytes, byte[]> history;
    private TopologyMetrics metrics;

    /**
     * @param cooldownCheckInterval how often config cooldowns that ran out are looked for
     */
    DomainProcessor(DomainRules rules, Duration cooldownCheckInterval) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.cooldownCheckInterval =
                Objects.requireNonNull(cooldownCheckInterval, "cooldownCheckInterval");
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.domains = context.getStateStore(MonitorTopology.DOMAIN_STORE);
        this.members = context.getStateStore(MonitorTopology.DOMAIN_MEMBERS_STORE);
        this.history = context.getStateStore(MonitorTopology.DOMAIN_HISTORY_STORE);
        this.metrics =
                TopologyMetrics.of(context.metrics(), "domain")
                        .withStatusChanges(
                                Reason.UNHEALTHY_RATIO, Reason.OPERATOR, Reason.CONFIG_FAILURE);
        // The store may have been restored or rolled back since this processor last ran.
        configCooldowns.clear();
        try (KeyValueIterator<String, DomainState> it = domains.all()) {
            while (it.hasNext()) {
                KeyValue<String, DomainState> entry = it.next();
                indexConfigCooldown(entry.key, entry.value);
            }
        }
        // The first check reads every member: their stored times may predate this release.
        nextDormancy = Long.MIN_VALUE;
        context.schedule(cooldownCheckInterval, PunctuationType.WALL_CLOCK_TIME, this::check);
    }

    @Override
    public void process(Record<String, DomainInput> record) {
        String domain = record.key();
        DomainState stored = domains.get(domain);
        DomainDecision decision;
        if (record.value() instanceof DomainInput.Member member) {
            DomainCounts counts = recount(stored, member, context.currentSystemTimeMs());
            if (counts == null) {
                return;
            }
            decision = rules.onCounts(stored, counts, record.timestamp());
        } else if (record.value() instanceof DomainInput.ConfigFailure failure) {
            decision =
                    rules.onConfigFailure(
                            stored,
                            failure.mailbox(),
                            failure.eventId(),
                            failure.at(),
                            record.timestamp());
            // A failure counted again (a redelivered input) leaves the state as it was.
            if (decision.state() != null && !decision.state().equals(stored)) {
                HistoryStores.addConfigFailure(
                        history, domain, failure.mailbox(), failure.eventId(), failure.at());
            }
        } else {
            DomainInput.Order order = (DomainInput.Order) record.value();
            decision = rules.onCommand(stored, order.command());
        }
        apply(domain, stored, decision, record.timestamp());
    }

    /** Keeps and emits a decision on a domain. */
    private void apply(String domain, DomainState stored, DomainDecision decision, long timestamp) {
        DomainState state = decision.state();
        if (state == null || state.equals(stored)) {
            return;
        }
        if (stored == null
                || stored.status() != state.status()
                || stored.counts().totalMailboxes() != state.counts().totalMailboxes()
                || stored.counts().unhealthyMailboxes() != state.counts().unhealthyMailboxes()) {
            HistoryStores.addRatioSample(
                    history, domain, timestamp, state.counts(), state.status());
        }
        if (state.counts().totalMailboxes() == 0 && !state.operatorPaused()) {
            forget(domain, stored, timestamp);
            return;
        }
        domains.put(domain, state);
        indexConfigCooldown(domain, state);
        decision.transition()
                .ifPresent(
                        t -> {
                            metrics.statusChange(t.reason());
                            StatusChange.OfDomain change =
                                    StatusChange.OfDomain.of(domain, t, state);
                            CHANGES.forward(context, new Record<>(domain, change, timestamp));
                            HistoryStores.addChange(history, change);
                        });
        DomainHealth health = DomainHealth.of(domain, state);
        // A repeated command changes the remembered command ids, which domain.status does not show.
        if (stored == null || !health.equals(DomainHealth.of(domain, stored))) {
            STATUS.forward(context, new Record<>(domain, health, timestamp));
        }
        boolean wasBlocking = stored != null && stored.blocksMailboxes();
        if (state.blocksMailboxes() != wasBlocking) {
            BLOCKS.forward(context, new Record<>(domain, state.blocksMailboxes(), timestamp));
        }
    }

    /**
     * Keeps the mailbox's new summary and returns the domain's counts with it; null if it did not
     * change. A summary whose last event is already too old to count (a backlog) is not kept.
     */
    private DomainCounts recount(DomainState stored, DomainInput.Member member, long now) {
        String key = MailboxStoreKey.of(member.mailbox());
        MailboxSummary previous = members.get(key);
        MailboxSummary next =
                member.summary() == null ? null : rules.heardAt(member.summary(), now);
        if (next != null && rules.dormantAt(next) <= now) {
            next = null;
        }
        if (Objects.equals(previous, next)) {
            return null;
        }
        DomainCounts counts = stored == null ? DomainCounts.EMPTY : stored.counts();
        if (previous != null) {
            counts = counts.minus(previous);
        }
        if (next == null) {
            members.delete(key);
        } else {
            members.put(key, next);
            counts = counts.plus(next);
            nextDormancy = Math.min(nextDormancy, rules.dormantAt(next));
        }
        return counts;
    }

    private void indexConfigCooldown(String domain, DomainState state) {
        if (state != null && state.configFailures().any()) {
            configCooldowns.put(domain, rules.configCooldownEnds(state.configFailures()));
        } else {
            configCooldowns.remove(domain);
        }
    }

    private void check(long now) {
        endConfigCooldowns(now);
        if (now >= nextDormancy) {
            leaveDormant(now);
        }
    }

    /**
     * Takes every member dormant by {@code now} out of its domain's count, dates the members that
     * know no last event from now, and finds when the next one falls dormant.
     */
    private void leaveDormant(long now) {
        Map<String, DomainCounts> recounted = new HashMap<>();
        // Written after the scan, not while its iterator is open; null for a member that leaves.
        List<KeyValue<String, MailboxSummary>> heard = new ArrayList<>();
        long next = Long.MAX_VALUE;
        try (KeyValueIterator<String, MailboxSummary> it = members.all()) {
            while (it.hasNext()) {
                KeyValue<String, MailboxSummary> entry = it.next();
                MailboxSummary member = rules.heardAt(entry.value, now);
                if (rules.dormantAt(member) > now) {
                    next = Math.min(next, rules.dormantAt(member));
                    if (!member.equals(entry.value)) {
                        heard.add(KeyValue.pair(entry.key, member));
                    }
                    continue;
                }
                String domain = Addresses.domainOf(MailboxStoreKey.mailboxOf(entry.key));
                DomainCounts counts =
                        recounted.computeIfAbsent(domain, d -> domains.get(d).counts());
                recounted.put(domain, counts.minus(member));
                heard.add(KeyValue.pair(entry.key, null));
            }
        }
        for (KeyValue<String, MailboxSummary> kv : heard) {
            if (kv.value == null) {
                members.delete(kv.key);
            } else {
                members.put(kv.key, kv.value);
            }
        }
        nextDormancy = next;
        recounted.forEach(
                (domain, counts) -> {
                    DomainState stored = domains.get(domain);
                    apply(domain, stored, rules.onCounts(stored, counts, now), now);
                });
    }

    private void endConfigCooldowns(long now) {
        List<String> ended = new ArrayList<>();
        configCooldowns.forEach(
                (domain, end) -> {
                    if (end <= now) {
                        ended.add(domain);
                    }
                });
        for (String domain : ended) {
            DomainState stored = domains.get(domain);
            indexConfigCooldown(domain, stored);
            apply(domain, stored, rules.onConfigCooldown(stored, now), now);
        }
    }

    /** A domain whose last mailbox was removed is forgotten: a tombstone on domain.status. */
    private void forget(String domain, DomainState stored, long timestamp) {
        configCooldowns.remove(domain);
        if (stored == null) {
            return;
        }
        domains.delete(domain);
        STATUS.forward(context, new Record<>(domain, null, timestamp));
        if (stored.blocksMailboxes()) {
            BLOCKS.forward(context, new Record<>(domain, false, timestamp));
        }
    }
}
