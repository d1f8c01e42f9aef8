package io.bouncewatch.runtime;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.http.Trends;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the monitor's consumer group is behind on its input topics, asked of the cluster: the end
 * of each partition less the group's committed offset (less the partition's start, where the group
 * has committed nothing yet).
 */
final class ConsumerLag {

    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Admin admin;
    private final String groupId;
    private final List<String> inputTopics;
    private final Clock clock;

    ConsumerLag(Admin admin, String groupId, List<String> inputTopics, Clock clock) {
        this.admin = admin;
        this.groupId = groupId;
        this.inputTopics = List.copyOf(inputTopics);
        this.clock = clock;
    }

    /**
     * {@code {"at","total","topics":[{"topic","partitions","lag"}]}}, the topics in the order of
     * the input topics.
     *
     * @throws Trends.Unanswered when the cluster does not answer within {@link #TIMEOUT}
     */
    byte[] json() throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            KafkaFuture<Map<TopicPartition, OffsetAndMetadata>> committedFuture =
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata();
            Map<String, TopicDescription> topics =
                    get(admin.describeTopics(inputTopics).allTopicNames(), deadline);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            topics.values()
                    .forEach(
                            t ->
                                    t.partitions()
                                            .forEach(
                                                    p -> {
                                                        TopicPartition tp =
                                                                new TopicPartition(
                                                                        t.name(), p.partition());
                                                        latest.put(tp, OffsetSpec.latest());
                                                        earliest.put(tp, OffsetSpec.earliest());
                                                    }));
            KafkaFuture<Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo>> endsFuture =
                    admin.listOffsets(latest).all();
            KafkaFuture<Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo>> startsFuture =
                    admin.listOffsets(earliest).all();
            Map<TopicPartition, OffsetAndMetadata> committed = get(committedFuture, deadline);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    get(endsFuture, deadline);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
                    get(startsFuture, deadline);
            return write(topics, committed, ends, starts);
        } catch (TimeoutException e) {
            throw new Trends.Unanswered(
                    "the cluster did not answer within " + TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new Trends.Unanswered(
                    "the cluster could not tell the lag: " + e.getCause().getMessage());
        }
    }

    private byte[] write(
            Map<String, TopicDescription> topics,
            Map<TopicPartition, OffsetAndMetadata> committed,
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends,
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            long total = 0;
            Map<String, Long> lags = new HashMap<>();
            for (String topic : inputTopics) {
                long lag = 0;
                for (var p : topics.get(topic).partitions()) {
                    TopicPartition tp = new TopicPartition(topic, p.partition());
                    OffsetAndMetadata at = committed.get(tp);
                    long from = at != null ? at.offset() : starts.get(tp).offset();
                    lag += Math.max(0, ends.get(tp).offset() - from);
                }
                lags.put(topic, lag);
                total += lag;
            }
            g.writeStartObject();
            g.writeStringField("at", clock.instant().toString());
            g.writeNumberField("total", total);
            g.writeArrayFieldStart("topics");
            for (String topic : inputTopics) {
                g.writeStartObject();
                g.writeStringField("topic", topic);
                g.writeNumberField("partitions", topics.get(topic).partitions().size());
                g.writeNumberField("lag", lags.get(topic));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static <T> T get(KafkaFuture<T> future, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
}
