package io.bouncewatch.runtime;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.topology.DeadLetterHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The latest dead letters, read from the end of the dead-letter topic: only the last {@code limit}
 * offsets of each partition, so a large topic costs no more than a small one. No consumer group,
 * nothing committed.
 */
final class DeadLetterTail {

    /** How much of a record's key and value is shown. */
    static final int SHOWN_CHARS = 300;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration METADATA = Duration.ofSeconds(3);
    private static final Duration READ = Duration.ofSeconds(3);

    private final Map<String, Object> clientProps;
    private final String topic;

    DeadLetterTail(Map<String, Object> clientProps, String topic) {
        this.clientProps = Map.copyOf(clientProps);
        this.topic = topic;
    }

    /** The latest {@code limit} dead letters as a JSON array, newest first. */
    byte[] latest(int limit) {
        List<ConsumerRecord<byte[], byte[]>> records = read(limit);
        records.sort(
                Comparator.comparingLong((ConsumerRecord<byte[], byte[]> r) -> r.timestamp())
                        .thenComparingLong(ConsumerRecord::offset)
                        .reversed());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartArray();
            for (ConsumerRecord<byte[], byte[]> r :
                    records.subList(0, Math.min(limit, records.size()))) {
                g.writeStartObject();
                g.writeStringField("at", Instant.ofEpochMilli(r.timestamp()).toString());
                g.writeStringField("topic", header(r, DeadLetterHeaders.TOPIC));
                writeNumber(g, "partition", header(r, DeadLetterHeaders.PARTITION));
                writeNumber(g, "offset", header(r, DeadLetterHeaders.OFFSET));
                g.writeStringField("reason", header(r, DeadLetterHeaders.REASON));
                g.writeStringField("key", shown(r.key()));
                g.writeStringField("value", shown(r.value()));
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private List<ConsumerRecord<byte[], byte[]>> read(int limit) {
        Properties props = new Properties();
        props.putAll(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA);
            if (infos == null || infos.isEmpty()) {
                return out;
            }
            List<TopicPartition> partitions =
                    infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, METADATA);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, METADATA);
            Map<TopicPartition, Long> pending = new HashMap<>();
            for (TopicPartition p : partitions) {
                long start = Math.max(begins.get(p), ends.get(p) - limit);
                consumer.seek(p, start);
                if (start < ends.get(p)) {
                    pending.put(p, ends.get(p));
                } else {
                    consumer.pause(List.of(p));
                }
            }
            long deadline = System.nanoTime() + READ.toNanos();
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Long end = pending.get(new TopicPartition(r.topic(), r.partition()));
                    if (end != null && r.offset() < end) {
                        out.add(r);
                    }
                }
                // A partition is done at its end, past which transaction markers may stand.
                pending.keySet().removeIf(p -> consumer.position(p) >= pending.get(p));
                consumer.pause(partitions.stream().filter(p -> !pending.containsKey(p)).toList());
            }
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofMillis(500)));
        }
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header header = r.headers().lastHeader(name);
        return header == null || header.value() == null
                ? null
                : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void writeNumber(JsonGenerator g, String name, String value) throws IOException {
        try {
            g.writeNumberField(name, Long.parseLong(value));
        } catch (NumberFormatException e) {
            g.writeNullField(name);
        }
    }

    /**
     * The first {@link #SHOWN_CHARS} characters of the bytes as UTF-8, a malformed sequence shown
     * as U+FFFD; null when absent. Only as many bytes as those characters can take are decoded.
     */
    static String shown(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        int length = Math.min(bytes.length, SHOWN_CHARS * 4);
        String text;
        try {
            text =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPLACE)
                            .onUnmappableCharacter(CodingErrorAction.REPLACE)
                            .decode(ByteBuffer.wrap(bytes, 0, length))
                            .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder does not throw", e);
        }
        if (text.length() <= SHOWN_CHARS) {
            return text;
        }
        int end = SHOWN_CHARS;
        // Never half of a character outside the Basic Multilingual Plane.
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }
}
