package io.bouncewatch.topology;

import io.bouncewatch.payload.DomainHealth;
import io.bouncewatch.payload.StatusChange;
import io.bouncewatch.rules.DomainDecision;
import io.bouncewatch.rules.DomainRules;
import io.bouncewatch.rules.DomainState;
import io.bouncewatch.rules.Reason;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Derives each domain's status from its aggregated counts and operator commands, and emits the
 * status change, the latest domain health and, when the domain starts or stops blocking its
 * mailboxes, a block record that reaches every mailbox partition.
 */
final class DomainProcessor implements Processor<String, DomainInput, String, Outbound> {

    private final DomainRules rules;
    private ProcessorContext<String, Outbound> context;
    private KeyValueStore<String, DomainState> domains;
    private TopologyMetrics metrics;

    DomainProcessor(DomainRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    @Override
    public void init(ProcessorContext<String, Outbound> context) {
        this.context = context;
        this.domains = context.getStateStore(MonitorTopology.DOMAIN_STORE);
        this.metrics = TopologyMetrics.of(context.metrics(), "domain")
                .withStatusChanges(Reason.UNHEALTHY_RATIO, Reason.OPERATOR);
    }

    @Override
    public void process(Record<String, DomainInput> record) {
        String domain = record.key();
        DomainState stored = domains.get(domain);
        DomainDecision decision;
        if (record.value() instanceof DomainInput.Counts counts) {
            decision = rules.onCounts(stored, counts.counts(), record.timestamp());
        } else {
            DomainInput.Order order = (DomainInput.Order) record.value();
            decision = rules.onCommand(stored, order.command().action(), order.command().timestamp());
        }
        DomainState state = decision.state();
        if (state == null || state.equals(stored)) {
            return;
        }
        long timestamp = record.timestamp();
        if (state.counts().totalMailboxes() == 0 && !state.operatorPaused()) {
            forget(domain, stored, timestamp);
            return;
        }
        domains.put(domain, state);
        decision.transition().ifPresent(t -> {
            metrics.statusChange(t.reason());
            context.forward(new Record<>(domain, new Outbound.Change(StatusChange.OfDomain.of(domain, t, state)),
                    timestamp), MonitorTopology.DOMAIN_CHANGES_NODE);
        });
        context.forward(new Record<>(domain, new Outbound.DomainStatus(DomainHealth.of(domain, state)), timestamp),
                MonitorTopology.DOMAIN_STATUS_NODE);
        boolean wasBlocking = stored != null && stored.blocksMailboxes();
        if (state.blocksMailboxes() != wasBlocking) {
            context.forward(new Record<>(domain, new Outbound.Block(state.blocksMailboxes()), timestamp),
                    MonitorTopology.DOMAIN_BLOCKS_NODE);
        }
    }

    /** A domain whose last mailbox was removed is forgotten: a tombstone on domain.status. */
    private void forget(String domain, DomainState stored, long timestamp) {
        if (stored == null) {
            return;
        }
        domains.delete(domain);
        context.forward(new Record<>(domain, new Outbound.DomainStatus(null), timestamp),
                MonitorTopology.DOMAIN_STATUS_NODE);
        if (stored.blocksMailboxes()) {
            context.forward(new Record<>(domain, new Outbound.Block(false), timestamp),
                    MonitorTopology.DOMAIN_BLOCKS_NODE);
        }
    }
}
