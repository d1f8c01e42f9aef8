package io.bouncewatch.bench;

import io.bouncewatch.payload.InputParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The baselines of the benchmark, each run in a JVM of its own so its memory and CPU are its own:
 * {@code limit} reads and parses every input record with plain consumers and exits; {@code minimal}
 * runs {@link MinimalTopology} until it is stopped. Arguments are key=value.
 */
public final class SubjectMain {

    static final String RESULT = "RESULT";

    private SubjectMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        List<String> inputs = List.of(a.get("inputs").split(","));
        switch (a.get("mode")) {
            case "limit" -> limit(a.get("bootstrap"), inputs, Integer.parseInt(a.get("threads")));
            case "minimal" -> minimal(a, inputs);
            default -> throw new IllegalArgumentException("mode " + a.get("mode"));
        }
    }

    /**
     * Reads every record of the inputs from the beginning with one consumer per thread, tuned for
     * throughput, and parses each value as the monitor does. Prints the count and the time from the
     * first record to the last.
     */
    private static void limit(String bootstrap, List<String> inputs, int threads)
            throws InterruptedException {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1 << 20);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 << 20);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20);
        props.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, 4 << 20);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);

        List<TopicPartition> partitions = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> probe = consumer(props)) {
            for (String topic : inputs) {
                for (PartitionInfo p : probe.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
            }
        }
        AtomicLong parsed = new AtomicLong();
        AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        AtomicLong last = new AtomicLong();
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            List<TopicPartition> mine = new ArrayList<>();
            for (int i = t; i < partitions.size(); i += threads) {
                mine.add(partitions.get(i));
            }
            Thread thread =
                    new Thread(
                            () -> {
                                try (KafkaConsumer<byte[], byte[]> consumer = consumer(props)) {
                                    consumer.assign(mine);
                                    consumer.seekToBeginning(mine);
                                    Map<TopicPartition, Long> end = consumer.endOffsets(mine);
                                    long count = 0;
                                    while (!reached(consumer, end)) {
                                        ConsumerRecords<byte[], byte[]> records =
                                                consumer.poll(Duration.ofMillis(200));
                                        if (!records.isEmpty()) {
                                            first.accumulateAndGet(System.nanoTime(), Math::min);
                                        }
                                        for (ConsumerRecord<byte[], byte[]> r : records) {
                                            parse(r.topic(), r.value(), r.timestamp(), inputs);
                                            count++;
                                        }
                                    }
                                    last.accumulateAndGet(System.nanoTime(), Math::max);
                                    parsed.addAndGet(count);
                                } finally {
                                    done.countDown();
                                }
                            },
                            "limit-" + t);
            thread.start();
        }
        done.await();
        // This process's own CPU and peak memory, read before it exits.
        long cpuNanos =
                ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        System.out.println(
                RESULT
                        + " records="
                        + parsed.get()
                        + " nanos="
                        + (last.get() - first.get())
                        + " cpuNanos="
                        + cpuNanos
                        + " peakRss="
                        + ChildProcess.peakRssBytes(ProcessHandle.current().pid()));
    }

    private static boolean reached(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static void parse(String topic, byte[] value, long timestamp, List<String> inputs) {
        long now = System.currentTimeMillis();
        if (topic.equals(inputs.get(0))) {
            InputParser.send(value, timestamp, now);
        } else if (topic.equals(inputs.get(1))) {
            InputParser.bounce(value, timestamp, now);
        } else {
            InputParser.complaint(value, timestamp, now);
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> props) {
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Runs the minimal stateful processor with the streams settings given, until SIGTERM. */
    private static void minimal(Map<String, String> a, List<String> inputs)
            throws InterruptedException {
        Properties props = new Properties();
        a.forEach(
                (k, v) -> {
                    if (k.startsWith("streams.")) {
                        props.put(k.substring("streams.".length()), v);
                    }
                });
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, a.get("bootstrap"));
        KafkaStreams streams =
                new KafkaStreams(
                        MinimalTopology.build(inputs, Boolean.parseBoolean(a.get("cached"))),
                        props);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    streams.close(
                                            CloseOptions.timeout(Duration.ofSeconds(30))
                                                    .withGroupMembershipOperation(
                                                            CloseOptions.GroupMembershipOperation
                                                                    .LEAVE_GROUP));
                                    stopped.countDown();
                                }));
        streams.setStateListener(
                (next, previous) -> {
                    if (next == KafkaStreams.State.RUNNING) {
                        System.out.println("minimal processor is running");
                    }
                });
        streams.start();
        stopped.await();
    }
}
