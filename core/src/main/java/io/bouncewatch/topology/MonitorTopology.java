package io.bouncewatch.topology;

import io.bouncewatch.dsn.BounceMessageParser;
import io.bouncewatch.input.InputKind;
import io.bouncewatch.rules.DomainRules;
import io.bouncewatch.rules.MailboxRules;
import io.bouncewatch.rules.Suppression;
import io.bouncewatch.rules.SuppressionRules;
import io.bouncewatch.topology.internal.CommitHook;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
 * Builds the monitor's topology; a pure function of its settings, used alike by the program and the
 * tests. Every processor, store and internal topic has an explicit, stable name: renaming one
 * orphans state in production, so {@code MonitorTopologyDescriptionTest} pins the description.
 *
 * <pre>
 * inputs -> parse -> rejected         -> health.dead-letters
 *                 -> domain commands  -> [domain-commands] ---------------------------.
 *                 -> misrouted keys   -> [mailbox-rekey] -.                           |
 *                 -> mailbox inputs  ---------------------+-> mailbox-health         |
 *   health.domain-blocks (to every partition) ------------'    |  status changes; mailbox.status
 *                                                              |  once per commit; mailbox-history
 *                                                              '-> summaries (on change only),
 *                                                                  config failures (CONFIG bounces)
 *                                                                  -> [domain-members] -> domain-health <-'
 *                                                                     status changes, domain.status,
 *                                                                     health.domain-blocks;
 *                                                                     domain-history
 *                 -> bounces that can suppress, complaints with a recipient, recipients' commands
 *                    -> [suppression-rekey] -> recipient-suppressions -> recipient.suppressions
 *                 -> Postfix lines -> [postfix-queue-ids] -> postfix-join -> email.sends, email.bounces
 *                                                              (read back as inputs)
 * </pre>
 *
 * <p>The parser and the mailbox and domain processors each feed several children, each of its own
 * type. A processor forwards only through its {@link Outlet}s, and each child is built here from
 * its outlet, so the compiler checks what goes where: no child casts what it receives, and the
 * outputs are written by their sinks' typed serializers rather than by a conversion node in front.
 * The DSL stays, rather than the Processor API's {@code Topology}, because only the DSL declares
 * the repartition topics as internal topics ({@code <application.id>-<name>-repartition}, created
 * and named by Kafka Streams); typed {@code split()} branches would add a branch node and a node
 * per branch behind every processor, on the way of every event.
 */
public final class MonitorTopology {

    public static final String MAILBOX_STORE = "mailbox-state";
    public static final String MAILBOX_FLUSH_STORE = "mailbox-state-flush";
    // Indexes each mailbox by its earliest deadline, a cooldown's or a route's; named when it held
    // cooldowns only, and kept so: a new name would orphan the index of a running deployment.
    public static final String COOLDOWN_STORE = "mailbox-cooldowns";
    public static final String DOMAIN_BLOCK_STORE = "domain-blocks";
    public static final String DOMAIN_MEMBERS_STORE = "domain-members";
    public static final String DOMAIN_STORE = "domain-state";
    public static final String SUPPRESSION_STORE = "recipient-suppressions";
    // Indexes each recipient by its next deadline: a temporary entry's end, or when its counting
    // TRANSIENT bounces leave the window.
    public static final String SUPPRESSION_DEADLINE_STORE = "recipient-suppression-deadlines";
    // Each mailbox's latest changes, bounces and window samples, and each domain's latest changes,
    // ratio samples and config failures; bounded per mailbox and per domain (HistoryStores).
    public static final String MAILBOX_HISTORY_STORE = "mailbox-history";
    public static final String DOMAIN_HISTORY_STORE = "domain-history";
    // What the join knows of each Postfix queue id, keyed by <host>/<queue id>.
    public static final String POSTFIX_STORE = "postfix-queues";

    private MonitorTopology() {}

    public static Topology build(TopologySettings settings) {
        return build(settings, context -> CommitHook.of(context, MAILBOX_FLUSH_STORE));
    }

    /**
     * With the hook the mailbox processor flushes its states through, when they are written behind.
     */
    static Topology build(
            TopologySettings settings, Function<ProcessorContext<?, ?>, CommitHook> commitHooks) {
        Topics topics = settings.topics();
        MailboxRules mailboxRules = new MailboxRules(settings.rules());
        DomainRules domainRules = new DomainRules(settings.rules());
        SuppressionRules suppressionRules = new SuppressionRules(settings.rules());
        StreamsBuilder builder = new StreamsBuilder();
        InputTimestamps timestamps = new InputTimestamps();

        Map<String, InputKind> kinds = topics.inputKinds();
        BounceMessageParser messages = new BounceMessageParser(settings.dsnMaxBytes());
        KStream<String, Inbound> parsed =
                builder.stream(
                                topics.inputs(),
                                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                                        .withName("inputs-source")
                                        .withTimestampExtractor(timestamps))
                        .process(
                                () ->
                                        new ParseProcessor(
                                                kinds, settings.inputPartitions(), messages),
                                Named.as("parse"));

        ParseProcessor.REJECTED
                .process(parsed, DeadLetterProcessor::new)
                .to(topics.deadLetters(), topics.deadLettersSpec().produced("dead-letters-sink"));

        KStream<String, MailboxInput> rerouted =
                ParseProcessor.MISROUTED
                        .process(
                                parsed,
                                () ->
                                        new RekeyProcessor<Inbound.ForMailbox>(
                                                settings.commitInterval(),
                                                settings.maxCommitInterval()))
                        .repartition(
                                Repartitioned.with(Serdes.String(), StateSerdes.forMailbox())
                                        .withName("mailbox-rekey"))
                        .mapValues(Inbound.ForMailbox::rerouted, Named.as("rerouted"));
        KStream<String, MailboxInput> domainBlocks =
                builder.stream(
                                topics.domainBlocks(),
                                topics.domainBlocksSpec()
                                        .consumed("domain-blocks-source")
                                        .withTimestampExtractor(timestamps))
                        .mapValues(
                                (domain, blocked) ->
                                        new MailboxInput.DomainBlock(
                                                domain, Boolean.TRUE.equals(blocked)),
                                Named.as("domain-blocks-input"));

        // Written behind, the store is not cached by Kafka Streams: the mailbox processor keeps its
        // own buffer of decoded states in front of it and flushes it before every commit through
        // the flush store. Written through, Kafka Streams' record cache holds each state until the
        // commit.
        StoreBuilder<?> mailboxStore =
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(MAILBOX_STORE),
                        Serdes.String(),
                        StateSerdes.mailboxState());
        builder.addStateStore(
                settings.writeBehind()
                        ? mailboxStore.withCachingDisabled()
                        : mailboxStore.withCachingEnabled());
        // The histories are cached: a mailbox's writes within a commit reach RocksDB and the
        // changelog once.
        builder.addStateStore(historyStore(MAILBOX_HISTORY_STORE));
        List<String> mailboxStores =
                new ArrayList<>(
                        List.of(
                                MAILBOX_STORE,
                                COOLDOWN_STORE,
                                DOMAIN_BLOCK_STORE,
                                MAILBOX_HISTORY_STORE));
        if (settings.writeBehind()) {
            builder.addStateStore(CommitHook.store(MAILBOX_FLUSH_STORE));
            mailboxStores.add(1, MAILBOX_FLUSH_STORE);
        }
        // The deadline index goes to the store with the states, and is cached when they are.
        StoreBuilder<?> cooldownStore =
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(COOLDOWN_STORE),
                        Serdes.Bytes(),
                        Serdes.ByteArray());
        builder.addStateStore(
                settings.writeBehind() ? cooldownStore : cooldownStore.withCachingEnabled());
        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(DOMAIN_BLOCK_STORE),
                        Serdes.String(),
                        Serdes.Boolean()));
        // The rare inputs merge first, so that an event passes one merge on its way.
        KStream<String, Object> mailboxOut =
                Outlet.merge(
                                ParseProcessor.MAILBOX_INPUTS,
                                parsed,
                                rerouted.merge(domainBlocks, Named.as("merge-domain-blocks")))
                        .process(
                                () ->
                                        new MailboxProcessor(
                                                mailboxRules,
                                                settings.cooldownCheckInterval(),
                                                settings.commitInterval(),
                                                settings.maxCommitInterval(),
                                                settings.cachedMailboxes(),
                                                settings.writeBehind() ? commitHooks : null),
                                Named.as("mailbox-health"),
                                mailboxStores.toArray(String[]::new));

        MailboxProcessor.CHANGES.to(mailboxOut, topics.statusChangesSpec());
        MailboxProcessor.STATUS.to(mailboxOut, topics.mailboxStatusSpec());
        KStream<String, DomainInput> members =
                MailboxProcessor.SUMMARIES.repartition(mailboxOut, StateSerdes.domainInput());

        KStream<String, DomainInput> domainCommands =
                ParseProcessor.DOMAIN_COMMANDS
                        .repartition(parsed, StateSerdes.forDomain())
                        .mapValues(
                                domain -> new DomainInput.Order(domain.command()),
                                Named.as("domain-commands-input"));
        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(DOMAIN_STORE),
                        Serdes.String(),
                        StateSerdes.domainState()));
        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(DOMAIN_MEMBERS_STORE),
                        Serdes.String(),
                        StateSerdes.mailboxSummary()));
        builder.addStateStore(historyStore(DOMAIN_HISTORY_STORE));
        KStream<String, Object> domainOut =
                members.merge(domainCommands, Named.as("merge-domain-commands"))
                        .process(
                                () ->
                                        new DomainProcessor(
                                                domainRules, settings.cooldownCheckInterval()),
                                Named.as("domain-health"),
                                DOMAIN_STORE,
                                DOMAIN_MEMBERS_STORE,
                                DOMAIN_HISTORY_STORE);

        DomainProcessor.CHANGES.to(domainOut, topics.statusChangesSpec());
        DomainProcessor.STATUS.to(domainOut, topics.domainStatusSpec());
        DomainProcessor.BLOCKS.to(domainOut, topics.domainBlocksSpec(), new EveryPartition<>());

        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(SUPPRESSION_STORE),
                        Serdes.String(),
                        StateSerdes.suppressionState()));
        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(SUPPRESSION_DEADLINE_STORE),
                        Serdes.Bytes(),
                        Serdes.ByteArray()));
        KStream<String, Suppression> suppressionOut =
                ParseProcessor.RECIPIENT_INPUTS
                        .repartition(parsed, StateSerdes.forRecipient())
                        .process(
                                () ->
                                        new SuppressionProcessor(
                                                suppressionRules, settings.cooldownCheckInterval()),
                                Named.as("recipient-suppressions"),
                                SUPPRESSION_STORE,
                                SUPPRESSION_DEADLINE_STORE);
        SuppressionProcessor.SUPPRESSIONS.to(suppressionOut, topics.suppressionsSpec());

        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(POSTFIX_STORE),
                        Serdes.String(),
                        PostfixSerdes.queue()));
        KStream<String, byte[]> postfixOut =
                ParseProcessor.POSTFIX_LINES
                        .repartition(parsed, PostfixSerdes.line())
                        .process(
                                () -> new PostfixJoinProcessor(settings.postfixRetention()),
                                Named.as("postfix-join"),
                                POSTFIX_STORE);
        PostfixJoinProcessor.SENDS.to(postfixOut, topics.postfixEventsSpec(topics.sends()));
        PostfixJoinProcessor.BOUNCES.to(postfixOut, topics.postfixEventsSpec(topics.bounces()));

        return builder.build();
    }

    private static StoreBuilder<?> historyStore(String name) {
        return Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingEnabled();
    }

    /** Sends a record to every partition: a domain pause must reach each partition's mailboxes. */
    static final class EveryPartition<K, V> implements StreamPartitioner<K, V> {
        @Override
        public Optional<Set<Integer>> partitions(String topic, K key, V value, int numPartitions) {
            return Optional.of(
                    IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
        }
    }
}
