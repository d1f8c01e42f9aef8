package io.bouncewatch.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the Kafka clients of the stream threads, as Kafka Streams would, and remembers the
 * transactional producer of each, so that the transaction of a thread that died can be aborted as
 * soon as Kafka answers ({@link #abortTransactionOf}).
 *
 * <p>A stream thread that dies of a broker outage could not abort its transaction: the broker was
 * away. Its replacement has a producer of its own with another transactional id, so nothing fences
 * the dead one; its transaction stays open on the changelogs and outputs until the broker times it
 * out, and until then no reader that skips uncommitted records (the restoring stream thread, a
 * scheduler reading {@code mailbox.status}) gets past it. A producer that starts with the dead
 * thread's transactional id fences it: the coordinator aborts the open transaction before it
 * answers, and the changelogs can be read to their end again.
 */
final class ThreadTransactions implements org.apache.kafka.streams.KafkaClientSupplier {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadTransactions.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    /** Each transactional producer's settings, by its client id. */
    private final Map<String, Map<String, Object>> producers = new ConcurrentHashMap<>();

    private final ScheduledExecutorService aborts =
            Background.thread("bouncewatch-transaction-aborts");

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return Admin.create(config);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        if (config.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG) != null) {
            producers.put(
                    String.valueOf(config.get(CommonClientConfigs.CLIENT_ID_CONFIG)),
                    new HashMap<>(config));
        }
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return consumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return consumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return consumer(config);
    }

    private static Consumer<byte[], byte[]> consumer(Map<String, Object> config) {
        return new KafkaConsumer<>(
                config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Aborts, in the background, the open transaction of the producer with this client id (a stream
     * thread that died), retrying until Kafka answers or {@link #close}. Nothing happens for a
     * producer that is not transactional (at-least-once).
     */
    void abortTransactionOf(String producerClientId) {
        Map<String, Object> config = producers.remove(producerClientId);
        if (config == null) {
            return;
        }
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, producerClientId + "-abort");
        aborts.execute(() -> abort(config));
    }

    private void abort(Map<String, Object> config) {
        Object id = config.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            // Starting with the same transactional id fences the dead producer; the coordinator
            // completes the abort of its open transaction before it answers.
            producer.initTransactions();
            LOG.info("aborted the open transaction of the replaced stream thread ({})", id);
        } catch (RetriableException e) {
            LOG.debug("Kafka did not answer; trying again to abort the transaction of {}", id);
            if (!aborts.isShutdown()) {
                aborts.schedule(() -> abort(config), RETRY.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (KafkaException e) {
            if (aborts.isShutdown()) {
                return; // closing: interrupted on purpose
            }
            LOG.warn(
                    "could not abort the transaction of the replaced stream thread ({}); the broker"
                            + " aborts it when it times out",
                    id,
                    e);
        }
    }

    /** Stops trying; a transaction not yet aborted is aborted by the broker when it times out. */
    void close() {
        aborts.shutdownNow();
    }
}
