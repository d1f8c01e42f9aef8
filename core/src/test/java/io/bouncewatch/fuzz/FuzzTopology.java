package io.bouncewatch.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.fuzz.PoisonGenerator.Input;
import io.bouncewatch.fuzz.PoisonGenerator.Poison;
import io.bouncewatch.rules.MailboxState;
import io.bouncewatch.topology.MailboxStoreKey;
import io.bouncewatch.topology.MonitorTopology;
import io.bouncewatch.topology.Topics;
import io.bouncewatch.topology.TopologySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The real topology in a TopologyTestDriver, as {@code topology.TopologyHarness} drives it (that
 * harness is package-private to {@code io.bouncewatch.topology}): raw bytes into the four input
 * topics, the dead letters, the mailbox.status records and the mailbox store out.
 */
final class FuzzTopology implements AutoCloseable {

    static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TopologyTestDriver driver;
    private final Topics topics = Topics.DEFAULTS;
    private final Map<Input, TestInputTopic<byte[], byte[]>> inputs = new EnumMap<>(Input.class);
    private final Map<Input, Long> offsets = new EnumMap<>(Input.class);
    private final TestOutputTopic<String, byte[]> mailboxStatus;
    private final TestOutputTopic<byte[], byte[]> deadLetters;

    FuzzTopology() {
        TopologySettings settings = TopologySettings.defaults();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bouncewatch-fuzz-" + UUID.randomUUID());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Path.of("target", "kafka-streams-tests").toAbsolutePath().toString());
        driver = new TopologyTestDriver(MonitorTopology.build(settings), props, START);
        ByteArraySerializer bytes = new ByteArraySerializer();
        for (Input input : Input.values()) {
            inputs.put(input, driver.createInputTopic(topicName(input), bytes, bytes));
            offsets.put(input, 0L);
        }
        mailboxStatus =
                driver.createOutputTopic(
                        topics.mailboxStatus(),
                        new StringDeserializer(),
                        new ByteArrayDeserializer());
        deadLetters =
                driver.createOutputTopic(
                        topics.deadLetters(),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
    }

    String topicName(Input input) {
        return switch (input) {
            case SENDS -> topics.sends();
            case BOUNCES -> topics.bounces();
            case COMPLAINTS -> topics.complaints();
            case COMMANDS -> topics.commands();
        };
    }

    /** Pipes the record (stamped {@link #START}) and returns the offset it got. */
    long pipe(Poison p) {
        return pipe(p.input(), p.key(), p.value());
    }

    long pipe(Input input, byte[] key, byte[] value) {
        long offset = offsets.get(input);
        inputs.get(input).pipeInput(new TestRecord<>(key, value, START));
        offsets.put(input, offset + 1);
        return offset;
    }

    long pipeJson(Input input, String key, String json) {
        return pipe(
                input,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8));
    }

    /** Every dead letter written since the last call. */
    List<TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    /**
     * The latest mailbox.status value per key since the last call (a tombstone removes the key).
     */
    Map<String, JsonNode> latestMailboxStatus() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (TestRecord<String, byte[]> r : mailboxStatus.readRecordsToList()) {
            if (r.value() == null) {
                out.remove(r.key());
            } else {
                try {
                    out.put(r.key(), JSON.readTree(r.value()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return out;
    }

    /** Every mailbox in the mailbox store, by mailbox. */
    Map<String, MailboxState> mailboxStore() {
        KeyValueStore<String, MailboxState> store =
                driver.getKeyValueStore(MonitorTopology.MAILBOX_STORE);
        Map<String, MailboxState> out = new TreeMap<>();
        try (KeyValueIterator<String, MailboxState> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, MailboxState> kv = all.next();
                out.put(MailboxStoreKey.mailboxOf(kv.key), kv.value);
            }
        }
        return out;
    }

    MailboxState mailbox(String mailbox) {
        KeyValueStore<String, MailboxState> store =
                driver.getKeyValueStore(MonitorTopology.MAILBOX_STORE);
        return store.get(MailboxStoreKey.of(mailbox));
    }

    @Override
    public void close() {
        driver.close();
    }
}
