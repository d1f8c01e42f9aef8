package io.bouncewatch.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.rules.MailboxState;
import io.bouncewatch.schema.JsonSchemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
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
    private final TestOutputTopic<String, byte[]> statusChanges;
    private final TestOutputTopic<String, byte[]> mailboxStatus;
    private final TestOutputTopic<String, byte[]> domainStatus;
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private Instant eventTime = START;
    private int sequence;

    TopologyHarness() {
        this(MonitorTopology.Settings.defaults());
    }

    TopologyHarness(MonitorTopology.Settings settings) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bouncewatch-test-" + UUID.randomUUID());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/kafka-streams-tests");
        driver = new TopologyTestDriver(MonitorTopology.build(settings), props, START);
        Topics t = settings.topics();
        ByteArraySerializer bytes = new ByteArraySerializer();
        sends = driver.createInputTopic(t.sends(), bytes, bytes);
        bounces = driver.createInputTopic(t.bounces(), bytes, bytes);
        complaints = driver.createInputTopic(t.complaints(), bytes, bytes);
        commands = driver.createInputTopic(t.commands(), bytes, bytes);
        StringDeserializer string = new StringDeserializer();
        ByteArrayDeserializer raw = new ByteArrayDeserializer();
        statusChanges = driver.createOutputTopic(t.statusChanges(), string, raw);
        mailboxStatus = driver.createOutputTopic(t.mailboxStatus(), string, raw);
        domainStatus = driver.createOutputTopic(t.domainStatus(), string, raw);
        deadLetters = driver.createOutputTopic(t.deadLetters(), raw, raw);
    }

    // ---- inputs

    String send(String mailbox) {
        String id = "s-" + (++sequence);
        pipe(sends, mailbox, "{\"eventId\":\"" + id + "\",\"mailbox\":\"" + mailbox + "\",\"recipient\":\"r"
                + sequence + "@example.com\",\"timestamp\":\"" + eventTime + "\"}");
        return id;
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
        pipe(bounces, mailbox, "{\"eventId\":\"" + id + "\",\"mailbox\":\"" + mailbox + "\",\"type\":\"" + type
                + "\",\"smtpCode\":550,\"enhancedStatus\":\"5.1.1\",\"timestamp\":\"" + eventTime + "\"}");
        return id;
    }

    void bounces(String mailbox, int count) {
        for (int i = 0; i < count; i++) {
            bounce(mailbox);
        }
    }

    String complaint(String mailbox) {
        String id = "c-" + (++sequence);
        pipe(complaints, mailbox, "{\"eventId\":\"" + id + "\",\"mailbox\":\"" + mailbox
                + "\",\"feedbackType\":\"abuse\",\"timestamp\":\"" + eventTime + "\"}");
        return id;
    }

    void mailboxCommand(String mailbox, String action) {
        pipe(commands, mailbox, "{\"commandId\":\"op-" + (++sequence) + "\",\"mailbox\":\"" + mailbox
                + "\",\"action\":\"" + action + "\",\"reason\":\"test\",\"operator\":\"ops@acme.io\"}");
    }

    void domainCommand(String domain, String action) {
        pipe(commands, domain, "{\"commandId\":\"op-" + (++sequence) + "\",\"domain\":\"" + domain
                + "\",\"action\":\"" + action + "\",\"reason\":\"test\",\"operator\":\"ops@acme.io\"}");
    }

    void rawSend(String key, String value) {
        pipe(sends, key, value);
    }

    void raw(String topic, byte[] key, byte[] value) {
        TestInputTopic<byte[], byte[]> in = switch (topic) {
            case "sends" -> sends;
            case "bounces" -> bounces;
            case "complaints" -> complaints;
            default -> commands;
        };
        in.pipeInput(new TestRecord<>(key, value, eventTime));
    }

    private void pipe(TestInputTopic<byte[], byte[]> topic, String key, String json) {
        topic.pipeInput(new TestRecord<>(key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8), eventTime));
    }

    /** Moves the wall clock (punctuators fire) and the time stamped on later events. */
    void advance(Duration duration) {
        driver.advanceWallClockTime(duration);
        eventTime = eventTime.plus(duration);
    }

    // ---- outputs

    List<JsonNode> statusChanges() {
        return readJson(statusChanges, "status-change.schema.json");
    }

    List<JsonNode> mailboxStatus() {
        return readJson(mailboxStatus, "mailbox-health.schema.json");
    }

    List<JsonNode> domainStatus() {
        return readJson(domainStatus, "domain-health.schema.json");
    }

    /** Every mailbox.status record, tombstones as null, keyed output in order. */
    List<TestRecord<String, byte[]>> mailboxStatusRecords() {
        return mailboxStatus.readRecordsToList();
    }

    List<DeadLetter> deadLetters() {
        List<DeadLetter> out = new ArrayList<>();
        for (TestRecord<byte[], byte[]> r : deadLetters.readRecordsToList()) {
            out.add(new DeadLetter(r.key(), r.value(), r.headers()));
        }
        return out;
    }

    MailboxState mailboxState(String mailbox) {
        KeyValueStore<String, MailboxState> store = driver.getKeyValueStore(MonitorTopology.MAILBOX_STORE);
        return store.get(MailboxStoreKey.of(mailbox));
    }

    <K, V> KeyValueStore<K, V> store(String name) {
        return driver.getKeyValueStore(name);
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

    @Override
    public void close() {
        driver.close();
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
