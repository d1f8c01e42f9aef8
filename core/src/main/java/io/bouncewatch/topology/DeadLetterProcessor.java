package io.bouncewatch.topology;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a rejected record to the dead-letter topic exactly as it arrived (original key, value and
 * headers) with headers saying where it came from and why it was rejected.
 */
final class DeadLetterProcessor implements Processor<String, Inbound.Rejected, byte[], byte[]> {

    static final String REASON = DeadLetterHeaders.REASON;
    static final String TOPIC = DeadLetterHeaders.TOPIC;
    static final String PARTITION = DeadLetterHeaders.PARTITION;
    static final String OFFSET = DeadLetterHeaders.OFFSET;
    static final String TRUNCATED = DeadLetterHeaders.TRUNCATED;

    /**
     * Room for a dead letter: the largest record the monitor writes less a margin for the record's
     * framing. Every input topic takes smaller records, so a dead letter fits whole; one that would
     * not (a topic whose limit was raised beyond) is cut to fit and says so, since failing to write
     * it would stop the stream.
     */
    static final int MAX_RECORD_BYTES = Topics.MAX_RECORD_BYTES - 2048;

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessor.class);

    private ProcessorContext<byte[], byte[]> context;
    private Sensor deadLetters;

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.deadLetters = TopologyMetrics.of(context.metrics(), "input").sensor("dead-letters");
    }

    @Override
    public void process(Record<String, Inbound.Rejected> record) {
        Inbound.Rejected rejected = record.value();
        deadLetters.record();
        LOG.debug(
                "rejected {}-{}@{}: {}",
                rejected.topic(),
                rejected.partition(),
                rejected.offset(),
                rejected.reason());
        Headers headers = record.headers();
        headers.remove(REASON)
                .remove(TOPIC)
                .remove(PARTITION)
                .remove(OFFSET)
                .add(REASON, rejected.reason().getBytes(StandardCharsets.UTF_8))
                .add(TOPIC, rejected.topic().getBytes(StandardCharsets.UTF_8))
                .add(
                        PARTITION,
                        Integer.toString(rejected.partition()).getBytes(StandardCharsets.UTF_8))
                .add(OFFSET, Long.toString(rejected.offset()).getBytes(StandardCharsets.UTF_8));
        byte[] value = rejected.value();
        headers.remove(TRUNCATED);
        int room =
                MAX_RECORD_BYTES
                        - (rejected.key() == null ? 0 : rejected.key().length)
                        - headerBytes(headers)
                        - 64;
        if (value != null && value.length > room) {
            headers.add(TRUNCATED, Integer.toString(value.length).getBytes(StandardCharsets.UTF_8));
            value = Arrays.copyOf(value, Math.max(0, room - 64));
        }
        context.forward(new Record<>(rejected.key(), value, record.timestamp(), headers));
    }

    private static int headerBytes(Headers headers) {
        int bytes = 0;
        for (Header h : headers) {
            bytes += h.key().length() + (h.value() == null ? 0 : h.value().length) + 8;
        }
        return bytes;
    }
}
