package io.bouncewatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.broker.EmbeddedKafkaBroker;
import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.testing.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raw messages as a bounce mailbox hands them over, produced to email.dsn on a real broker with its
 * default limits: each recipient of a bounce or a feedback report counts against its mailbox, an
 * auto-reply counts nowhere, and what cannot be read, a message of 1 MiB and more among it, is a
 * whole dead letter with the reason while the stream goes on. The README's kcat example is run as
 * written.
 */
class RawMessagesIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "raw-messages";
    private static final String UPGRADED = "raw-messages-upgraded";

    @TempDir static Path brokerDir;
    private static EmbeddedKafkaBroker broker;

    @TempDir Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(brokerDir, 0);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private MonitorConfig config() {
        return config(PREFIX);
    }

    private MonitorConfig config(String prefix) {
        return MonitorSettings.resolve(
                MonitorSettings.of(broker.bootstrapServers(), dataDir, prefix));
    }

    private static String topic(String role) {
        return MonitorSettings.topic(PREFIX, role);
    }

    private static byte[] corpus(String file) {
        try (InputStream in =
                RawMessagesIT.class.getResourceAsStream("/corpus/sisimai/eml/" + file)) {
            if (in == null) {
                throw new IllegalStateException("no corpus message " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The message with lines of filler after its end, to {@code length} bytes in all. */
    private static byte[] padded(byte[] message, int length) {
        byte[] out = Arrays.copyOf(message, length);
        for (int i = message.length; i < length; i++) {
            out[i] = (byte) ((i - message.length) % 77 == 76 ? '\n' : 'x');
        }
        return out;
    }

    @Test
    void rawMessagesCountPerRecipientAndWhatCannotBeReadIsAWholeDeadLetter() throws Exception {
        byte[] twoFailed = corpus("lhost-postfix-02.eml");
        byte[] garbage = "this is\nno mail message\n".getBytes(StandardCharsets.UTF_8);
        // Exactly dsn.max-bytes: read, though the record is larger than the broker's default limit.
        byte[] largestRead = padded(twoFailed, 1024 * 1024);
        byte[] oversize = padded(twoFailed, 1024 * 1024 + 1);
        byte[] muchTooLarge = padded(twoFailed, 5 * 1024 * 1024);
        try (Monitor monitor = Monitor.start(config());
                KafkaProducer<byte[], byte[]> producer = producer();
                Reader deadLetters = new Reader(topic("dead-letters"))) {
            send(producer, null, twoFailed);
            send(producer, null, corpus("arf-16.eml"));
            send(producer, null, corpus("rfc3834-02.eml"));
            send(producer, "garbage@acme.io", garbage);
            send(producer, "big@acme.io", largestRead);
            send(producer, "over@acme.io", oversize);
            send(producer, "huge@acme.io", muchTooLarge);
            // The same bounce again, keyed by the mailbox it was fetched for: counted for her.
            send(producer, "Carol@ACME.io", twoFailed);
            runReadmesKcatCommand();

            await("every mailbox counted")
                    .atMost(PATIENCE)
                    .untilAsserted(
                            () -> {
                                assertThat(monitor.failed()).as("streams failed").isFalse();
                                JsonNode kijitora = mailbox(monitor, "kijitora@example.jp");
                                assertThat(kijitora.path("totalBounces").asLong()).isEqualTo(2);
                                JsonNode neko = mailbox(monitor, "neko@example.jp");
                                assertThat(neko.path("totalComplaints").asLong()).isEqualTo(7);
                                assertThat(neko.path("totalBounces").asLong()).isZero();
                                JsonNode autoReplied = mailbox(monitor, "kijitora@example.com");
                                assertThat(autoReplied.path("totalBounces").asLong()).isZero();
                                assertThat(autoReplied.path("totalComplaints").asLong()).isZero();
                                assertThat(autoReplied.path("status").asText())
                                        .isEqualTo("HEALTHY");
                                assertThat(
                                                mailbox(monitor, "big@acme.io")
                                                        .path("totalBounces")
                                                        .asLong())
                                        .isEqualTo(2);
                                assertThat(
                                                mailbox(monitor, "carol@acme.io")
                                                        .path("totalBounces")
                                                        .asLong())
                                        .isEqualTo(2);
                                assertThat(
                                                mailbox(monitor, "alice@acme.io")
                                                        .path("totalBounces")
                                                        .asLong())
                                        .as("the README's kcat example")
                                        .isEqualTo(2);
                            });
            assertThat(status(monitor, "garbage@acme.io")).isEqualTo(404);
            assertThat(status(monitor, "over@acme.io")).isEqualTo(404);

            await("three dead letters")
                    .atMost(PATIENCE)
                    .until(
                            () -> {
                                deadLetters.poll();
                                return deadLetters.records().size() >= 3;
                            });
            Map<String, ConsumerRecord<byte[], byte[]>> byKey = new LinkedHashMap<>();
            deadLetters
                    .records()
                    .forEach(r -> byKey.put(new String(r.key(), StandardCharsets.UTF_8), r));
            assertThat(byKey).containsOnlyKeys("garbage@acme.io", "over@acme.io", "huge@acme.io");
            assertThat(header(byKey.get("garbage@acme.io"), "bouncewatch.error.reason"))
                    .isEqualTo("not a mail message: no From, To, Subject or Content-Type header");
            assertThat(byKey.get("garbage@acme.io").value()).isEqualTo(garbage);
            assertThat(header(byKey.get("over@acme.io"), "bouncewatch.error.reason"))
                    .isEqualTo(
                            "message of 1048577 bytes is larger than the limit of 1048576 bytes");
            assertThat(byKey.get("over@acme.io").value()).isEqualTo(oversize);
            assertThat(header(byKey.get("huge@acme.io"), "bouncewatch.error.reason"))
                    .isEqualTo(
                            "message of 5242880 bytes is larger than the limit of 1048576 bytes");
            assertThat(byKey.get("huge@acme.io").value()).isEqualTo(muchTooLarge);
            for (ConsumerRecord<byte[], byte[]> r : deadLetters.records()) {
                assertThat(header(r, "bouncewatch.error.topic")).isEqualTo(topic("dsn"));
                assertThat(r.headers().lastHeader("bouncewatch.error.truncated")).isNull();
            }
            assertThat(monitor.failed()).isFalse();
        }
    }

    /**
     * The dead letters of an earlier release took records of the broker's default 1 MiB: the start
     * raises the limit, and a raw message of several MiB is still a whole dead letter.
     */
    @Test
    void deadLettersMadeByAnEarlierReleaseTakeAnOversizeMessageWholeAfterTheStart()
            throws Exception {
        String deadLetters = UPGRADED + ".dead-letters";
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(deadLetters, 6, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        byte[] oversize = padded(corpus("lhost-postfix-02.eml"), 3 * 1024 * 1024);
        try (Monitor monitor = Monitor.start(config(UPGRADED));
                KafkaProducer<byte[], byte[]> producer = producer();
                Reader reader = new Reader(deadLetters)) {
            producer.send(
                            new ProducerRecord<>(
                                    UPGRADED + ".dsn",
                                    "big@acme.io".getBytes(StandardCharsets.UTF_8),
                                    oversize))
                    .get();

            await("the dead letter")
                    .atMost(PATIENCE)
                    .until(
                            () -> {
                                reader.poll();
                                return !reader.records().isEmpty() || monitor.failed();
                            });
            assertThat(monitor.failed()).as("streams failed").isFalse();
            assertThat(reader.records())
                    .singleElement()
                    .satisfies(
                            r -> {
                                assertThat(r.value()).isEqualTo(oversize);
                                assertThat(header(r, "bouncewatch.error.reason"))
                                        .isEqualTo(
                                                "message of 3145728 bytes is larger than the limit of 1048576 bytes");
                            });
        }
    }

    /**
     * The README's example of producing an .eml file with kcat, as written but for this test's
     * broker and topic, from the repository's root (CI installs kcat, .ci/install-tools).
     */
    private static void runReadmesKcatCommand() throws IOException, InterruptedException {
        String command =
                Files.readAllLines(Repository.path("README.md")).stream()
                        .filter(line -> line.startsWith("kcat -P ") && line.contains("email.dsn"))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("the README has no kcat example"))
                        .replace("127.0.0.1:9092", broker.bootstrapServers())
                        .replace("-t email.dsn", "-t " + topic("dsn"));
        Process kcat =
                new ProcessBuilder("bash", "-c", command)
                        .directory(Repository.root().toFile())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kcat.waitFor()).as(command + "\n" + output).isZero();
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String key, byte[] message)
            throws Exception {
        producer.send(
                        new ProducerRecord<>(
                                topic("dsn"),
                                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                                message))
                .get();
    }

    /** A producer that may send records of several MiB, as a bounce mailbox's forwarder must. */
    private static KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private JsonNode mailbox(Monitor monitor, String mailbox) throws Exception {
        HttpResponse<String> response = get(monitor, mailbox);
        assertThat(response.statusCode()).as(mailbox + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private int status(Monitor monitor, String mailbox) throws Exception {
        return get(monitor, mailbox).statusCode();
    }

    private HttpResponse<String> get(Monitor monitor, String mailbox)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(
                                URI.create(
                                        "http://127.0.0.1:"
                                                + monitor.httpPort()
                                                + "/api/mailboxes/"
                                                + mailbox))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** A read_committed reader of every partition of a topic from its beginning. */
    private static final class Reader implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

        Reader(String topic) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer =
                    new KafkaConsumer<>(
                            props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(20)).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        void poll() {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }

        List<ConsumerRecord<byte[], byte[]>> records() {
            return records;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
