package io.bouncewatch.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class EmbeddedKafkaBrokerIT {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBrokerIT.class);
    private static final String TOPIC = "bounce-events";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir Path dataDir;

    @Test
    void producesAndConsumesPlainAndTransactionalRecords() throws Exception {
        try (EmbeddedKafkaBroker broker = timedStart("cold start", 0)) {
            assertThat(broker.port()).isPositive();
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());

            createTopic(broker);
            produce(broker, "plain");
            produceTransactionally(broker, "transactional");

            assertThat(readValues(broker, 2)).containsExactly("plain", "transactional");
        }
    }

    @Test
    void restartOnTheSameDirectoryKeepsTopicsAndRecords() throws Exception {
        EmbeddedKafkaBroker first = timedStart("cold start", 0);
        int port = first.port();
        try (first) {
            createTopic(first);
            produce(first, "before-restart");
        }
        // Closing twice must be harmless: the service may close from both a shutdown hook and a
        // finally block.
        first.close();

        // Same port, but the controller port is picked afresh: the static quorum must not pin the
        // old one.
        try (EmbeddedKafkaBroker second = timedStart("restart", port)) {
            assertThat(second.port()).isEqualTo(port);
            try (Admin admin = admin(second)) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(TOPIC);
            }
            assertThat(readValues(second, 1)).containsExactly("before-restart");

            produce(second, "after-restart");
            assertThat(readValues(second, 2)).containsExactly("before-restart", "after-restart");
        }
    }

    @Test
    void portAlreadyInUseFailsFastNamingThePort() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = busy.getLocalPort();

            assertThatThrownBy(
                            () -> {
                                try (EmbeddedKafkaBroker unexpected =
                                        EmbeddedKafkaBroker.start(dataDir, port)) {
                                    LOG.error("Broker started on busy port {}", unexpected.port());
                                }
                            })
                    .isInstanceOf(BrokerStartException.class)
                    .hasMessageContaining(
                            "embedded.kafka.port " + port + " is already in use on 127.0.0.1");
            assertThat(dataDir.resolve("kafka")).doesNotExist();
        }
    }

    private EmbeddedKafkaBroker timedStart(String what, int port) {
        long startedAt = System.nanoTime();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, port);
        LOG.info(
                "Embedded broker {} took {} ms", what, (System.nanoTime() - startedAt) / 1_000_000);
        return broker;
    }

    private static Admin admin(EmbeddedKafkaBroker broker) {
        return Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static void createTopic(EmbeddedKafkaBroker broker) throws Exception {
        try (Admin admin = admin(broker)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static void produce(EmbeddedKafkaBroker broker, String value) throws Exception {
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(producerConfig(broker, Map.of()))) {
            producer.send(new ProducerRecord<>(TOPIC, "key", value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static void produceTransactionally(EmbeddedKafkaBroker broker, String value) {
        Map<String, Object> transactional =
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-broker-it");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(producerConfig(broker, transactional))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(TOPIC, "key", value));
            producer.commitTransaction();
        }
    }

    private static Map<String, Object> producerConfig(
            EmbeddedKafkaBroker broker, Map<String, Object> extra) {
        Map<String, Object> config =
                new HashMap<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                                        StringSerializer.class));
        config.putAll(extra);
        return config;
    }

    private static List<String> readValues(EmbeddedKafkaBroker broker, int expected) {
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers(),
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                        StringDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                        StringDeserializer.class,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            await().atMost(TIMEOUT)
                    .untilAsserted(
                            () -> {
                                for (ConsumerRecord<String, String> record :
                                        consumer.poll(Duration.ofMillis(200))) {
                                    values.add(record.value());
                                }
                                assertThat(values).hasSizeGreaterThanOrEqualTo(expected);
                            });
        }
        return values;
    }
}
