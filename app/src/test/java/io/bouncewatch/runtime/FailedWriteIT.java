package io.bouncewatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bouncewatch.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under exactly-once, all the tasks of a stream thread write in one transaction. When a write of
 * one task fails, that transaction is aborted, so every task with writes in it must start again
 * from its committed offsets: none may go on as if its writes had been committed.
 *
 * <p>Three tasks on one thread. Task 0_0 writes its outputs as it processes its inputs; tasks 0_1
 * and 0_2 hold theirs until the commit (as the monitor holds its mailbox states) and then fail to
 * write them, to a topic that does not exist, as writes fail while a broker is away. Kafka Streams
 * marks the first of them corrupted, commits the other tasks first, meets the second's failure
 * there, and aborts the transaction while reviving these two only: 0_0 carries on and later commits
 * its input offsets, its outputs lost for good. The monitor's streams fail the whole thread at a
 * failed write instead, which they replace, so every task starts again from what was committed.
 */
class FailedWriteIT {

    private static final String INPUT = "failed-write-in";
    private static final String OUTPUT = "failed-write-out";
    private static final String MISSING = "failed-write-missing";
    private static final String APPLICATION = "failed-write-it";
    private static final String TO_MISSING = "to-missing";
    private static final String KEPT = "kept";

    @TempDir Path dir;

    @Test
    void aFailedWriteLosesNoOtherTasksOutputs() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0);
                Admin admin =
                        Admin.create(
                                Map.of(
                                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                        broker.bootstrapServers()));
                KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers())) {
            admin.createTopics(
                            List.of(
                                    new NewTopic(INPUT, 3, (short) 1),
                                    new NewTopic(OUTPUT, 1, (short) 1)))
                    .all()
                    .get();
            Map<String, AtomicInteger> processed = new ConcurrentHashMap<>();
            Set<String> failedOnce = ConcurrentHashMap.newKeySet();
            try (StreamsRunner runner =
                    new StreamsRunner(
                            topology(processed, failedOnce), props(broker.bootstrapServers()))) {
                runner.start();
                assertThat(runner.awaitRunning(Duration.ofSeconds(60))).isTrue();

                // A first commit, so that every task has committed offsets to start again from.
                kafka.publishTo(INPUT, 1, "w1", KEPT);
                kafka.publishTo(INPUT, 2, "w2", KEPT);
                kafka.flush();
                await("tasks 0_1 and 0_2 have processed their inputs")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> times(processed, "w1") > 0 && times(processed, "w2") > 0);
                kafka.publishTo(INPUT, 0, "commit-1", KEPT);
                kafka.flush();
                await("the first inputs are committed")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> committed(admin, 0) == 1);

                kafka.publishTo(INPUT, 0, "a", KEPT);
                kafka.publishTo(INPUT, 1, "b", TO_MISSING);
                kafka.publishTo(INPUT, 2, "c", TO_MISSING);
                kafka.flush();
                await("every task has processed its input")
                        .atMost(Duration.ofSeconds(60))
                        .until(
                                () ->
                                        times(processed, "a") > 0
                                                && times(processed, "b") > 0
                                                && times(processed, "c") > 0);
                // This commit fails in one of 0_1 and 0_2, then in the other while the remaining
                // tasks are committed.
                kafka.publishTo(INPUT, 0, "commit-2", KEPT);
                kafka.flush();
                await("tasks 0_1 and 0_2 have failed to write")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> failedOnce.size() == 2);
                // Commits come only when an input asks for one, and a task started again may
                // reprocess its inputs after the next commit: ask until every input is committed.
                AtomicInteger commits = new AtomicInteger(2);
                await("every input is committed")
                        .atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(
                                () -> {
                                    if (everyInputCommitted(admin)) {
                                        return true;
                                    }
                                    kafka.publishTo(
                                            INPUT, 0, "commit-" + commits.incrementAndGet(), KEPT);
                                    kafka.flush();
                                    return false;
                                });

                assertThat(runner.failed()).as("the streams failed").isFalse();
                assertThat(kafka.readAll(OUTPUT).stream().map(ConsumerRecord::key).sorted())
                        .as("the outputs of every committed input, each once")
                        .containsExactlyElementsOf(
                                kafka.readAll(INPUT).stream()
                                        .map(ConsumerRecord::key)
                                        .sorted()
                                        .toList());
            }
        }
    }

    private static boolean everyInputCommitted(Admin admin) throws Exception {
        for (int partition = 0; partition < 3; partition++) {
            TopicPartition input = new TopicPartition(INPUT, partition);
            long end =
                    admin.listOffsets(Map.of(input, OffsetSpec.latest()))
                            .partitionResult(input)
                            .get()
                            .offset();
            if (committed(admin, partition) != end) {
                return false;
            }
        }
        return true;
    }

    private static int times(Map<String, AtomicInteger> processed, String key) {
        AtomicInteger n = processed.get(key);
        return n == null ? 0 : n.get();
    }

    private static long committed(Admin admin, int partition) throws Exception {
        OffsetAndMetadata offset =
                admin.listConsumerGroupOffsets(APPLICATION)
                        .partitionsToOffsetAndMetadata()
                        .get()
                        .get(new TopicPartition(INPUT, partition));
        return offset == null ? -1 : offset.offset();
    }

    /**
     * Inputs of the value "to-missing" go through a cached table (written at the commit, as the
     * monitor writes its mailbox states) and are written, the first time, to a topic that does not
     * exist, the next time to the output topic; the others go straight to the output topic. An
     * input keyed commit-... asks for a commit.
     */
    private static Topology topology(Map<String, AtomicInteger> processed, Set<String> failedOnce) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, String> inputs =
                builder.stream(INPUT, Consumed.with(Serdes.String(), Serdes.String()))
                        .processValues(() -> new Counting(processed));
        inputs.filter((key, value) -> KEPT.equals(value))
                .to(OUTPUT, Produced.with(Serdes.String(), Serdes.String()));
        inputs.filter((key, value) -> TO_MISSING.equals(value))
                .toTable(
                        Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as("held")
                                .withKeySerde(Serdes.String())
                                .withValueSerde(Serdes.String())
                                .withCachingEnabled()
                                // Only the output: a changelog write would meet the failed
                                // transaction before the missing topic does.
                                .withLoggingDisabled())
                .toStream()
                .to(
                        (key, value, context) -> failedOnce.add(key) ? MISSING : OUTPUT,
                        Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    private static final class Counting implements FixedKeyProcessor<String, String, String> {
        private final Map<String, AtomicInteger> processed;
        private FixedKeyProcessorContext<String, String> context;

        Counting(Map<String, AtomicInteger> processed) {
            this.processed = processed;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, String> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, String> record) {
            processed.computeIfAbsent(record.key(), k -> new AtomicInteger()).incrementAndGet();
            context.forward(record);
            if (record.key().startsWith("commit-")) {
                context.commit();
            }
        }
    }

    private Properties props(String bootstrapServers) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("streams").toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        // Only the commits the inputs ask for.
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Duration.ofMinutes(10).toMillis());
        props.put(
                StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                (int) Duration.ofMinutes(10).toMillis());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        // A write to a topic that does not exist fails after this long, as one does in an outage.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_BLOCK_MS_CONFIG), 2_000);
        return props;
    }
}
