package io.bouncewatch.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.rules.MailboxState;
import io.bouncewatch.rules.SuppressionState;
import io.bouncewatch.schema.JsonSchemas;
import io.bouncewatch.testing.KafkaHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Drives the real topology in a TopologyTestDriver: publishes raw JSON to the input topics and
 * reads every output record, checked against the JSON Schemas of {@code topics/schemas}.
 */
final class TopologyHarness implements AutoCloseable {

    static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> sends;
    private final TestInputTopic<byte[], byte[]> bounces;
    private final TestInputTopic<byte[], byte[]> complaints;
    private final TestInputTopic<byte[], byte[]> commands;
    private final TestInputTopic<byte[], byte[]> dsn;
    private final TestInputTopic<byte[], byte[]> kumomta;
    private final TestInputTopic<byte[], byte[]> postfix;
    private final TestOutputTopic<String, byte[]> statusChanges;
    private final TestOutputTopic<String, byte[]> mailboxStatus;
    private final TestOutputTopic<String, byte[]> domainStatus;
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private final TestOutputTopic<String, byte[]> suppressions;
    private final IdentityHashMap<TestInputTopic<byte[], byte[]>, Long> piped =
            new IdentityHashMap<>();
    private Instant eventTime = START;
    private int sequence;

    TopologyHarness() {
        this(TopologySettings.defaults());
    }

    TopologyHarness(TopologySettings settings) {
        this(MonitorTopology.build(settings), settings);
    }

    /** Drives {@code topology}, built with {@code settings} in some other way. */
    TopologyHarness(Topology topology, TopologySettings settings) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bouncewatch-test-" + UUID.randomUUID());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Path.of("target", "kafka-streams-tests").toAbsolutePath().toString());
        driver = new TopologyTestDriver(topology, props, START);
        Topics t = settings.topics();
        ByteArraySerializer bytes = new ByteArraySerializer();
        sends = driver.createInputTopic(t.sends(), bytes, bytes);
        bounces = driver.createInputTopic(t.bounces(), bytes, bytes);
        complaints = driver.createInputTopic(t.complaints(), bytes, bytes);
        commands = driver.createInputTopic(t.commands(), bytes, bytes);
        dsn = driver.createInputTopic(t.dsn(), bytes, bytes);
        kumomta = driver.createInputTopic(t.kumomta(), bytes, bytes);
        postfix = driver.createInputTopic(t.postfix(), bytes, bytes);
        StringDeserializer string = new StringDeserializer();
        ByteArrayDeserializer raw = new ByteArrayDeserializer();
        statusChanges = driver.createOutputTopic(t.statusChanges(), string, raw);
        mailboxStatus = driver.createOutputTopic(t.mailboxStatus(), string, raw);
        domainStatus = driver.createOutputTopic(t.domainStatus(), string, raw);
        deadLetters = driver.createOutputTopic(t.deadLetters(), raw, raw);
        suppressions = driver.createOutputTopic(t.suppressions(), string, raw);
    }

    // ---- inputs

    String send(String mailbox) {
        return send(mailbox, mailbox, "s-" + (++sequence), eventTime);
    }

    /** A send keyed by {@code key}, with its own event id and timestamp. */
    String send(String key, String mailbox, String eventId, Instant at) {
        pipe(
                sends,
                key,
                "{\"eventId\":\""
                        + eventId
                        + "\",\"mailbox\":\""
                        + mailbox
                        + "\",\"recipient\":\"r"
                        + sequence
                        + "@example.com\",\"timestamp\":\""
                        + at
                        + "\"}");
        return eventId;
    }

    void sends(String mailbox, int count) {
        for (int i = 0; i < count; i++) {
            send(mailbox);
        }
    }

    String bounce(String mailbox) {
        return bounce(mailbox, "HARD");
    }

    String bounce(String mailbox, String type) {
        String id = "b-" + (++sequence);
        pipe(
                bounces,
                mailbox,
                "{\"eventId\":\""
                        + id
                        + "\",\"mailbox\":\""
                        + mailbox
                        + "\",\"type\":\""
                        + type
                        + "\",\"smtpCode\":550,\"enhancedStatus\":\"5.1.1\",\"timestamp\":\""
                        + eventTime
                        + "\"}");
        return id;
    }

    /** A HARD bounce keyed by {@code key}, with its own event id and timestamp. */
    String bounce(String key, String mailbox, String eventId, Instant at) {
        pipe(
                bounces,
                key,
                "{\"eventId\":\""
                        + eventId
                        + "\",\"mailbox\":\""
                        + mailbox
                        + "\",\"type\":\"HARD\",\"timestamp\":\""
                        + at
                        + "\"}");
        return eventId;
    }

    void bounces(String mailbox, int count) {
        for (int i = 0; i < count; i++) {
            bounce(mailbox);
        }
    }

    String complaint(String mailbox) {
        String id = "c-" + (++sequence);
        pipe(
                complaints,
                mailbox,
                "{\"eventId\":\""
                        + id
                        + "\",\"mailbox\":\""
                        + mailbox
                        + "\",\"feedbackType\":\"abuse\",\"timestamp\":\""
                        + eventTime
                        + "\"}");
        return id;
    }

    String mailboxCommand(String mailbox, String action) {
        String id = "op-" + (++sequence);
        pipe(
                commands,
                mailbox,
                "{\"commandId\":\""
                        + id
                        + "\",\"mailbox\":\""
                        + mailbox
                        + "\",\"action\":\""
                        + action
                        + "\",\"reason\":\"test\",\"operator\":\"ops@acme.io\"}");
        return id;
    }

    /**
     * A mailbox command with its own id, the operator's reason and name: the same id again is a
     * retry.
     */
    void mailboxCommand(
            String mailbox, String action, String commandId, String reason, String operator) {
        pipe(
                commands,
                mailbox,
                "{\"commandId\":\""
                        + commandId
                        + "\",\"mailbox\":\""
                        + mailbox
                        + "\",\"action\":\""
                        + action
                        + "\",\"reason\":\""
                        + reason
                        + "\",\"operator\":\""
                        + operator
                        + "\"}");
    }

    /**
     * A domain command with its own id, the operator's reason and name: the same id again is a
     * retry.
     */
    void domainCommand(
            String domain, String action, String commandId, String reason, String operator) {
        pipe(
                commands,
                domain,
                "{\"commandId\":\""
                        + commandId
                        + "\",\"domain\":\""
                        + domain
                        + "\",\"action\":\""
                        + action
                        + "\",\"reason\":\""
                        + reason
                        + "\",\"operator\":\""
                        + operator
                        + "\"}");
    }

    String domainCommand(String domain, String action) {
        String id = "op-" + (++sequence);
        pipe(
                commands,
                domain,
                "{\"commandId\":\""
                        + id
                        + "\",\"domain\":\""
                        + domain
                        + "\",\"action\":\""
                        + action
                        + "\",\"reason\":\"test\",\"operator\":\"ops@acme.io\"}");
        return id;
    }

    void rawSend(String key, String value) {
        pipe(sends, key, value);
    }

    void raw(String topic, byte[] key, byte[] value) {
        raw(topic, key, value, KafkaHeaders.empty());
    }

    /**
     * Pipes raw bytes with headers to one of "sends", "bounces", "complaints", "commands", "dsn",
     * "kumomta" or "postfix".
     */
    void raw(String topic, byte[] key, byte[] value, Headers headers) {
        pipeRecord(input(topic), new TestRecord<>(key, value, headers, eventTime));
    }

    /**
     * Pipes raw bytes stamped with {@code recordTime}, which may be before 1970 (a producer's
     * CreateTime -1).
     */
    void rawAt(String topic, byte[] key, byte[] value, Instant recordTime) {
        pipeRecord(input(topic), new TestRecord<>(key, value, recordTime));
    }

    /**
     * The total of the monitor's own sensor {@code name} in the given entity, over every task; 0
     * before any.
     */
    double total(String entity, String name) {
        return driver.metrics().entrySet().stream()
                .filter(
                        e ->
                                e.getKey().group().contains(TopologyMetrics.SCOPE)
                                        && e.getKey().name().equals(name + "-total")
                                        && e.getKey().tags().containsValue(entity))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }

    /** The names of the monitor's own metrics of {@code entity}, registered or not yet recorded. */
    java.util.Set<String> metricNames(String entity) {
        return driver.metrics().keySet().stream()
                .filter(
                        n ->
                                n.group().contains(TopologyMetrics.SCOPE)
                                        && n.tags().containsValue(entity))
                .map(org.apache.kafka.common.MetricName::name)
                .collect(java.util.stream.Collectors.toSet());
    }

    /** The offset the next record piped to "sends", "bounces", "complaints" or "commands" gets. */
    long nextOffset(String topic) {
        return piped.getOrDefault(input(topic), 0L);
    }

    private TestInputTopic<byte[], byte[]> input(String topic) {
        return switch (topic) {
            case "sends" -> sends;
            case "bounces" -> bounces;
            case "complaints" -> complaints;
            case "commands" -> commands;
            case "dsn" -> dsn;
            case "kumomta" -> kumomta;
            case "postfix" -> postfix;
            default -> throw new IllegalArgumentException("no input topic " + topic);
        };
    }

    private void pipeRecord(
            TestInputTopic<byte[], byte[]> topic, TestRecord<byte[], byte[]> record) {
        topic.pipeInput(record);
        piped.merge(topic, 1L, Long::sum);
    }

    private void pipe(TestInputTopic<byte[], byte[]> topic, String key, String json) {
        pipeRecord(
                topic,
                new TestRecord<>(
                        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                        json.getBytes(StandardCharsets.UTF_8),
                        eventTime));
    }

    /**
     * Pipes a JSON value to one of "sends", "bounces", "complaints" or "commands" under {@code
     * key}.
     */
    void rawJson(String topic, String key, String json) {
        raw(
                topic,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8));
    }

    /** Moves the wall clock (punctuators fire) and the time stamped on later events. */
    void advance(Duration duration) {
        driver.advanceWallClockTime(duration);
        eventTime = eventTime.plus(duration);
    }

    /** Moves the time stamped on the events piped next, not the monitor's clock: a backlog. */
    void advanceEventTime(Duration duration) {
        eventTime = eventTime.plus(duration);
    }

    /** The time stamped on the events piped next. */
    Instant eventTime() {
        return eventTime;
    }

    // ---- outputs (every read drains what it reads)

    List<JsonNode> statusChanges() {
        return readJson(statusChanges, "status-change.schema.json");
    }

    List<JsonNode> mailboxStatus() {
        return readJson(mailboxStatus, "mailbox-health.schema.json");
    }

    List<JsonNode> domainStatus() {
        return readJson(domainStatus, "domain-health.schema.json");
    }

    /**
     * Every recipient.suppressions record in order, tombstones as null; each value checked against
     * its schema.
     */
    List<TestRecord<String, byte[]>> suppressionRecords() {
        List<TestRecord<String, byte[]>> records = suppressions.readRecordsToList();
        for (TestRecord<String, byte[]> r : records) {
            if (r.value() != null) {
                JsonSchemas.assertValid(
                        "suppression.schema.json", new String(r.value(), StandardCharsets.UTF_8));
            }
        }
        return records;
    }

    SuppressionState suppressionState(String recipient) {
        KeyValueStore<String, SuppressionState> store =
                driver.getKeyValueStore(MonitorTopology.SUPPRESSION_STORE);
        return store.get(recipient);
    }

    /** Every mailbox.status record, tombstones as null, keyed output in order. */
    List<TestRecord<String, byte[]>> mailboxStatusRecords() {
        return mailboxStatus.readRecordsToList();
    }

    /**
     * Every health.status-changes record with its key, mailbox and domain changes interleaved as
     * emitted.
     */
    List<Keyed> statusChangeRecords() {
        return readKeyed(statusChanges, "status-change.schema.json");
    }

    /** The mailbox status changes; drains the domain ones too. */
    List<JsonNode> mailboxChanges() {
        return changesOf("MAILBOX");
    }

    /** The domain status changes; drains the mailbox ones too. */
    List<JsonNode> domainChanges() {
        return changesOf("DOMAIN");
    }

    private List<JsonNode> changesOf(String entity) {
        List<JsonNode> out = new ArrayList<>();
        for (Keyed r : statusChangeRecords()) {
            if (r.value().path("entity").asText().equals(entity)) {
                out.add(r.value());
            }
        }
        return out;
    }

    /** Every domain.status record with its key; a tombstone has a null value. */
    List<Keyed> domainStatusKeyed() {
        return readKeyed(domainStatus, "domain-health.schema.json");
    }

    /** Every mailbox.status record with its key; a tombstone has a null value. */
    List<Keyed> mailboxStatusKeyed() {
        return readKeyed(mailboxStatus, "mailbox-health.schema.json");
    }

    /**
     * How many records the topology wrote so far to the topic whose name ends with {@code suffix}
     * (internal topics carry the application id as a prefix); drains them.
     */
    int recordsWrittenTo(String suffix) {
        List<String> topics =
                driver.producedTopicNames().stream().filter(t -> t.endsWith(suffix)).toList();
        if (topics.isEmpty()) {
            return 0;
        }
        if (topics.size() > 1) {
            throw new IllegalArgumentException("several topics end with " + suffix + ": " + topics);
        }
        ByteArrayDeserializer raw = new ByteArrayDeserializer();
        return driver.createOutputTopic(topics.get(0), raw, raw).readRecordsToList().size();
    }

    /** Drops whatever the outputs hold so far. */
    void discardOutputs() {
        statusChanges.readRecordsToList();
        mailboxStatus.readRecordsToList();
        domainStatus.readRecordsToList();
        deadLetters.readRecordsToList();
        suppressions.readRecordsToList();
    }

    List<DeadLetter> deadLetters() {
        List<DeadLetter> out = new ArrayList<>();
        for (TestRecord<byte[], byte[]> r : deadLetters.readRecordsToList()) {
            out.add(new DeadLetter(r.key(), r.value(), r.headers()));
        }
        return out;
    }

    MailboxState mailboxState(String mailbox) {
        KeyValueStore<String, MailboxState> store =
                driver.getKeyValueStore(MonitorTopology.MAILBOX_STORE);
        return store.get(MailboxStoreKey.of(mailbox));
    }

    <K, V> KeyValueStore<K, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    /**
     * Counts the entries of a key-value store by iterating it (RocksDB only estimates its size).
     */
    long entries(String storeName) {
        KeyValueStore<Object, Object> store = driver.getKeyValueStore(storeName);
        long count = 0;
        try (KeyValueIterator<Object, Object> it = store.all()) {
            while (it.hasNext()) {
                it.next();
                count++;
            }
        }
        return count;
    }

    /** The mailboxes of {@code domain} held in the mailbox store, in store order. */
    List<String> storedMailboxes(String domain) {
        KeyValueStore<String, MailboxState> store =
                driver.getKeyValueStore(MonitorTopology.MAILBOX_STORE);
        List<String> out = new ArrayList<>();
        try (KeyValueIterator<String, MailboxState> it =
                store.prefixScan(MailboxStoreKey.domainPrefix(domain), new StringSerializer())) {
            while (it.hasNext()) {
                out.add(MailboxStoreKey.mailboxOf(it.next().key));
            }
        }
        return out;
    }

    /** Names of every state store of the topology. */
    Set<String> storeNames() {
        return driver.getAllStateStores().keySet();
    }

    private static List<Keyed> readKeyed(TestOutputTopic<String, byte[]> topic, String schema) {
        List<Keyed> out = new ArrayList<>();
        for (TestRecord<String, byte[]> r : topic.readRecordsToList()) {
            if (r.value() == null) {
                out.add(new Keyed(r.key(), null));
                continue;
            }
            String json = new String(r.value(), StandardCharsets.UTF_8);
            JsonSchemas.assertValid(schema, json);
            try {
                out.add(new Keyed(r.key(), JSON.readTree(json)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static List<JsonNode> readJson(TestOutputTopic<String, byte[]> topic, String schema) {
        List<JsonNode> out = new ArrayList<>();
        for (TestRecord<String, byte[]> r : topic.readRecordsToList()) {
            if (r.value() == null) {
                continue;
            }
            String json = new String(r.value(), StandardCharsets.UTF_8);
            JsonSchemas.assertValid(schema, json);
            try {
                out.add(JSON.readTree(json));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    // ---- one-line views, so tests can assert whole sequences at a glance

    /**
     * A status change as {@code id FROM->TO REASON window=sends/bounces cause=id} for a mailbox and
     * {@code DOMAIN id FROM->TO REASON unhealthy=n/total} for a domain.
     */
    static String change(JsonNode c) {
        String transition =
                c.get("id").asText()
                        + " "
                        + c.get("from").asText()
                        + "->"
                        + c.get("to").asText()
                        + " "
                        + c.get("reason").asText();
        if ("DOMAIN".equals(c.get("entity").asText())) {
            return "DOMAIN "
                    + transition
                    + " unhealthy="
                    + c.get("unhealthyMailboxes").asText()
                    + "/"
                    + c.get("totalMailboxes").asText();
        }
        return transition
                + " window="
                + c.get("windowSends").asText()
                + "/"
                + c.get("windowBounces").asText()
                + " cause="
                + c.get("causeEventId").asText();
    }

    static List<String> changes(List<JsonNode> changes) {
        return changes.stream().map(TopologyHarness::change).toList();
    }

    /**
     * A mailbox health as {@code mailbox STATUS REASON window=s/b totals=s/b allowed} (or {@code
     * blocked-by-X}); {@code deleted mailbox} for a tombstone.
     */
    static String health(Keyed record) {
        if (record.tombstone()) {
            return "deleted " + record.key();
        }
        JsonNode m = record.value();
        return m.get("mailbox").asText()
                + " "
                + m.get("status").asText()
                + " "
                + m.get("reason").asText()
                + " window="
                + m.get("windowSends").asText()
                + "/"
                + m.get("windowBounces").asText()
                + " totals="
                + m.get("totalSends").asText()
                + "/"
                + m.get("totalBounces").asText()
                + (m.get("sendingAllowed").asBoolean()
                        ? " allowed"
                        : " blocked-by-" + m.get("blockedBy").asText());
    }

    static List<String> healths(List<Keyed> records) {
        return records.stream().map(TopologyHarness::health).toList();
    }

    /**
     * A domain health as {@code domain STATUS REASON unhealthy=n/total risk=average} (+ {@code
     * operator-paused}).
     */
    static String domainHealth(JsonNode d) {
        return d.get("domain").asText()
                + " "
                + d.get("status").asText()
                + " "
                + d.get("reason").asText()
                + " unhealthy="
                + d.get("unhealthyMailboxes").asText()
                + "/"
                + d.get("totalMailboxes").asText()
                + " risk="
                + d.get("averageRiskScore").asText()
                + (d.get("operatorPaused").asBoolean() ? " operator-paused" : "");
    }

    static List<String> domainHealths(List<JsonNode> records) {
        return records.stream().map(TopologyHarness::domainHealth).toList();
    }

    @Override
    public void close() {
        driver.close();
    }

    /** An output record: its key and its JSON value, null for a tombstone. */
    record Keyed(String key, JsonNode value) {
        boolean tombstone() {
            return value == null;
        }
    }

    record DeadLetter(byte[] key, byte[] value, Headers headers) {
        String header(String name) {
            var h = headers.lastHeader(name);
            return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }

        String valueText() {
            return value == null ? null : new String(value, StandardCharsets.UTF_8);
        }
    }
}
