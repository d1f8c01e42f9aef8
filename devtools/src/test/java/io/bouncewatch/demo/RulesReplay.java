package io.bouncewatch.demo;

import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.payload.Addresses;
import io.bouncewatch.payload.InputParser;
import io.bouncewatch.rules.DomainCounts;
import io.bouncewatch.rules.DomainDecision;
import io.bouncewatch.rules.DomainRules;
import io.bouncewatch.rules.DomainState;
import io.bouncewatch.rules.Evidence;
import io.bouncewatch.rules.MailboxDecision;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.MailboxRules;
import io.bouncewatch.rules.MailboxState;
import io.bouncewatch.rules.MailboxSummary;
import io.bouncewatch.rules.RuleSettings;
import io.bouncewatch.rules.Status;
import io.bouncewatch.rules.Transition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The monitor's rules (not its Kafka plumbing) fed with the fleet's records, to check the story a
 * demo viewer sees: the demo's settings (1-minute cooldown, 10-minute cap), events processed when
 * they are produced plus a lag, and cooldown expiries checked every second as the punctuator does.
 */
final class RulesReplay {

    static final RuleSettings DEMO_RULES = demoRules();

    /** One status change, at seconds since the first tick, and the rule its evidence names. */
    record Change(
            double atSeconds,
            String entity,
            String id,
            Status from,
            Status to,
            String reason,
            Evidence.Rule rule) {
        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%6.1f s  %-6s %-32s %-7s -> %-7s %s",
                    atSeconds,
                    entity,
                    id,
                    from,
                    to,
                    reason);
        }
    }

    private final MailboxRules mailboxRules = new MailboxRules(DEMO_RULES);
    private final DomainRules domainRules = new DomainRules(DEMO_RULES);
    private final DemoTopics topics;
    private final long start;
    private final long lagMillis;
    private final Map<String, MailboxState> mailboxes = new LinkedHashMap<>();
    private final Map<String, DomainState> domains = new LinkedHashMap<>();
    private final List<Change> changes = new ArrayList<>();
    private long lastExpiryCheck;

    RulesReplay(DemoTopics topics, long startMillis, long lagMillis) {
        this.topics = topics;
        this.start = startMillis;
        this.lagMillis = lagMillis;
        this.lastExpiryCheck = startMillis;
    }

    /**
     * The defaults with the demo command's own cooldowns, resolved as the demo command resolves
     * them.
     */
    private static RuleSettings demoRules() {
        return MonitorConfig.resolve(
                        new MonitorConfig.Sources()
                                .modeDefaults(
                                        Map.of("cooldown.duration", "1m", "cooldown.max", "10m")))
                .rules();
    }

    /**
     * Processes one tick's records and, once a second, the cooldown expiries due by {@code now}.
     */
    void accept(List<ProducerRecord<String, String>> records, long now) {
        while (now - lastExpiryCheck >= 1000) {
            lastExpiryCheck += 1000;
            for (Map.Entry<String, MailboxState> e : new ArrayList<>(mailboxes.entrySet())) {
                apply(
                        e.getKey(),
                        mailboxRules.onCooldownExpired(e.getValue(), lastExpiryCheck),
                        lastExpiryCheck);
            }
        }
        for (ProducerRecord<String, String> r : records) {
            long processedAt = r.timestamp() + lagMillis;
            byte[] value = r.value().getBytes(StandardCharsets.UTF_8);
            MailboxEvent event;
            if (r.topic().equals(topics.sends())) {
                event = InputParser.send(value, r.timestamp(), processedAt);
            } else if (r.topic().equals(topics.bounces())) {
                event = InputParser.bounce(value, r.timestamp(), processedAt);
            } else {
                event = InputParser.complaint(value, r.timestamp(), processedAt);
            }
            String mailbox = Addresses.normaliseMailbox(event.mailbox());
            apply(
                    mailbox,
                    mailboxRules.onEvent(mailboxes.get(mailbox), event, processedAt),
                    processedAt);
        }
    }

    private void apply(String mailbox, MailboxDecision decision, long at) {
        boolean known = mailboxes.containsKey(mailbox);
        mailboxes.put(mailbox, decision.state());
        decision.transition().ifPresent(t -> changes.add(change("MAILBOX", mailbox, t)));
        if (!known || decision.transition().isPresent()) {
            String domain = Addresses.domainOf(mailbox);
            long total = 0;
            long unhealthy = 0;
            for (Map.Entry<String, MailboxState> e : mailboxes.entrySet()) {
                if (Addresses.domainOf(e.getKey()).equals(domain)) {
                    total++;
                    // As the topology counts it: a mailbox on probation is healthy for its domain.
                    unhealthy += MailboxSummary.of(e.getValue(), 0, DEMO_RULES).unhealthy() ? 1 : 0;
                }
            }
            DomainDecision d =
                    domainRules.onCounts(
                            domains.get(domain), new DomainCounts(total, unhealthy, 0), at);
            domains.put(domain, d.state());
            d.transition().ifPresent(t -> changes.add(change("DOMAIN", domain, t)));
        }
    }

    private Change change(String entity, String id, Transition t) {
        return new Change(
                (t.at() - start) / 1000.0,
                entity,
                id,
                t.from(),
                t.to(),
                t.reason().name(),
                t.evidence().rule());
    }

    List<Change> changes() {
        return changes;
    }

    Status mailboxStatus(String mailbox) {
        MailboxState s = mailboxes.get(mailbox);
        return s == null ? null : s.status();
    }

    Status domainStatus(String domain) {
        DomainState s = domains.get(domain);
        return s == null ? null : s.status();
    }
}
