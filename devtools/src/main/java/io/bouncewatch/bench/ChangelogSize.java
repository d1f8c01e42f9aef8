package io.bouncewatch.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Bytes;

/**
 * The live size of an application's state: every changelog read to its end, keeping the latest
 * value of each key; the sum of those keys' and values' bytes is what the stores hold once
 * compacted, whatever RocksDB has not yet compacted on disk.
 */
final class ChangelogSize {

    private ChangelogSize() {}

    /** What the changelogs hold once compacted: keys with a value, and their bytes. */
    record Live(long entries, long bytes) {}

    static long liveBytes(Admin admin, String bootstrap, String applicationId) {
        return live(admin, bootstrap, applicationId, "").bytes();
    }

    /**
     * @param store the one store to count, or empty for every store of the application
     */
    static Live live(Admin admin, String bootstrap, String applicationId, String store) {
        String prefix = applicationId + "-" + store;
        List<String> changelogs;
        try {
            changelogs =
                    admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                            .filter(
                                    t ->
                                            store.isEmpty()
                                                    ? t.startsWith(prefix)
                                                            && t.endsWith("-changelog")
                                                    : t.equals(prefix + "-changelog"))
                            .toList();
        } catch (Exception e) {
            throw new BenchmarkException(
                    "cannot list the changelogs of " + applicationId + ": " + e.getMessage());
        }
        if (!store.isEmpty() && changelogs.isEmpty()) {
            throw new BenchmarkException("there is no changelog " + prefix + "-changelog");
        }
        Map<String, Object> props =
                Map.of(
                        CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        10_000,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false);
        Map<Bytes, Integer> latest = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : changelogs) {
                for (PartitionInfo p : consumer.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    // The topic in the key too, so the same key in two stores counts twice.
                    Bytes key =
                            Bytes.wrap(
                                    (r.topic()
                                                    + "\u0000"
                                                    + new String(
                                                            r.key(),
                                                            java.nio.charset.StandardCharsets
                                                                    .ISO_8859_1))
                                            .getBytes(
                                                    java.nio.charset.StandardCharsets.ISO_8859_1));
                    if (r.value() == null) {
                        latest.remove(key);
                    } else {
                        latest.put(key, r.key().length + r.value().length);
                    }
                }
            }
        }
        return new Live(
                latest.size(), latest.values().stream().mapToLong(Integer::longValue).sum());
    }
}
