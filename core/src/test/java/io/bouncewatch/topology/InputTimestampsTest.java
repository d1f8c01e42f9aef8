package io.bouncewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.testing.KafkaHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A record whose producer sent CreateTime -1 must not stop the monitor: Kafka's default extractor
 * throws on it at every start. It is counted, and processed like any other record.
 */
class InputTimestampsTest {

    private static final Instant BEFORE_1970 = Instant.ofEpochMilli(-1);

    private final TopologyHarness h = new TopologyHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static ConsumerRecord<Object, Object> record(long timestamp) {
        return new ConsumerRecord<>(
                "email.sends",
                0,
                7L,
                timestamp,
                TimestampType.CREATE_TIME,
                0,
                0,
                null,
                null,
                KafkaHeaders.empty(),
                java.util.Optional.empty());
    }

    @Test
    void aValidRecordTimestampIsKeptAndNotMarked() {
        ConsumerRecord<Object, Object> record = record(1_795_000_000_000L);
        assertThat(new InputTimestamps().extract(record, 5L)).isEqualTo(1_795_000_000_000L);
        assertThat(record.headers().toArray()).isEmpty();
    }

    @Test
    void aNegativeRecordTimestampFallsBackToThePartitionTimeThenTheWallClock() {
        assertThat(new InputTimestamps().extract(record(-1), 1_795_000_000_000L))
                .isEqualTo(1_795_000_000_000L);
        long before = System.currentTimeMillis();
        assertThat(new InputTimestamps().extract(record(-1), -1))
                .isBetween(before, System.currentTimeMillis());
    }

    @Test
    void aSendStampedMinusOneIsCountedAsAnInvalidTimestampAndProcessedLikeAnyOther() {
        String mailbox = "minus-one@edge.io";
        h.send(mailbox);
        h.rawAt(
                "sends",
                bytes(mailbox),
                bytes("{\"eventId\":\"s-x\",\"mailbox\":\"" + mailbox + "\"}"),
                BEFORE_1970);
        h.send(mailbox);

        assertThat(h.deadLetters()).isEmpty();
        assertThat(h.mailboxStatus())
                .last()
                .satisfies(m -> assertThat(m.get("windowSends").asInt()).isEqualTo(3));
        assertThat(h.total("input", "invalid-timestamps")).isEqualTo(1.0);
    }

    @Test
    void anInvalidValueStampedMinusOneIsStillADeadLetterWithoutTheMarker() {
        h.rawAt("bounces", bytes("x@edge.io"), bytes("{not json"), BEFORE_1970);

        assertThat(h.deadLetters())
                .singleElement()
                .satisfies(
                        d ->
                                assertThat(d.header(InputTimestamps.INVALID_TIMESTAMP_HEADER))
                                        .isNull());
        assertThat(h.total("input", "invalid-timestamps")).isEqualTo(1.0);
    }
}
