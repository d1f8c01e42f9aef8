package io.bouncewatch.query;

import io.bouncewatch.payload.Addresses;
import io.bouncewatch.payload.DomainHealth;
import io.bouncewatch.payload.DomainHistory;
import io.bouncewatch.payload.MailboxHealth;
import io.bouncewatch.payload.MailboxHistory;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.DomainState;
import io.bouncewatch.rules.MailboxRules;
import io.bouncewatch.rules.MailboxState;
import io.bouncewatch.rules.Status;
import io.bouncewatch.rules.Suppression;
import io.bouncewatch.rules.SuppressionState;
import io.bouncewatch.topology.HistoryStores;
import io.bouncewatch.topology.MailboxStoreKey;
import io.bouncewatch.topology.MonitorTopology;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Answers queries from the state stores of this instance and says which instance holds a key it
 * does not. Lists return this instance's share; {@link RemoteQueries} fans them out to every
 * instance.
 */
public final class QueryService {

    private final KafkaStreams streams;
    private final HostInfo self;
    private final MailboxRules rules;

    public QueryService(KafkaStreams streams, HostInfo self, MailboxRules rules) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.self = Objects.requireNonNull(self, "self");
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    public HostInfo self() {
        return self;
    }

    public boolean ready() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /**
     * Whether this instance's mailbox stores answer a read (of a key no mailbox has): false while
     * one is closed, restoring or moving. An instance without any active task has nothing to read.
     */
    public boolean storesAnswer() {
        try {
            store(MonitorTopology.MAILBOX_STORE).get("");
            return true;
        } catch (InvalidStateStoreException e) {
            return streams.metadataForLocalThreads().stream()
                    .allMatch(t -> t.activeTasks().isEmpty());
        }
    }

    public Lookup<MailboxHealth> mailbox(String mailbox) {
        return lookup(
                MonitorTopology.MAILBOX_STORE,
                mailbox,
                partition -> {
                    MailboxState state =
                            this.<String, MailboxState>store(
                                            MonitorTopology.MAILBOX_STORE, partition)
                                    .get(MailboxStoreKey.of(mailbox));
                    if (state == null) {
                        return null;
                    }
                    Boolean blocked =
                            this.<String, Boolean>store(
                                            MonitorTopology.DOMAIN_BLOCK_STORE, partition)
                                    .get(Addresses.domainOf(mailbox));
                    return MailboxHealth.of(mailbox, state, rules, Boolean.TRUE.equals(blocked));
                });
    }

    public Lookup<DomainHealth> domain(String domain) {
        return lookup(
                MonitorTopology.DOMAIN_STORE,
                domain,
                partition -> {
                    DomainState state =
                            this.<String, DomainState>store(MonitorTopology.DOMAIN_STORE, partition)
                                    .get(domain);
                    return state == null ? null : DomainHealth.of(domain, state);
                });
    }

    /**
     * The mailbox's history, from the instance that owns the mailbox: empty lists for a mailbox
     * known from before the history was kept, not found for one never seen.
     */
    public Lookup<MailboxHistory> mailboxHistory(String mailbox) {
        return lookup(
                MonitorTopology.MAILBOX_HISTORY_STORE,
                mailbox,
                partition -> {
                    MailboxHistory history =
                            HistoryStores.mailbox(
                                    store(MonitorTopology.MAILBOX_HISTORY_STORE, partition),
                                    mailbox);
                    if (history != null) {
                        return history;
                    }
                    MailboxState state =
                            this.<String, MailboxState>store(
                                            MonitorTopology.MAILBOX_STORE, partition)
                                    .get(MailboxStoreKey.of(mailbox));
                    return state == null
                            ? null
                            : new MailboxHistory(List.of(), List.of(), List.of());
                });
    }

    /**
     * The domain's history, from the instance that owns the domain: empty lists for a domain known
     * from before the history was kept, not found for one never seen.
     */
    public Lookup<DomainHistory> domainHistory(String domain) {
        return lookup(
                MonitorTopology.DOMAIN_HISTORY_STORE,
                domain,
                partition -> {
                    DomainHistory history =
                            HistoryStores.domain(
                                    store(MonitorTopology.DOMAIN_HISTORY_STORE, partition), domain);
                    if (history != null) {
                        return history;
                    }
                    DomainState state =
                            this.<String, DomainState>store(MonitorTopology.DOMAIN_STORE, partition)
                                    .get(domain);
                    return state == null
                            ? null
                            : new DomainHistory(List.of(), List.of(), List.of());
                });
    }

    /**
     * This instance's mailboxes (active tasks only), by address, optionally of one domain. Refused
     * while rebalancing, when this instance's share may be incomplete.
     */
    public List<MailboxHealth> localMailboxes(Status status, String domain, int limit) {
        requireRunning();
        ReadOnlyKeyValueStore<String, MailboxState> store = store(MonitorTopology.MAILBOX_STORE);
        List<MailboxHealth> out = new ArrayList<>();
        try (KeyValueIterator<String, MailboxState> it =
                domain == null
                        ? store.all()
                        : store.prefixScan(
                                MailboxStoreKey.domainPrefix(domain), new StringSerializer())) {
            while (it.hasNext() && out.size() < limit) {
                KeyValue<String, MailboxState> entry = it.next();
                if (status == null || entry.value.status() == status) {
                    out.add(health(MailboxStoreKey.mailboxOf(entry.key), entry.value));
                }
            }
        }
        out.sort(Comparator.comparing(MailboxHealth::mailbox));
        return out;
    }

    /**
     * How many of this instance's mailboxes are in each status; reads the states, builds nothing
     * else.
     */
    public Map<Status, Long> localMailboxCounts() {
        Map<Status, Long> counts = new EnumMap<>(Status.class);
        ReadOnlyKeyValueStore<String, MailboxState> store = store(MonitorTopology.MAILBOX_STORE);
        try (KeyValueIterator<String, MailboxState> it = store.all()) {
            while (it.hasNext()) {
                counts.merge(it.next().value.status(), 1L, Long::sum);
            }
        }
        return counts;
    }

    public List<DomainHealth> localDomains(Status status) {
        requireRunning();
        ReadOnlyKeyValueStore<String, DomainState> store = store(MonitorTopology.DOMAIN_STORE);
        List<DomainHealth> out = new ArrayList<>();
        try (KeyValueIterator<String, DomainState> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, DomainState> entry = it.next();
                if (status == null || entry.value.status() == status) {
                    out.add(DomainHealth.of(entry.key, entry.value));
                }
            }
        }
        out.sort(Comparator.comparing(DomainHealth::domain));
        return out;
    }

    /** The recipient's entry: a normalised recipient, owner-aware like {@link #mailbox}. */
    public Lookup<Suppression> suppression(String recipient) {
        long now = System.currentTimeMillis();
        return lookup(
                MonitorTopology.SUPPRESSION_STORE,
                recipient,
                partition -> {
                    SuppressionState state =
                            this.<String, SuppressionState>store(
                                            MonitorTopology.SUPPRESSION_STORE, partition)
                                    .get(recipient);
                    return state == null || !state.suppressedAt(now)
                            ? null
                            : state.suppression(recipient);
                });
    }

    /**
     * This instance's suppressed recipients (active tasks only), by address, at most {@code limit},
     * of one category or ({@code category} null) all. Refused while rebalancing.
     */
    public List<Suppression> localSuppressions(Category category, int limit) {
        requireRunning();
        long now = System.currentTimeMillis();
        // The first `limit` by address, from stores each sorted on its own: a bounded max-heap.
        PriorityQueue<Suppression> first =
                new PriorityQueue<>(Comparator.comparing(Suppression::recipient).reversed());
        ReadOnlyKeyValueStore<String, SuppressionState> store =
                store(MonitorTopology.SUPPRESSION_STORE);
        try (KeyValueIterator<String, SuppressionState> it = store.all()) {
            while (it.hasNext() && limit > 0) {
                KeyValue<String, SuppressionState> entry = it.next();
                SuppressionState state = entry.value;
                if (!state.suppressedAt(now)
                        || (category != null && state.entry().category() != category)) {
                    continue;
                }
                if (first.size() < limit) {
                    first.add(state.suppression(entry.key));
                } else if (entry.key.compareTo(first.peek().recipient()) < 0) {
                    first.poll();
                    first.add(state.suppression(entry.key));
                }
            }
        }
        List<Suppression> out = new ArrayList<>(first);
        out.sort(Comparator.comparing(Suppression::recipient));
        return out;
    }

    /**
     * Which of the recipients (normalised here; those that are no address are not suppressed) this
     * instance holds as suppressed, by address. Each is read from its own partition's store, so a
     * recipient whose partition this instance does not hold now is an error, never a false "not
     * suppressed".
     *
     * @throws InstanceUnavailable when this instance is not the owner of one of them now
     */
    public List<Suppression> localSuppressionsOf(Collection<String> recipients) {
        long now = System.currentTimeMillis();
        Map<Integer, ReadOnlyKeyValueStore<String, SuppressionState>> stores = new HashMap<>();
        Map<String, Suppression> out = new TreeMap<>();
        for (String raw : recipients) {
            String recipient = Addresses.recipientOrNull(raw);
            if (recipient == null || out.containsKey(recipient)) {
                continue;
            }
            KeyQueryMetadata metadata = metadata(recipient);
            if (!metadata.activeHost().equals(self)) {
                throw new InstanceUnavailable(
                        "this instance no longer holds " + recipient + "'s partition");
            }
            SuppressionState state;
            try {
                state =
                        stores.computeIfAbsent(
                                        metadata.partition(),
                                        p -> store(MonitorTopology.SUPPRESSION_STORE, p))
                                .get(recipient);
            } catch (InvalidStateStoreException e) {
                throw new InstanceUnavailable("the stores are being rebalanced");
            }
            if (state != null && state.suppressedAt(now)) {
                out.put(recipient, state.suppression(recipient));
            }
        }
        return new ArrayList<>(out.values());
    }

    /**
     * How many recipients this instance holds as suppressed, by the name of their entry's category,
     * {@code NONE} for entries without one.
     */
    public Map<String, Long> localSuppressionCounts() {
        long now = System.currentTimeMillis();
        Map<String, Long> counts = new TreeMap<>();
        ReadOnlyKeyValueStore<String, SuppressionState> store =
                store(MonitorTopology.SUPPRESSION_STORE);
        try (KeyValueIterator<String, SuppressionState> it = store.all()) {
            while (it.hasNext()) {
                SuppressionState state = it.next().value;
                if (state.suppressedAt(now)) {
                    Category category = state.entry().category();
                    counts.merge(category == null ? "NONE" : category.name(), 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    /**
     * The recipients (normalised here; those that are no address are left out) by the instance that
     * owns each one's partition of the suppression store.
     *
     * @throws InstanceUnavailable while the stores are being rebalanced
     */
    public Map<HostInfo, List<String>> suppressionOwners(Collection<String> recipients) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new InstanceUnavailable("the monitor is " + streams.state());
        }
        Map<HostInfo, List<String>> owners = new HashMap<>();
        for (String raw : recipients) {
            String recipient = Addresses.recipientOrNull(raw);
            if (recipient != null) {
                owners.computeIfAbsent(metadata(recipient).activeHost(), h -> new ArrayList<>())
                        .add(recipient);
            }
        }
        return owners;
    }

    private KeyQueryMetadata metadata(String recipient) {
        KeyQueryMetadata metadata =
                streams.queryMetadataForKey(
                        MonitorTopology.SUPPRESSION_STORE, recipient, new StringSerializer());
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new InstanceUnavailable("the stores are being rebalanced");
        }
        return metadata;
    }

    private void requireRunning() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new InvalidStateStoreException(
                    "the monitor is " + streams.state() + "; its share may be incomplete");
        }
    }

    /** Every other instance of this application, for fanning out lists. */
    public List<HostInfo> otherInstances() {
        Collection<StreamsMetadata> all = streams.metadataForAllStreamsClients();
        return all.stream()
                .map(StreamsMetadata::hostInfo)
                .filter(h -> !h.equals(self))
                .distinct()
                .toList();
    }

    private MailboxHealth health(String mailbox, MailboxState state) {
        Boolean blocked =
                this.<String, Boolean>store(MonitorTopology.DOMAIN_BLOCK_STORE)
                        .get(Addresses.domainOf(mailbox));
        return MailboxHealth.of(mailbox, state, rules, Boolean.TRUE.equals(blocked));
    }

    private <T> Lookup<T> lookup(String storeName, String key, LocalRead<T> read) {
        if (streams.state() != KafkaStreams.State.RUNNING
                && streams.state() != KafkaStreams.State.REBALANCING) {
            return new Lookup.Unavailable<>("the monitor is " + streams.state());
        }
        KeyQueryMetadata metadata =
                streams.queryMetadataForKey(storeName, key, new StringSerializer());
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return new Lookup.Unavailable<>("the stores are being rebalanced");
        }
        if (!metadata.activeHost().equals(self)) {
            return new Lookup.Remote<>(metadata.activeHost());
        }
        try {
            // Read the key's own partition: a task still restoring there is a 503, not a false 404.
            T value = read.get(metadata.partition());
            return value == null ? new Lookup.NotFound<>() : new Lookup.Local<>(value);
        } catch (InvalidStateStoreException e) {
            return new Lookup.Unavailable<>("the stores are being rebalanced");
        }
    }

    private <K, V> ReadOnlyKeyValueStore<K, V> store(String name) {
        return streams.store(
                StoreQueryParameters.fromNameAndType(
                        name, QueryableStoreTypes.<K, V>keyValueStore()));
    }

    private <K, V> ReadOnlyKeyValueStore<K, V> store(String name, int partition) {
        return streams.store(
                StoreQueryParameters.fromNameAndType(
                                name, QueryableStoreTypes.<K, V>keyValueStore())
                        .withPartition(partition));
    }

    @FunctionalInterface
    private interface LocalRead<T> {
        T get(int partition);
    }
}
