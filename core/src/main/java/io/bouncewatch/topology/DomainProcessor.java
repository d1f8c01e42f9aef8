package io.bouncewatch.topology;

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
 * mailboxes, a block record that reaches every mailbox partition. The last summary of every mailbox
 * is kept (the members store), so a summary that arrives twice (at-least-once, a replay) changes
 * nothing, and a changed one moves the counts by exactly the difference. A wall-clock punctuator
 * ends the config verdict of the domains whose last config failure is older than the config
 * cooldown; it looks only at the domains that have config failures, which it learns from the store
 * at start and keeps in memory.
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

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, DomainState> domains;
    private KeyValueStore<String, MailboxSummary> members;
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
        context.schedule(
                cooldownCheckInterval, PunctuationType.WALL_CLOCK_TIME, this::endConfigCooldowns);
    }

    @Override
    public void process(Record<String, DomainInput> record) {
        String domain = record.key();
        DomainState stored = domains.get(domain);
        DomainDecision decision;
        if (record.value() instanceof DomainInput.Member member) {
            DomainCounts counts = recount(stored, member);
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
                            CHANGES.forward(
                                    context,
                                    new Record<>(
                                            domain,
                                            StatusChange.OfDomain.of(domain, t, state),
                                            timestamp));
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
     * change.
     */
    private DomainCounts recount(DomainState stored, DomainInput.Member member) {
        String key = MailboxStoreKey.of(member.mailbox());
        MailboxSummary previous = members.get(key);
        if (Objects.equals(previous, member.summary())) {
            return null;
        }
        DomainCounts counts = stored == null ? DomainCounts.EMPTY : stored.counts();
        if (previous != null) {
            counts = counts.minus(previous);
        }
        if (member.summary() == null) {
            members.delete(key);
        } else {
            members.put(key, member.summary());
            counts = counts.plus(member.summary());
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
