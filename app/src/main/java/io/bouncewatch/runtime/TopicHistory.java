package io.bouncewatch.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the records of some topics whose timestamps fall in a time range, as they stand when the
 * read starts: every partition from the first offset at or after {@code from} up to its end then.
 * Committed records only (what the monitor reads); no consumer group, nothing committed.
 */
public final class TopicHistory {

    /** One record, where it was, and its time. */
    public record Read(
            String topic, int partition, long offset, byte[] key, byte[] value, long timestamp) {}

    /** Receives each record read. */
    public interface Sink {
        void accept(Read record);
    }

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration METADATA = Duration.ofSeconds(30);

    private TopicHistory() {}

    /**
     * Reads every record of {@code topics} with {@code from <= timestamp < to}, each partition in
     * its order, from its oldest record when {@code from} is not positive; a topic that does not
     * exist is skipped and named in the result.
     *
     * @param clientProps the cluster's address and client settings
     * @return the topics that do not exist
     */
    public static List<String> read(
            Map<String, Object> clientProps, List<String> topics, long from, long to, Sink sink) {
        Properties props = new Properties();
        props.putAll(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "bouncewatch-replay");
        List<String> missing = new ArrayList<>();
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA);
                if (infos == null || infos.isEmpty()) {
                    missing.add(topic);
                    continue;
                }
                infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, METADATA);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, METADATA);
            Map<TopicPartition, OffsetAndTimestamp> starts = new HashMap<>();
            if (from > 0) {
                Map<TopicPartition, Long> since = new HashMap<>();
                partitions.forEach(p -> since.put(p, from));
                starts.putAll(consumer.offsetsForTimes(since, METADATA));
            }
            List<TopicPartition> pending = new ArrayList<>();
            for (TopicPartition p : partitions) {
                long offset;
                if (from <= 0) {
                    offset = begins.get(p);
                } else {
                    OffsetAndTimestamp start = starts.get(p);
                    offset = start == null ? ends.get(p) : start.offset();
                }
                consumer.seek(p, offset);
                if (offset < ends.get(p)) {
                    pending.add(p);
                }
            }
            // Records stamped without a time take the time of the record before them, as the
            // monitor's timestamp extractor does.
            Map<TopicPartition, Long> partitionTime = new HashMap<>();
            while (!pending.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    TopicPartition p = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() >= ends.get(p)) {
                        continue;
                    }
                    long timestamp =
                            r.timestamp() >= 0
                                    ? r.timestamp()
                                    : partitionTime.getOrDefault(p, System.currentTimeMillis());
                    partitionTime.put(p, timestamp);
                    if (timestamp >= from && timestamp < to) {
                        sink.accept(
                                new Read(
                                        r.topic(),
                                        r.partition(),
                                        r.offset(),
                                        r.key(),
                                        r.value(),
                                        timestamp));
                    }
                }
                pending.removeIf(p -> consumer.position(p) >= ends.get(p));
                consumer.pause(partitions.stream().filter(p -> !pending.contains(p)).toList());
            }
        } finally {
            // Nothing to commit and no group to leave: a close waits for the fetch sessions to
            // end, up to 30 s by default, for nothing.
            consumer.close(CloseOptions.timeout(Duration.ofMillis(500)));
        }
        return missing;
    }
}
