package io.bouncewatch.topology;

import io.bouncewatch.payload.PayloadWriter;
import io.bouncewatch.rules.DomainRules;
import io.bouncewatch.rules.MailboxRules;
import io.bouncewatch.topology.internal.CommitHook;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the monitor's topology; a pure function of its settings, used alike by the program and
 * the tests. Every processor, store and internal topic has an explicit, stable name: renaming one
 * orphans state in production, so {@code MonitorTopologyDescriptionTest} pins the description.
 *
 * <pre>
 * inputs -> parse -> rejected         -> health.dead-letters
 *                 -> domain commands  -> [domain-commands] ---------------------------.
 *                 -> misrouted keys   -> [mailbox-rekey] -.                           |
 *                 -> mailbox inputs  ---------------------+-> mailbox-health         |
 *   health.domain-blocks (to every partition) ------------'    |  status changes; mailbox.status
 *                                                              |  once per commit
 *                                                              '-> summaries (on change only)
 *                                                                  -> [domain-members] -> domain-health <-'
 *                                                                     status changes, domain.status,
 *                                                                     health.domain-blocks
 * </pre>
 */
public final class MonitorTopology {

    public static final String MAILBOX_STORE = "mailbox-state";
    public static final String MAILBOX_FLUSH_STORE = "mailbox-state-flush";
    public static final String COOLDOWN_STORE = "mailbox-cooldowns";
    public static final String DOMAIN_BLOCK_STORE = "domain-blocks";
    public static final String DOMAIN_MEMBERS_STORE = "domain-members";
    public static final String DOMAIN_STORE = "domain-state";

    // The nodes the parser and the mailbox and domain processors forward each kind of record to,
    // by name: no branching node stands between a processor and what it feeds.
    static final String DEAD_LETTERS_NODE = "dead-letters";
    static final String TO_DOMAIN_COMMANDS_NODE = "to-domain-commands";
    static final String TO_MAILBOX_REKEY_NODE = "to-mailbox-rekey";
    static final String MAILBOX_INPUTS_NODE = "merge-rerouted";
    static final String MAILBOX_CHANGES_NODE = "mailbox-change-json";
    static final String MAILBOX_STATUS_NODE = "mailbox-status-json";
    static final String MAILBOX_SUMMARIES_NODE = "mailbox-summary-values";
    static final String DOMAIN_CHANGES_NODE = "domain-change-json";
    static final String DOMAIN_STATUS_NODE = "domain-status-json";
    static final String DOMAIN_BLOCKS_NODE = "domain-block-values";

    private MonitorTopology() {
    }

    public static Topology build(TopologySettings settings) {
        return build(settings, context -> CommitHook.of(context, MAILBOX_FLUSH_STORE));
    }

    /** With the hook the mailbox processor flushes its states through, when they are written behind. */
    static Topology build(TopologySettings settings, Function<ProcessorContext<?, ?>, CommitHook> commitHooks) {
        Topics topics = settings.topics();
        MailboxRules mailboxRules = new MailboxRules(settings.rules());
        DomainRules domainRules = new DomainRules(settings.rules());
        Serde<Inbound> inboundSerde = StateSerdes.inbound();
        StreamsBuilder builder = new StreamsBuilder();
        InputTimestamps timestamps = new InputTimestamps();

        Map<String, InputKind> kinds = Map.of(topics.sends(), InputKind.SENDS, topics.bounces(), InputKind.BOUNCES,
                topics.complaints(), InputKind.COMPLAINTS, topics.commands(), InputKind.COMMANDS);
        KStream<String, Inbound> parsed = builder
                .stream(topics.inputs(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("inputs-source")
                        .withTimestampExtractor(timestamps))
                .process(() -> new ParseProcessor(kinds, settings.inputPartitions()), Named.as("parse"));

        parsed.process(DeadLetterProcessor::new, Named.as(DEAD_LETTERS_NODE))
                .to(topics.deadLetters(), topics.deadLettersSpec().produced("dead-letters-sink"));

        KStream<String, Inbound> rerouted = parsed
                .process(() -> new RekeyProcessor(settings.commitInterval(), settings.maxCommitInterval()),
                        Named.as(TO_MAILBOX_REKEY_NODE))
                .repartition(Repartitioned.with(Serdes.String(), inboundSerde).withName("mailbox-rekey"))
                .mapValues(value -> (Inbound) ((Inbound.ForMailbox) value).rerouted(), Named.as("rerouted"));
        KStream<String, Inbound> domainBlocks = builder
                .stream(topics.domainBlocks(), topics.domainBlocksSpec().consumed("domain-blocks-source")
                        .withTimestampExtractor(timestamps))
                .mapValues((domain, blocked) -> (Inbound) new Inbound.DomainBlock(domain, Boolean.TRUE.equals(blocked)),
                        Named.as("domain-blocks-input"));

        // Written behind, the store is not cached by Kafka Streams: the mailbox processor keeps its own
        // buffer of decoded states in front of it and flushes it before every commit through the flush
        // store. Written through, Kafka Streams' record cache holds each state until the commit.
        StoreBuilder<?> mailboxStore = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(MAILBOX_STORE), Serdes.String(), StateSerdes.mailboxState());
        builder.addStateStore(settings.writeBehind() ? mailboxStore.withCachingDisabled()
                : mailboxStore.withCachingEnabled());
        List<String> mailboxStores = new ArrayList<>(List.of(MAILBOX_STORE, COOLDOWN_STORE, DOMAIN_BLOCK_STORE));
        if (settings.writeBehind()) {
            builder.addStateStore(CommitHook.store(MAILBOX_FLUSH_STORE));
            mailboxStores.add(1, MAILBOX_FLUSH_STORE);
        }
        // The cooldown index goes to the store with the states, and is cached when they are.
        StoreBuilder<?> cooldownStore = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(COOLDOWN_STORE), Serdes.Bytes(), Serdes.ByteArray());
        builder.addStateStore(settings.writeBehind() ? cooldownStore : cooldownStore.withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(DOMAIN_BLOCK_STORE), Serdes.String(), Serdes.Boolean()));
        // The rare inputs merge first, so that an event passes one merge on its way.
        KStream<String, Outbound> mailboxOut = parsed
                .merge(rerouted.merge(domainBlocks, Named.as("merge-domain-blocks")), Named.as(MAILBOX_INPUTS_NODE))
                .process(() -> new MailboxProcessor(mailboxRules, settings.cooldownCheckInterval(),
                                settings.commitInterval(), settings.maxCommitInterval(), settings.cachedMailboxes(),
                                settings.writeBehind() ? commitHooks : null),
                        Named.as("mailbox-health"), mailboxStores.toArray(String[]::new));

        mailboxOut.mapValues(value -> PayloadWriter.write(((Outbound.Change) value).change()),
                        Named.as(MAILBOX_CHANGES_NODE))
                .to(topics.statusChanges(), topics.statusChangesSpec().produced("mailbox-changes-sink"));
        mailboxOut.mapValues(value -> {
                    Outbound.MailboxStatus status = (Outbound.MailboxStatus) value;
                    return status.health() == null ? null : PayloadWriter.write(status.health());
                }, Named.as(MAILBOX_STATUS_NODE))
                .to(topics.mailboxStatus(), topics.mailboxStatusSpec().produced("mailbox-status-sink"));

        KStream<String, DomainInput> members = mailboxOut
                .mapValues(value -> {
                    Outbound.Summary summary = (Outbound.Summary) value;
                    return (DomainInput) new DomainInput.Member(summary.mailbox(), summary.summary());
                }, Named.as(MAILBOX_SUMMARIES_NODE))
                .repartition(Repartitioned.with(Serdes.String(), StateSerdes.domainInput()).withName("domain-members"));

        KStream<String, DomainInput> domainCommands = parsed
                .mapValues(value -> value, Named.as(TO_DOMAIN_COMMANDS_NODE))
                .repartition(Repartitioned.with(Serdes.String(), inboundSerde).withName("domain-commands"))
                .mapValues(value -> (DomainInput) new DomainInput.Order(((Inbound.ForDomain) value).command()),
                        Named.as("domain-commands-input"));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(DOMAIN_STORE), Serdes.String(), StateSerdes.domainState()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(DOMAIN_MEMBERS_STORE), Serdes.String(), StateSerdes.mailboxSummary()));
        KStream<String, Outbound> domainOut = members
                .merge(domainCommands, Named.as("merge-domain-commands"))
                .process(() -> new DomainProcessor(domainRules), Named.as("domain-health"), DOMAIN_STORE,
                        DOMAIN_MEMBERS_STORE);

        domainOut.mapValues(value -> PayloadWriter.write(((Outbound.Change) value).change()),
                        Named.as(DOMAIN_CHANGES_NODE))
                .to(topics.statusChanges(), topics.statusChangesSpec().produced("domain-changes-sink"));
        domainOut.mapValues(value -> {
                    Outbound.DomainStatus status = (Outbound.DomainStatus) value;
                    return status.health() == null ? null : PayloadWriter.write(status.health());
                }, Named.as(DOMAIN_STATUS_NODE))
                .to(topics.domainStatus(), topics.domainStatusSpec().produced("domain-status-sink"));
        domainOut.mapValues(value -> ((Outbound.Block) value).blocked(), Named.as(DOMAIN_BLOCKS_NODE))
                .to(topics.domainBlocks(), topics.domainBlocksSpec().produced("domain-blocks-sink")
                        .withStreamPartitioner(new EveryPartition<>()));

        return builder.build();
    }

    /** The node a parsed input goes to. */
    static String nodeFor(Inbound inbound) {
        if (inbound instanceof Inbound.ForMailbox mailbox) {
            return mailbox.misrouted() ? TO_MAILBOX_REKEY_NODE : MAILBOX_INPUTS_NODE;
        }
        if (inbound instanceof Inbound.ForDomain) {
            return TO_DOMAIN_COMMANDS_NODE;
        }
        if (inbound instanceof Inbound.Rejected) {
            return DEAD_LETTERS_NODE;
        }
        throw new IllegalArgumentException("not a parsed input: " + inbound);
    }

    /** Sends a record to every partition: a domain pause must reach each partition's mailboxes. */
    static final class EveryPartition<K, V> implements StreamPartitioner<K, V> {
        @Override
        public Optional<Set<Integer>> partitions(String topic, K key, V value, int numPartitions) {
            return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
        }
    }
}
