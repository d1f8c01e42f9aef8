package io.bouncewatch.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plain Kafka clients as a sender and a scheduler would use them: a producer of JSON events and
 * read_committed readers of the output topics, for the integration tests.
 */
public final class KafkaTestClients implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrapServers;
    private final KafkaProducer<String, String> producer;
    private int sequence;

    public KafkaTestClients(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    public void send(String topic, String mailbox) {
        String id = "s-" + UUID.randomUUID();
        publish(
                topic,
                mailbox,
                "{\"eventId\":\""
                        + id
                        + "\",\"mailbox\":\""
                        + mailbox
                        + "\",\"recipient\":\"r"
                        + (++sequence)
                        + "@example.com\"}");
    }

    public void sends(String topic, String mailbox, int count) {
        for (int i = 0; i < count; i++) {
            send(topic, mailbox);
        }
    }

    public void bounces(String topic, String mailbox, int count) {
        for (int i = 0; i < count; i++) {
            publish(
                    topic,
                    mailbox,
                    "{\"eventId\":\"b-"
                            + UUID.randomUUID()
                            + "\",\"mailbox\":\""
                            + mailbox
                            + "\",\"type\":\"HARD\",\"smtpCode\":550,\"enhancedStatus\":\"5.1.1\"}");
        }
    }

    public void publish(String topic, String key, String value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    /** A record on a chosen partition, as a client with another partitioner might place it. */
    public void publishTo(String topic, int partition, String key, String value) {
        producer.send(new ProducerRecord<>(topic, partition, key, value));
    }

    public void flush() {
        producer.flush();
    }

    /** Every record of a topic from the beginning, as a read_committed consumer sees them. */
    public List<ConsumerRecord<String, String>> readAll(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    /**
     * Each partition's end of a topic as a read_committed reader sees it and as written, such as
     * {@code 0=1200/1203}: a gap that stays is a transaction nobody committed or aborted.
     */
    public Map<Integer, String> endOffsets(String topic) {
        Map<Integer, String> out = new TreeMap<>();
        try (KafkaConsumer<String, String> committed = reader("read_committed");
                KafkaConsumer<String, String> written = reader("read_uncommitted")) {
            List<TopicPartition> partitions =
                    committed.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            Map<TopicPartition, Long> stable = committed.endOffsets(partitions);
            Map<TopicPartition, Long> high = written.endOffsets(partitions);
            for (TopicPartition p : partitions) {
                out.put(p.partition(), stable.get(p) + "/" + high.get(p));
            }
        }
        return out;
    }

    private KafkaConsumer<String, String> reader(String isolationLevel) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    /** Status changes of one mailbox or domain, in the order they were written. */
    public List<JsonNode> statusChanges(String topic, String id) {
        return readAll(topic).stream()
                .filter(r -> id.equals(r.key()))
                .map(r -> json(r.value()))
                .toList();
    }

    /** The latest value per key of a compacted topic, as a scheduler materialises it. */
    public Map<String, JsonNode> latest(String topic) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> r : readAll(topic)) {
            if (r.value() == null) {
                out.remove(r.key());
            } else {
                out.put(r.key(), json(r.value()));
            }
        }
        return out;
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
