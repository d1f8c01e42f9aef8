package io.bouncewatch.topology;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The time Kafka Streams orders and stamps an input record by. Kafka's default extractor throws on
 * a negative record timestamp (a producer may send CreateTime -1), which would stop the monitor on
 * that record at every start. This one never throws: the record's timestamp when it has one, else
 * the partition's time, else the wall clock. The rules use the event's own {@code timestamp} when
 * it carries one, so only events without it take the fallback.
 *
 * <p>A replaced timestamp is marked with a header that the parser counts and removes: an extractor
 * has no access to the task's metrics.
 */
final class InputTimestamps implements TimestampExtractor {

    static final String INVALID_TIMESTAMP_HEADER = "bouncewatch.invalid-timestamp";

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long timestamp = record.timestamp();
        if (timestamp >= 0) {
            return timestamp;
        }
        record.headers().add(INVALID_TIMESTAMP_HEADER, null);
        return partitionTime >= 0 ? partitionTime : System.currentTimeMillis();
    }
}
