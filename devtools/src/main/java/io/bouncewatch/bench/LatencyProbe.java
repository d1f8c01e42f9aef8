package io.bouncewatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Offers events at a steady rate and measures, for every status change that names its cause, the
 * time from that event's publication to the change being readable by a read_committed consumer.
 * Publisher and reader share this JVM's clock.
 */
final class LatencyProbe implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Long> published = new ConcurrentHashMap<>();
    private final List<long[]> seen = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong lastSeenNanos = new AtomicLong();
    private final Thread reader;
    private final String bootstrap;

    /** What was offered: how many events, over how long, and when the warm-up ended. */
    record Offered(long events, double seconds, long warmupEndNanos) {}

    /** Latencies in milliseconds of the changes of one window. */
    record Percentiles(long count, double p50, double p95, double p99, double max) {}

    /**
     * The changes caused by events of the warm-up (null if it had none) and of the measured period.
     */
    record Latencies(Percentiles warmup, Percentiles measured) {}

    LatencyProbe(String bootstrap, String changesTopic) {
        this.bootstrap = bootstrap;
        Map<String, Object> props =
                Map.of(
                        CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                        5,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false);
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo p : consumer.partitionsFor(changesTopic)) {
            partitions.add(new TopicPartition(changesTopic, p.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        reader = new Thread(() -> read(consumer), "latency-reader");
        reader.start();
    }

    private void read(KafkaConsumer<String, byte[]> consumer) {
        try (consumer) {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    String cause = causeOf(r.value());
                    Long at = cause == null ? null : published.get(cause);
                    if (at != null) {
                        synchronized (seen) {
                            seen.add(new long[] {at, now - at});
                        }
                        lastSeenNanos.set(now);
                    }
                }
            }
        }
    }

    private static String causeOf(byte[] value) {
        try {
            JsonNode node = JSON.readTree(value);
            JsonNode cause = node == null ? null : node.get("causeEventId");
            return cause == null || cause.isNull() ? null : cause.asText();
        } catch (IOException e) {
            return null;
        }
    }

    /** Publishes the workload at {@code rate} events per second for {@code duration}. */
    @SuppressWarnings(
            "EnumOrdinal") // inputs.topics() lists the topics in the order of Workload.Kind
    Offered offer(
            Workload workload,
            Benchmark.Inputs inputs,
            int rate,
            Duration duration,
            Duration warmup) {
        long total = (long) rate * duration.toSeconds();
        long intervalNanos = 1_000_000_000L / rate;
        try (KafkaProducer<String, byte[]> producer =
                Preloader.producer(
                        bootstrap,
                        Map.of(
                                ProducerConfig.LINGER_MS_CONFIG,
                                1,
                                ProducerConfig.BATCH_SIZE_CONFIG,
                                64 * 1024))) {
            long start = System.nanoTime();
            for (long i = 0; i < total; i++) {
                long due = start + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 50_000) {
                    LockSupport.parkNanos(wait);
                }
                Workload.Event e = workload.next();
                published.put(e.eventId(), System.nanoTime());
                producer.send(
                        new ProducerRecord<>(
                                inputs.topics().get(e.kind().ordinal()), e.mailbox(), e.json()));
            }
            producer.flush();
            return new Offered(total, (System.nanoTime() - start) / 1e9, start + warmup.toNanos());
        }
    }

    /**
     * Waits until no change has come for two seconds (at most {@code timeout}) and computes the
     * percentiles.
     */
    Latencies await(Offered offered, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lastSeenNanos.compareAndSet(0, System.nanoTime());
        while (System.nanoTime() < deadline
                && System.nanoTime() - lastSeenNanos.get() < 2_000_000_000L) {
            LockSupport.parkNanos(50_000_000L);
        }
        long[] warmup;
        long[] measured;
        synchronized (seen) {
            warmup =
                    seen.stream()
                            .filter(s -> s[0] < offered.warmupEndNanos())
                            .mapToLong(s -> s[1])
                            .toArray();
            measured =
                    seen.stream()
                            .filter(s -> s[0] >= offered.warmupEndNanos())
                            .mapToLong(s -> s[1])
                            .toArray();
        }
        if (measured.length == 0) {
            throw new BenchmarkException(
                    "no status change was caused by an event of the measured period; offer"
                            + " more events (--latency-seconds) or more bad mailboxes (--bad-mailboxes)");
        }
        return new Latencies(
                warmup.length == 0 ? null : percentiles(warmup), percentiles(measured));
    }

    static Percentiles percentiles(long[] latencies) {
        Arrays.sort(latencies);
        return new Percentiles(
                latencies.length,
                ms(percentile(latencies, 0.50)),
                ms(percentile(latencies, 0.95)),
                ms(percentile(latencies, 0.99)),
                ms(latencies[latencies.length - 1]));
    }

    private static long percentile(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    @Override
    public void close() {
        running.set(false);
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
