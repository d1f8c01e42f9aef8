package io.bouncewatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bouncewatch.broker.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream thread that dies while the broker is away leaves its transaction open, and readers of
 * committed records cannot get past it. {@link ThreadTransactions} aborts it with a producer of the
 * same transactional id, long before the broker would time it out.
 */
class ThreadTransactionsIT {

    private static final String TOPIC = "thread-transactions";
    private static final String PRODUCER = "app-1-StreamThread-1-producer";

    @TempDir Path dir;

    @Test
    void theOpenTransactionOfAReplacedThreadIsAbortedAndReadersGetPastIt() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0);
                Admin admin =
                        Admin.create(
                                Map.of(
                                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                        broker.bootstrapServers()));
                KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
            ThreadTransactions clients = new ThreadTransactions();
            // As Kafka Streams configures a stream thread's producer under exactly-once; the
            // broker would abort its transaction only after ten minutes.
            Producer<byte[], byte[]> dead =
                    clients.getProducer(
                            Map.of(
                                    CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                                    broker.bootstrapServers(),
                                    CommonClientConfigs.CLIENT_ID_CONFIG,
                                    PRODUCER,
                                    ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                                    "app-1",
                                    ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                                    (int) Duration.ofMinutes(10).toMillis()));
            try {
                dead.initTransactions();
                dead.beginTransaction();
                dead.send(record("in the open transaction")).get();
                kafka.publish(TOPIC, "k", "after it");
                kafka.flush();
                assertThat(kafka.endOffsets(TOPIC))
                        .as("read_committed/written: the open transaction holds readers back")
                        .containsEntry(0, "0/2");

                clients.abortTransactionOf(PRODUCER);

                await("the open transaction is aborted")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> kafka.endOffsets(TOPIC).get(0), "3/3"::equals);
                assertThat(kafka.readAll(TOPIC))
                        .extracting(ConsumerRecord::value)
                        .containsExactly("after it");
            } finally {
                dead.close(Duration.ZERO);
                clients.close();
            }
        }
    }

    private static ProducerRecord<byte[], byte[]> record(String value) {
        return new ProducerRecord<>(
                TOPIC,
                "k".getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }
}
