package io.bouncewatch.faults;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the monitor's consumer group (its application.id) has committed on the input topics,
 * against what has been published: the monitor's progress as Kafka sees it. Under exactly-once a
 * committed offset means the records before it were processed and their results committed, so a lag
 * above zero right after a kill means the kill interrupted processing.
 */
public final class InputProgress implements AutoCloseable {

    /** Records committed by the group and records published, summed over the input partitions. */
    public record Snapshot(long committed, long published) {
        public long lag() {
            return published - committed;
        }

        @Override
        public String toString() {
            return committed + " of " + published + " input records committed (lag " + lag() + ")";
        }
    }

    private final Admin admin;
    private final String groupId;
    private final List<String> topics;

    public InputProgress(String bootstrapServers, String groupId, List<String> inputTopics) {
        this.admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                AdminClientConfig.CLIENT_ID_CONFIG,
                                "faults-progress-" + groupId));
        this.groupId = groupId;
        this.topics = List.copyOf(inputTopics);
    }

    public Snapshot snapshot() {
        try {
            Set<TopicPartition> partitions =
                    admin
                            .describeTopics(topics)
                            .allTopicNames()
                            .get(10, TimeUnit.SECONDS)
                            .values()
                            .stream()
                            .flatMap(
                                    d ->
                                            d.partitions().stream()
                                                    .map(
                                                            p ->
                                                                    new TopicPartition(
                                                                            d.name(),
                                                                            p.partition())))
                            .collect(Collectors.toSet());
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(groupId)
                            .partitionsToOffsetAndMetadata()
                            .get(10, TimeUnit.SECONDS);
            long done = 0;
            long published = 0;
            for (TopicPartition p : partitions) {
                published += ends.get(p).offset();
                OffsetAndMetadata c = committed.get(p);
                done += c == null ? 0 : c.offset();
            }
            return new Snapshot(done, published);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot read the offsets of group " + groupId + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Members of the group that hold at least one input partition (the instances doing the work).
     */
    public int membersWithInputPartitions() {
        try {
            ConsumerGroupDescription group =
                    admin.describeConsumerGroups(List.of(groupId))
                            .describedGroups()
                            .get(groupId)
                            .get(10, TimeUnit.SECONDS);
            return (int)
                    group.members().stream()
                            .filter(
                                    m ->
                                            m.assignment().topicPartitions().stream()
                                                    .anyMatch(p -> topics.contains(p.topic())))
                            .count();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe group " + groupId + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
