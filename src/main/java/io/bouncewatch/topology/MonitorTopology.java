package io.bouncewatch.topology;

import io.bouncewatch.payload.Addresses;
import io.bouncewatch.payload.PayloadWriter;
import io.bouncewatch.rules.DomainCounts;
import io.bouncewatch.rules.DomainRules;
import io.bouncewatch.rules.MailboxRules;
import io.bouncewatch.rules.MailboxSummary;
import io.bouncewatch.rules.RuleSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the monitor's topology; a pure function of its settings, used alike by the program and
 * the tests. Every processor, store and internal topic has an explicit, stable name: renaming one
 * orphans state in production, so {@code MonitorTopologyTest} pins the description.
 *
 * <pre>
 * inputs -> parse -> rejected         -> health.dead-letters
 *                 -> domain commands  -> [domain-commands] ---------------------------.
 *                 -> misrouted keys   -> [mailbox-rekey] -.                           |
 *                 -> mailbox inputs  ---------------------+-> mailbox-health ---+     |
 *   health.domain-blocks (to every partition) ------------'    |  status changes, mailbox.status
 *                                                              '-> summaries (on change only)
 *                                                                   -> [domain-rekey] -> domain-counts
 *                                                                   -> domain-health <-'
 *                                                                      status changes, domain.status,
 *                                                                      health.domain-blocks
 * </pre>
 */
public final class MonitorTopology {

    public static final String MAILBOX_STORE = "mailbox-state";
    public static final String MAILBOX_FLUSH_STORE = "mailbox-state-flush";
    public static final String COOLDOWN_STORE = "mailbox-cooldowns";
    public static final String DOMAIN_BLOCK_STORE = "domain-blocks";
    public static final String SUMMARY_STORE = "mailbox-summaries";
    public static final String DOMAIN_COUNTS_STORE = "domain-counts";
    public static final String DOMAIN_STORE = "domain-state";

    /**
     * @param topics                topic names
     * @param rules                 thresholds
     * @param cooldownCheckInterval how often expired cooldowns are looked for (wall-clock)
     * @param inputPartitions       partition count of the input topics; 0 when not known
     * @param commitInterval        how often a task keeping up with its inputs asks for a commit
     * @param maxCommitInterval     Kafka Streams' own commit interval, the longest; a task further
     *                              behind its inputs than this does not ask for earlier commits
     * @param cachedMailboxes       mailbox states each task keeps in memory after a commit
     */
    public record Settings(Topics topics, RuleSettings rules, Duration cooldownCheckInterval, int inputPartitions,
                           Duration commitInterval, Duration maxCommitInterval, int cachedMailboxes) {
        public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);
        public static final Duration DEFAULT_MAX_COMMIT_INTERVAL = Duration.ofSeconds(1);
        public static final int DEFAULT_CACHED_MAILBOXES = 50_000;

        public Settings {
            Objects.requireNonNull(topics, "topics");
            Objects.requireNonNull(rules, "rules");
            Objects.requireNonNull(cooldownCheckInterval, "cooldownCheckInterval");
            Objects.requireNonNull(commitInterval, "commitInterval");
            Objects.requireNonNull(maxCommitInterval, "maxCommitInterval");
            if (inputPartitions < 0) {
                throw new IllegalArgumentException("inputPartitions must not be negative");
            }
            if (cachedMailboxes < 1) {
                throw new IllegalArgumentException("cachedMailboxes must be positive");
            }
        }

        public Settings(Topics topics, RuleSettings rules, Duration cooldownCheckInterval, int inputPartitions) {
            this(topics, rules, cooldownCheckInterval, inputPartitions, DEFAULT_COMMIT_INTERVAL,
                    DEFAULT_MAX_COMMIT_INTERVAL, DEFAULT_CACHED_MAILBOXES);
        }

        public static Settings defaults() {
            return new Settings(Topics.DEFAULTS, RuleSettings.DEFAULTS, Duration.ofSeconds(1), 0);
        }

        public Settings withInputPartitions(int partitions) {
            return new Settings(topics, rules, cooldownCheckInterval, partitions, commitInterval, maxCommitInterval,
                    cachedMailboxes);
        }

        public Settings withCommits(Duration interval, Duration maxInterval) {
            return new Settings(topics, rules, cooldownCheckInterval, inputPartitions, interval, maxInterval,
                    cachedMailboxes);
        }

        public Settings withCachedMailboxes(int mailboxes) {
            return new Settings(topics, rules, cooldownCheckInterval, inputPartitions, commitInterval,
                    maxCommitInterval, mailboxes);
        }
    }

    private MonitorTopology() {
    }

    public static Topology build(Settings settings) {
        Topics topics = settings.topics();
        MailboxRules mailboxRules = new MailboxRules(settings.rules());
        DomainRules domainRules = new DomainRules(settings.rules());
        Serde<Inbound> inboundSerde = StateSerdes.inbound();
        Serde<MailboxSummary> summarySerde = StateSerdes.mailboxSummary();
        StreamsBuilder builder = new StreamsBuilder();

        Map<String, InputKind> kinds = Map.of(topics.sends(), InputKind.SENDS, topics.bounces(), InputKind.BOUNCES,
                topics.complaints(), InputKind.COMPLAINTS, topics.commands(), InputKind.COMMANDS);
        KStream<String, Inbound> parsed = builder
                .stream(topics.inputs(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("inputs-source"))
                .process(() -> new ParseProcessor(kinds, settings.inputPartitions()), Named.as("parse"));

        Map<String, KStream<String, Inbound>> routes = parsed.split(Named.as("route-"))
                .branch((key, value) -> value instanceof Inbound.Rejected, Branched.as("rejected"))
                .branch((key, value) -> value instanceof Inbound.ForDomain, Branched.as("domain-commands"))
                .branch((key, value) -> ((Inbound.ForMailbox) value).misrouted(), Branched.as("misrouted"))
                .defaultBranch(Branched.as("mailbox-inputs"));

        routes.get("route-rejected")
                .process(DeadLetterProcessor::new, Named.as("dead-letters"))
                .to(topics.deadLetters(), topics.deadLettersSpec().produced("dead-letters-sink"));

        KStream<String, Inbound> rerouted = routes.get("route-misrouted")
                .repartition(Repartitioned.with(Serdes.String(), inboundSerde).withName("mailbox-rekey"))
                .mapValues(value -> (Inbound) ((Inbound.ForMailbox) value).rerouted(), Named.as("rerouted"));
        KStream<String, Inbound> domainBlocks = builder
                .stream(topics.domainBlocks(), topics.domainBlocksSpec().consumed("domain-blocks-source"))
                .mapValues((domain, blocked) -> (Inbound) new Inbound.DomainBlock(domain, Boolean.TRUE.equals(blocked)),
                        Named.as("domain-blocks-input"));

        // Not cached by Kafka Streams: the mailbox processor keeps its own buffer of decoded states
        // in front of the store and flushes it before every commit through the flush store.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(MAILBOX_STORE), Serdes.String(), StateSerdes.mailboxState())
                .withCachingDisabled());
        builder.addStateStore(PreCommitHook.builder(MAILBOX_FLUSH_STORE));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(COOLDOWN_STORE), Serdes.Bytes(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(DOMAIN_BLOCK_STORE), Serdes.String(), Serdes.Boolean()));
        // The rare inputs merge first, so that an event passes one merge on its way.
        KStream<String, Outbound> mailboxOut = routes.get("route-mailbox-inputs")
                .merge(rerouted.merge(domainBlocks, Named.as("merge-domain-blocks")), Named.as("merge-rerouted"))
                .process(() -> new MailboxProcessor(mailboxRules, settings.cooldownCheckInterval(),
                                settings.commitInterval(), settings.maxCommitInterval(), settings.cachedMailboxes()),
                        Named.as("mailbox-health"), MAILBOX_STORE, MAILBOX_FLUSH_STORE, COOLDOWN_STORE,
                        DOMAIN_BLOCK_STORE);

        Map<String, KStream<String, Outbound>> mailboxOutputs = mailboxOut.split(Named.as("mailbox-out-"))
                .branch((key, value) -> value instanceof Outbound.Change, Branched.as("changes"))
                .branch((key, value) -> value instanceof Outbound.MailboxStatus, Branched.as("status"))
                .defaultBranch(Branched.as("summaries"));
        mailboxOutputs.get("mailbox-out-changes")
                .mapValues(value -> PayloadWriter.write(((Outbound.Change) value).change()), Named.as("mailbox-change-json"))
                .to(topics.statusChanges(), topics.statusChangesSpec().produced("mailbox-changes-sink"));
        mailboxOutputs.get("mailbox-out-status")
                .mapValues(value -> {
                    Outbound.MailboxStatus status = (Outbound.MailboxStatus) value;
                    return status.health() == null ? null : PayloadWriter.write(status.health());
                }, Named.as("mailbox-status-json"))
                .to(topics.mailboxStatus(), topics.mailboxStatusSpec().produced("mailbox-status-sink"));

        KTable<String, DomainCounts> domainCounts = mailboxOutputs.get("mailbox-out-summaries")
                .mapValues(value -> ((Outbound.Summary) value).summary(), Named.as("mailbox-summary-values"))
                .toTable(Named.as("mailbox-summaries-table"),
                        Materialized.<String, MailboxSummary, KeyValueStore<Bytes, byte[]>>as(SUMMARY_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(summarySerde))
                .groupBy((mailbox, summary) -> KeyValue.pair(Addresses.domainOf(mailbox), summary),
                        Grouped.with("domain-rekey", Serdes.String(), summarySerde))
                .aggregate(() -> DomainCounts.EMPTY,
                        (domain, summary, counts) -> counts.plus(summary),
                        (domain, summary, counts) -> counts.minus(summary),
                        Named.as("domain-counts"),
                        Materialized.<String, DomainCounts, KeyValueStore<Bytes, byte[]>>as(DOMAIN_COUNTS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(StateSerdes.domainCounts()));

        KStream<String, DomainInput> domainCommands = routes.get("route-domain-commands")
                .repartition(Repartitioned.with(Serdes.String(), inboundSerde).withName("domain-commands"))
                .mapValues(value -> (DomainInput) new DomainInput.Order(((Inbound.ForDomain) value).command()),
                        Named.as("domain-commands-input"));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(DOMAIN_STORE), Serdes.String(), StateSerdes.domainState()));
        KStream<String, Outbound> domainOut = domainCounts
                .toStream(Named.as("domain-counts-changes"))
                .mapValues(counts -> (DomainInput) new DomainInput.Counts(counts), Named.as("domain-counts-input"))
                .merge(domainCommands, Named.as("merge-domain-commands"))
                .process(() -> new DomainProcessor(domainRules), Named.as("domain-health"), DOMAIN_STORE);

        Map<String, KStream<String, Outbound>> domainOutputs = domainOut.split(Named.as("domain-out-"))
                .branch((key, value) -> value instanceof Outbound.Change, Branched.as("changes"))
                .branch((key, value) -> value instanceof Outbound.DomainStatus, Branched.as("status"))
                .defaultBranch(Branched.as("blocks"));
        domainOutputs.get("domain-out-changes")
                .mapValues(value -> PayloadWriter.write(((Outbound.Change) value).change()), Named.as("domain-change-json"))
                .to(topics.statusChanges(), topics.statusChangesSpec().produced("domain-changes-sink"));
        domainOutputs.get("domain-out-status")
                .mapValues(value -> {
                    Outbound.DomainStatus status = (Outbound.DomainStatus) value;
                    return status.health() == null ? null : PayloadWriter.write(status.health());
                }, Named.as("domain-status-json"))
                .to(topics.domainStatus(), topics.domainStatusSpec().produced("domain-status-sink"));
        domainOutputs.get("domain-out-blocks")
                .mapValues(value -> ((Outbound.Block) value).blocked(), Named.as("domain-block-values"))
                .to(topics.domainBlocks(), topics.domainBlocksSpec().produced("domain-blocks-sink")
                        .withStreamPartitioner(new EveryPartition<>()));

        return builder.build();
    }

    /** Sends a record to every partition: a domain pause must reach each partition's mailboxes. */
    static final class EveryPartition<K, V> implements StreamPartitioner<K, V> {
        @Override
        public Optional<Set<Integer>> partitions(String topic, K key, V value, int numPartitions) {
            return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
        }
    }
}
