package io.bouncewatch.runtime;

import io.bouncewatch.http.IngestPublisher;
import io.bouncewatch.ingest.Ingested;
import io.bouncewatch.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes what webhook requests report, over a producer of its own: every replica acknowledges
 * ({@code acks=all}) and a retried batch is written once ({@code enable.idempotence}), so that a
 * 2xx to the provider means the events are safe. Events go to the input topic of their kind, a
 * rejected part to the dead-letter topic with its reason.
 */
final class IngestProducer implements IngestPublisher, AutoCloseable {

    /** The dead-letter header of the reason, as the topology writes it. */
    static final String REASON = "bouncewatch.error.reason";

    /** The dead-letter header of where the record came from: {@code ingest/<source>}. */
    static final String FROM = "bouncewatch.error.topic";

    private final KafkaProducer<String, byte[]> producer;
    private final Topics topics;
    private final Duration ackTimeout;

    /**
     * @param clientProps the Kafka client settings (bootstrap servers, client id, kafka.*)
     * @param ackTimeout how long a request waits for its acknowledgements before it answers 503;
     *     also how long a send may block on a cluster that does not answer
     */
    IngestProducer(Map<String, Object> clientProps, Topics topics, Duration ackTimeout) {
        Map<String, Object> props = new HashMap<>(clientProps);
        // Not overridable by kafka.*: a 2xx promises the provider exactly these guarantees.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ackTimeout.toMillis());
        // A rejected part goes to the dead letters whole, as large as the topics allow.
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_RECORD_BYTES);
        this.producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.topics = topics;
        this.ackTimeout = ackTimeout;
    }

    @Override
    public void publish(String source, List<Ingested> records) throws Exception {
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        for (Ingested record : records) {
            // Each send may wait for metadata of a topic up to max.block.ms: the request's
            // deadline bounds them all.
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException("no metadata from Kafka within " + ackTimeout);
            }
            acks.add(producer.send(record(source, record)));
        }
        // A record that fails fails the request: the provider retries all, the ids dedupe.
        for (Future<RecordMetadata> ack : acks) {
            ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    private ProducerRecord<String, byte[]> record(String source, Ingested ingested) {
        if (ingested instanceof Ingested.Event event) {
            String topic =
                    switch (event.kind()) {
                        case SENDS -> topics.sends();
                        case BOUNCES -> topics.bounces();
                        case COMPLAINTS -> topics.complaints();
                        default ->
                                throw new IllegalArgumentException(
                                        "not an event topic: " + event.kind());
                    };
            return new ProducerRecord<>(topic, event.key(), event.value());
        }
        Ingested.Rejected rejected = (Ingested.Rejected) ingested;
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(topics.deadLetters(), null, rejected.original());
        record.headers()
                .add(REASON, rejected.reason().getBytes(StandardCharsets.UTF_8))
                .add(FROM, ("ingest/" + source).getBytes(StandardCharsets.UTF_8));
        return record;
    }

    @Override
    public void close() {
        producer.close(ackTimeout);
    }
}
