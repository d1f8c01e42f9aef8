package io.bouncewatch.testing;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Record headers made through Kafka's public API: its own implementations of them are internal. */
public final class KafkaHeaders {

    private KafkaHeaders() {}

    /** Empty headers that take additions, as those of a record just read. */
    public static Headers empty() {
        return new ConsumerRecord<>("", 0, 0L, null, null).headers();
    }

    /** One header. */
    public static Header header(String key, byte[] value) {
        return new Header() {
            @Override
            public String key() {
                return key;
            }

            @Override
            public byte[] value() {
                return value;
            }
        };
    }
}
