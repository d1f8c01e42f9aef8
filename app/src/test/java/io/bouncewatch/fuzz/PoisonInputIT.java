package io.bouncewatch.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.broker.EmbeddedKafkaBroker;
import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.fuzz.PoisonCheck.DeadLetter;
import io.bouncewatch.fuzz.PoisonCheck.Where;
import io.bouncewatch.fuzz.PoisonGenerator.Input;
import io.bouncewatch.fuzz.PoisonGenerator.Poison;
import io.bouncewatch.fuzz.PoisonGenerator.Totals;
import io.bouncewatch.runtime.Monitor;
import io.bouncewatch.runtime.MonitorSettings;
import io.bouncewatch.testing.KafkaHeaders;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.AbstractRecords;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Poison input against a real broker and a real monitor: seeded bad and tricky valid records on the
 * four input topics through a plain producer; afterwards the counts on mailbox.status and the dead
 * letters are exact, the streams still run and a last valid event is still counted.
 */
class PoisonInputIT {

    private static final long SEED = Long.getLong("poison.seed", 20261122L);
    private static final int RECORDS = Integer.getInteger("poison.it.records", 2_000);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path brokerDir;
    private static EmbeddedKafkaBroker broker;

    @TempDir Path dataDir;

    private String prefix;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(brokerDir, 0);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private MonitorConfig config(TestInfo test) {
        prefix =
                "poison-"
                        + test.getTestMethod()
                                .orElseThrow()
                                .getName()
                                .toLowerCase(Locale.ROOT)
                                .replaceAll("[^a-z0-9]", "")
                                .substring(0, 12)
                        + "-"
                        + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings =
                MonitorSettings.of(broker.bootstrapServers(), dataDir, prefix);
        settings.put("application.id", prefix);
        return MonitorSettings.resolve(settings);
    }

    private String topic(Input input) {
        return topic(input.name().toLowerCase(Locale.ROOT));
    }

    private String topic(String role) {
        return MonitorSettings.topic(prefix, role);
    }

    @Test
    void twoThousandMixedRecordsAreEachCountedOrDeadLetteredExactlyAndTheStreamGoesOn(TestInfo test)
            throws Exception {
        long started = System.nanoTime();
        PoisonGenerator generator = new PoisonGenerator(SEED, Instant.now(), 1_000_000, 80);
        List<Poison> records = generator.generate(RECORDS);
        List<Poison> bad = PoisonGenerator.bad(records);
        Map<String, Totals> expected = PoisonGenerator.expectedTotals(records);
        PoisonCheck check = new PoisonCheck(SEED);

        try (Monitor monitor = Monitor.start(config(test));
                KafkaProducer<byte[], byte[]> producer = producer();
                Reader deadLetters = new Reader(topic("dead-letters"));
                Reader status = new Reader(topic("mailbox-status"))) {
            long monitorUp = System.nanoTime();
            Map<Where, Poison> sent = new LinkedHashMap<>();
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (Poison p : records) {
                acks.add(producer.send(new ProducerRecord<>(topic(p.input()), p.key(), p.value())));
            }
            producer.flush();
            for (int i = 0; i < records.size(); i++) {
                RecordMetadata m = acks.get(i).get();
                sent.put(new Where(m.topic(), m.partition(), m.offset()), records.get(i));
            }

            Map<String, Totals> counted = new TreeMap<>();
            boolean settled =
                    awaitOrFail(
                            monitor,
                            Duration.ofSeconds(90),
                            () -> {
                                deadLetters.poll();
                                status.poll();
                                counted.clear();
                                counted.putAll(PoisonInputTest.totalsOf(latest(status.records())));
                                return deadLetters.records().size() >= bad.size()
                                        && counted.equals(expected);
                            });
            long processed = System.nanoTime();

            // The stream goes on: a valid event sent after all of that is counted.
            String last = "last-" + UUID.randomUUID().toString().substring(0, 8) + "@after.io";
            producer.send(
                            new ProducerRecord<>(
                                    topic(Input.SENDS),
                                    bytes(last),
                                    bytes("{\"eventId\":\"last\",\"mailbox\":\"" + last + "\"}")))
                    .get();
            boolean lastCounted =
                    awaitOrFail(
                            monitor,
                            PATIENCE,
                            () -> {
                                status.poll();
                                JsonNode m = latest(status.records()).get(last);
                                return m != null && m.get("totalSends").asLong() == 1;
                            });
            deadLetters.drainToEnd();

            List<DeadLetter> letters =
                    deadLetters.records().stream()
                            .map(r -> new DeadLetter(r.key(), r.value(), r.headers()))
                            .toList();
            check.deadLetters(sent, letters);
            if (letters.size() != bad.size()) {
                check.problems()
                        .add(
                                "dead letters: expected "
                                        + bad.size()
                                        + " (one per bad record), actual "
                                        + letters.size());
            }
            Map<String, Totals> finalTotals = PoisonInputTest.totalsOf(latest(status.records()));
            finalTotals.remove(last);
            check.totals("mailbox.status", expected, finalTotals);
            if (!settled) {
                check.problems().add("the counts and dead letters did not settle within 90 s");
            }
            if (!lastCounted) {
                check.problems()
                        .add("a valid send after the poison was not counted within " + PATIENCE);
            }
            if (monitor.failed()) {
                check.problems().add("the streams failed");
            }
            int ready = httpStatus(monitor, "/health/ready");
            if (ready != 200) {
                check.problems().add("/health/ready answered " + ready + " after the poison");
            }

            String summary =
                    records.size()
                            + " records ("
                            + bad.size()
                            + " bad, "
                            + (records.size() - bad.size())
                            + " valid over "
                            + expected.size()
                            + " mailboxes); monitor up in "
                            + (monitorUp - started) / 1_000_000
                            + " ms, all processed "
                            + (processed - monitorUp) / 1_000_000
                            + " ms after the first send";
            System.out.println(
                    "PoisonInputIT: " + summary + "\n" + PoisonInputTest.categories(records));
            assertThat(check.problems()).as(check.report(summary)).isEmpty();
        }
    }

    /**
     * A bad record the producer just accepted (its size a little under max.request.size) cannot be
     * written unchanged to the dead-letter topic once the four error headers are added. It must not
     * take the stream down: the next valid event is counted.
     */
    @Test
    void aBadRecordJustUnderTheSizeLimitDoesNotStopTheStream(TestInfo test) throws Exception {
        try (Monitor monitor = Monitor.start(config(test));
                KafkaProducer<byte[], byte[]> producer = producer();
                Reader deadLetters = new Reader(topic("dead-letters"));
                Reader status = new Reader(topic("mailbox-status"))) {
            byte[] key = bytes("big@size.io");
            int limit = 1_048_576; // max.request.size, the default of every producer including the
            // monitor's
            int length = limit - 300;
            while (estimate(key, length + 1, new Header[0]) <= limit - 16) {
                length++;
            }
            byte[] value = new byte[length];
            java.util.Arrays.fill(value, (byte) 'x');
            Header[] deadLetterHeaders = {
                KafkaHeaders.header(
                        PoisonCheck.REASON,
                        bytes(
                                "invalid JSON: Unrecognized token 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                                        + "xxxxxxxxxxxxxxxxxxxxxxxxxx...")),
                KafkaHeaders.header(PoisonCheck.TOPIC, bytes(topic(Input.SENDS))),
                KafkaHeaders.header(PoisonCheck.PARTITION, bytes("0")),
                KafkaHeaders.header(PoisonCheck.OFFSET, bytes("0")),
            };
            int asDeadLetter = estimate(key, length, deadLetterHeaders);
            RecordMetadata m;
            try {
                m = producer.send(new ProducerRecord<>(topic(Input.SENDS), key, value)).get();
            } catch (ExecutionException e) {
                throw new AssertionError(
                        "the test's producer refused "
                                + estimate(key, length, new Header[0])
                                + " bytes",
                        e);
            }
            String next = "next@size.io";
            producer.send(
                            new ProducerRecord<>(
                                    topic(Input.SENDS),
                                    bytes(next),
                                    bytes("{\"eventId\":\"s-next\",\"mailbox\":\"" + next + "\"}")))
                    .get();

            boolean counted =
                    awaitOrFail(
                            monitor,
                            PATIENCE,
                            () -> {
                                status.poll();
                                return latest(status.records()).containsKey(next);
                            });
            deadLetters.drainToEnd();
            assertThat(monitor.failed() || !counted)
                    .as(
                            "input: a %d-byte value ('xxx...', not JSON) on %s (record %d bytes, accepted by the producer "
                                    + "at %s); expected: a dead letter or at least a logged drop, and the next valid send "
                                    + "counted; actual: streams failed=%s, next send counted=%s, dead letters=%d "
                                    + "(the dead letter with its headers would be %d bytes > max.request.size %d)",
                            length,
                            topic(Input.SENDS),
                            estimate(key, length, new Header[0]),
                            m,
                            monitor.failed(),
                            counted,
                            deadLetters.records().size(),
                            asDeadLetter,
                            limit)
                    .isFalse();
        }
    }

    /**
     * An ISO-8601 timestamp whose year is beyond what epoch milliseconds hold parses, then
     * overflows: the ArithmeticException escapes the parser, the stream thread dies and the monitor
     * shuts its streams down (SHUTDOWN_CLIENT). Expected: a dead letter, like the year 2999.
     */
    @Test
    void anEventStampedInTheYear300000000IsADeadLetterAndTheStreamGoesOn(TestInfo test)
            throws Exception {
        try (Monitor monitor = Monitor.start(config(test));
                KafkaProducer<byte[], byte[]> producer = producer();
                Reader deadLetters = new Reader(topic("dead-letters"));
                Reader status = new Reader(topic("mailbox-status"))) {
            String json =
                    "{\"eventId\":\"s-y\",\"mailbox\":\"year@edge.io\",\"timestamp\":\"+300000000-01-01T00:00:00Z\"}";
            producer.send(
                            new ProducerRecord<>(
                                    topic(Input.SENDS), bytes("year@edge.io"), bytes(json)))
                    .get();
            String next = "next@edge.io";
            producer.send(
                            new ProducerRecord<>(
                                    topic(Input.SENDS),
                                    bytes(next),
                                    bytes("{\"eventId\":\"s-next\",\"mailbox\":\"" + next + "\"}")))
                    .get();

            // The two mailboxes may sit on partitions of different stream threads, which commit
            // apart.
            boolean counted =
                    awaitOrFail(
                            monitor,
                            PATIENCE,
                            () -> {
                                status.poll();
                                deadLetters.poll();
                                return latest(status.records()).containsKey(next)
                                        && !deadLetters.records().isEmpty();
                            });
            deadLetters.drainToEnd();
            assertThat(monitor.failed() || !counted || deadLetters.records().size() != 1)
                    .as(
                            "input %s on %s; expected: one dead letter and the next valid send counted; actual: streams "
                                    + "failed=%s, next send counted=%s, dead letters=%d, /health/ready=%d",
                            json,
                            topic(Input.SENDS),
                            monitor.failed(),
                            counted,
                            deadLetters.records().size(),
                            httpStatus(monitor, "/health/ready"))
                    .isFalse();
        }
    }

    /**
     * A producer may send CreateTime -1. Kafka's default timestamp extractor throws on it, the
     * monitor shuts its streams down, and every restart fails on the same record. Expected: the
     * record is counted as an invalid timestamp and as a send, later records still count, and a
     * restart on the same state works.
     */
    @Test
    void aRecordStampedMinusOneIsCountedAndTheMonitorGoesOnAndStartsAgain(TestInfo test)
            throws Exception {
        MonitorConfig config = config(test);
        String mailbox = "minus-one@edge.io";
        try (Monitor monitor = Monitor.start(config);
                KafkaProducer<byte[], byte[]> producer = producer();
                Reader sends = new Reader(topic(Input.SENDS));
                Reader status = new Reader(topic("mailbox-status"))) {
            producer.send(
                            stampedMinusOne(
                                    new ProducerRecord<>(
                                            topic(Input.SENDS),
                                            bytes(mailbox),
                                            bytes(
                                                    "{\"eventId\":\"s-1\",\"mailbox\":\""
                                                            + mailbox
                                                            + "\"}"))))
                    .get();
            producer.send(
                            new ProducerRecord<>(
                                    topic(Input.SENDS),
                                    bytes(mailbox),
                                    bytes("{\"eventId\":\"s-2\",\"mailbox\":\"" + mailbox + "\"}")))
                    .get();
            await("both sends on the broker")
                    .atMost(PATIENCE)
                    .until(
                            () -> {
                                sends.poll();
                                return sends.records().size() == 2;
                            });
            assertThat(sends.records().get(0).timestamp())
                    .as("the broker kept CreateTime -1")
                    .isEqualTo(-1L);

            boolean counted =
                    awaitOrFail(
                            monitor,
                            PATIENCE,
                            () -> {
                                status.poll();
                                JsonNode health = latest(status.records()).get(mailbox);
                                return health != null && health.get("totalSends").asInt() == 2;
                            });
            assertThat(monitor.failed() || !counted)
                    .as(
                            "expected: both sends counted, the streams running; actual: streams failed=%s, counted=%s",
                            monitor.failed(), counted)
                    .isFalse();
            await("the invalid timestamp counted in /metrics")
                    .atMost(PATIENCE)
                    .until(
                            () ->
                                    counter(
                                                    monitor,
                                                    "kafka_stream_bouncewatch_invalid_timestamps_total")
                                            == 1.0);
        }

        try (Monitor again = Monitor.start(config);
                KafkaProducer<byte[], byte[]> producer = producer();
                Reader status = new Reader(topic("mailbox-status"))) {
            producer.send(
                            new ProducerRecord<>(
                                    topic(Input.SENDS),
                                    bytes(mailbox),
                                    bytes("{\"eventId\":\"s-3\",\"mailbox\":\"" + mailbox + "\"}")))
                    .get();
            boolean counted =
                    awaitOrFail(
                            again,
                            PATIENCE,
                            () -> {
                                status.poll();
                                JsonNode health = latest(status.records()).get(mailbox);
                                return health != null && health.get("totalSends").asInt() == 3;
                            });
            assertThat(again.failed() || !counted)
                    .as(
                            "after a restart, expected: the third send counted; actual: streams failed=%s, counted=%s",
                            again.failed(), counted)
                    .isFalse();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static int estimate(byte[] key, int valueLength, Header[] headers) {
        return AbstractRecords.estimateSizeInBytesUpperBound(
                RecordBatch.CURRENT_MAGIC_VALUE,
                CompressionType.NONE,
                key,
                new byte[valueLength],
                headers);
    }

    /** Waits for the condition; false on time-out or as soon as the streams have failed. */
    private static boolean awaitOrFail(
            Monitor monitor, Duration patience, BooleanSupplier condition) {
        try {
            await("the condition, or the streams failing")
                    .atMost(patience)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> condition.getAsBoolean() || monitor.failed());
        } catch (ConditionTimeoutException e) {
            return false;
        }
        return condition.getAsBoolean();
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static Map<String, JsonNode> latest(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                out.remove(key);
            } else {
                try {
                    out.put(key, JSON.readTree(r.value()));
                } catch (IOException e) {
                    throw new IllegalStateException("mailbox.status value is not JSON: " + key, e);
                }
            }
        }
        return out;
    }

    /**
     * The Java producer refuses a negative timestamp in ProducerRecord's constructor but sends what
     * the record holds; librdkafka clients such as kcat stamp every record with the time. So the
     * record is built without one and given -1 (NO_TIMESTAMP) afterwards.
     */
    private static ProducerRecord<byte[], byte[]> stampedMinusOne(
            ProducerRecord<byte[], byte[]> record) throws ReflectiveOperationException {
        Field timestamp = ProducerRecord.class.getDeclaredField("timestamp");
        timestamp.setAccessible(true);
        timestamp.set(record, RecordBatch.NO_TIMESTAMP);
        return record;
    }

    /** The sum of a counter's series (one per stream thread) in the monitor's /metrics. */
    private static double counter(Monitor monitor, String name)
            throws IOException, InterruptedException {
        String body =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://127.0.0.1:"
                                                                + monitor.httpPort()
                                                                + "/metrics"))
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
        return body.lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static int httpStatus(Monitor monitor, String path) {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    "http://127.0.0.1:"
                                                            + monitor.httpPort()
                                                            + path))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A read_committed reader of one topic from its beginning that keeps what it has read. */
    private static final class Reader implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<TopicPartition> partitions;
        private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

        Reader(String topic) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
            props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 16 * 1024 * 1024);
            consumer =
                    new KafkaConsumer<>(
                            props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(20)).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        void poll() {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }

        /** Reads up to the current end of every partition. */
        void drainToEnd() {
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                poll();
            }
        }

        List<ConsumerRecord<byte[], byte[]>> records() {
            return records;
        }

        @Override
        public void close() {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }
}
