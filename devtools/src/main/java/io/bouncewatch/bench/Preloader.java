package io.bouncewatch.bench;

import io.bouncewatch.rules.Category;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes a workload into the input topics as fast as the broker takes it, keyed by mailbox. */
final class Preloader {

    /** What was written, the bounces by the category of their reply, and how long it took. */
    record Loaded(
            long sends,
            long bounces,
            long complaints,
            Map<Category, Long> bouncesByCategory,
            double seconds) {}

    private Preloader() {}

    static KafkaProducer<String, byte[]> producer(String bootstrap, Map<String, Object> extra) {
        Map<String, Object> props =
                new java.util.HashMap<>(
                        Map.of(
                                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrap,
                                // Fast loading, not exactly-once delivery: a retried batch written
                                // twice only repeats event ids, which the monitor counts once.
                                ProducerConfig.ACKS_CONFIG,
                                "1",
                                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                                false,
                                ProducerConfig.LINGER_MS_CONFIG,
                                20,
                                ProducerConfig.BATCH_SIZE_CONFIG,
                                256 * 1024,
                                ProducerConfig.BUFFER_MEMORY_CONFIG,
                                128L << 20));
        props.putAll(extra);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * @param topics sends, bounces, complaints
     */
    @SuppressWarnings("EnumOrdinal") // topics and counts are in the order of Workload.Kind
    static Loaded load(String bootstrap, List<String> topics, Workload workload, long events) {
        long[] counts = new long[3];
        Map<Category, Long> categories = new EnumMap<>(Category.class);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap, Map.of())) {
            for (long i = 0; i < events && failure.get() == null; i++) {
                Workload.Event e = workload.next();
                int kind = e.kind().ordinal();
                counts[kind]++;
                if (e.category() != null) {
                    categories.merge(e.category(), 1L, Long::sum);
                }
                producer.send(
                        new ProducerRecord<>(topics.get(kind), e.mailbox(), e.json()),
                        (meta, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            }
                        });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new BenchmarkException(
                    "preloading the inputs failed: " + failure.get().getMessage());
        }
        return new Loaded(
                counts[0],
                counts[1],
                counts[2],
                Collections.unmodifiableMap(categories),
                (System.nanoTime() - start) / 1e9);
    }
}
