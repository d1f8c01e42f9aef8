package io.bouncewatch.faults;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bouncewatch.broker.EmbeddedKafkaBroker;
import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.runtime.KafkaTestClients;
import io.bouncewatch.runtime.Monitor;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broker restart: the only broker goes away while the monitor is processing and comes back on the
 * same data directory and port. The monitor has to recover by itself (the same {@link Monitor}, no
 * restart by hand), count every event exactly once and write no status change twice.
 */
class BrokerRestartIT {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerRestartIT.class);

    private static final String SENDS = "email.sends";
    private static final String BOUNCES = "email.bounces";

    /** Share of the traffic published before the outage; the rest follows the restart. */
    private static final double BEFORE_OUTAGE = 0.6;

    private static final Duration RECOVERY = Duration.ofSeconds(120);

    /**
     * Kafka client time-outs a tenth or so of their defaults (max.block.ms 60 s, request.timeout.ms
     * 30 s, delivery.timeout.ms 120 s, task.timeout.ms 5 min), so that a 25 s outage outlasts every
     * one of them, as an outage of several minutes would at the defaults: blocked transactional
     * calls time out, batches expire, the producer's transaction becomes abortable and the stream
     * thread dies of it. (The consumer session timeout stays at its default of 45 s: a replaced
     * thread's old consumer stays in the group that long, which is most of this test's recovery.)
     */
    private static final Map<String, String> SHORT_CLIENT_TIMEOUTS =
            Map.of(
                    "kafka.max.block.ms", "5000",
                    "kafka.request.timeout.ms", "3000",
                    "kafka.delivery.timeout.ms", "8000",
                    "kafka.task.timeout.ms", "10000");

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir Path dir;

    /**
     * Longer than the transaction timeout of exactly-once streams (10 s), shorter than the client
     * time-outs.
     */
    @Test
    void monitorRecoversByItselfFromABrokerOutage() throws Exception {
        outageAndRecovery(Duration.ofSeconds(15), Map.of(), 20_261_122L);
    }

    @Test
    void monitorRecoversByItselfFromAnOutageLongerThanItsKafkaClientTimeouts() throws Exception {
        outageAndRecovery(Duration.ofSeconds(25), SHORT_CLIENT_TIMEOUTS, 4_711L);
    }

    private void outageAndRecovery(Duration outage, Map<String, String> kafkaSettings, long seed)
            throws Exception {
        Traffic traffic = Traffic.generate(seed);
        int split = (int) (traffic.events().size() * BEFORE_OUTAGE);
        Path brokerDir = dir.resolve("broker");
        int port = freePort();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(brokerDir, port);
        Monitor monitor = null;
        KafkaProducer<String, String> producer = null;
        try {
            Map<String, String> settings = new LinkedHashMap<>(kafkaSettings);
            settings.put("bootstrap.servers", broker.bootstrapServers());
            settings.put("http.port", "0");
            settings.put("data.dir", dir.resolve("monitor").toString());
            settings.put("application.id", "broker-restart-it");
            monitor =
                    Monitor.start(
                            MonitorConfig.resolve(
                                    new MonitorConfig.Sources().commandLine(settings)));
            Monitor started = monitor;
            producer = producer(broker.bootstrapServers());
            ConcurrentLinkedQueue<Exception> sendFailures = new ConcurrentLinkedQueue<>();

            publish(producer, traffic.events().subList(0, split), sendFailures);
            assertThat(sendFailures).as("send failures before the outage").isEmpty();
            await("the monitor has started counting the first " + split + " events")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> countedLocally(started) > 0);

            LOG.info(
                    "stopping the broker with {} of {} published events counted in the monitor's stores",
                    countedLocally(monitor),
                    split);
            long downAt = System.nanoTime();
            broker.close();
            LOG.info(
                    "broker stopped after {} ms; keeping it down for {} s",
                    millisSince(downAt),
                    outage.toSeconds());

            Readiness readiness = new Readiness(monitor, downAt);
            await("the broker has been down for " + outage.toSeconds() + " s")
                    .atMost(outage.plusSeconds(30))
                    .pollInterval(Duration.ofMillis(250))
                    .until(
                            () -> {
                                readiness.observe();
                                return System.nanoTime() - downAt >= outage.toNanos();
                            });
            LOG.info("readiness during the outage: {}", readiness);

            long restartAt = System.nanoTime();
            broker = EmbeddedKafkaBroker.start(brokerDir, port);
            LOG.info("broker back on port {} after {} ms down", port, millisSince(downAt));

            publish(
                    producer,
                    traffic.events().subList(split, traffic.events().size()),
                    sendFailures);
            assertThat(sendFailures).as("send failures after the restart").isEmpty();

            Expectations expectations = new Expectations(traffic.totals());
            try (KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers())) {
                try {
                    await("every mailbox's totals are exactly what was produced")
                            .atMost(RECOVERY)
                            .pollInterval(Duration.ofSeconds(2))
                            .ignoreExceptions()
                            .failFast("the monitor's streams failed", started::failed)
                            .untilAsserted(
                                    () -> {
                                        readiness.observe();
                                        expectations.assertExactTotals(
                                                kafka.latest(Expectations.MAILBOX_STATUS));
                                    });
                } catch (ConditionTimeoutException e) {
                    throw new AssertionError(
                            e.getMessage() + "\n" + diagnosis(started, expectations, kafka), e);
                }
                // A rebalance may still follow: the replaced threads' members leave the group
                // when their session times out.
                await("the monitor reports ready again")
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> readiness.observe() == 200);
                LOG.info(
                        "recovered {} ms after the restart; readiness since the broker stopped: {};"
                                + " mailbox.status ends, read_committed/written: {}",
                        millisSince(restartAt),
                        readiness,
                        kafka.endOffsets(Expectations.MAILBOX_STATUS));

                assertThat(monitor)
                        .as("the same monitor, never restarted by hand")
                        .isSameAs(started);
                assertThat(monitor.failed()).as("the monitor's streams failed").isFalse();

                List<ConsumerRecord<String, String>> changes =
                        kafka.readAll(Expectations.STATUS_CHANGES);
                Expectations.assertCleanChains(changes);
                Map<String, List<String>> mailboxTransitions = new TreeMap<>();
                for (ConsumerRecord<String, String> r : changes) {
                    if (r.key().contains("@")) {
                        mailboxTransitions
                                .computeIfAbsent(r.key(), k -> new ArrayList<>())
                                .add(transition(KafkaTestClients.json(r.value())));
                    }
                }
                assertThat(mailboxTransitions)
                        .as("every mailbox's status changes, each exactly once")
                        .isEqualTo(traffic.transitions());
                Expectations.assertFinalStatusesMatchLastChange(
                        kafka.latest(Expectations.MAILBOX_STATUS), changes);
                await("domain.status agrees with mailbox.status")
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(
                                () -> {
                                    Map<String, JsonNode> domains =
                                            kafka.latest(Expectations.DOMAIN_STATUS);
                                    Expectations.assertDomainStatusesMatchLastChange(
                                            domains, kafka.readAll(Expectations.STATUS_CHANGES));
                                    Expectations.assertDomainsAgreeWithMailboxes(
                                            kafka.latest(Expectations.MAILBOX_STATUS), domains);
                                });
                assertThat(kafka.readAll(Expectations.DEAD_LETTERS)).as("dead letters").isEmpty();
            }
        } finally {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
            if (monitor != null) {
                monitor.close();
            }
            broker.close();
        }
    }

    /**
     * For the mailboxes that mailbox.status lacks or under-counts, what the monitor's own store
     * answers (right totals there: a status never written; wrong ones: events never counted), and
     * the ends of mailbox.status (a transaction left open holds read_committed readers back).
     */
    private static String diagnosis(
            Monitor monitor, Expectations expectations, KafkaTestClients kafka) {
        Expectations.Comparison c;
        try {
            c = expectations.compare(kafka.latest(Expectations.MAILBOX_STATUS));
        } catch (RuntimeException e) {
            return "no diagnosis: " + e;
        }
        List<String> wrong = new ArrayList<>(c.missing());
        wrong.addAll(c.under().keySet());
        StringBuilder out =
                new StringBuilder("the monitor's own answers for the mailboxes shown wrong:");
        for (String mailbox : wrong.subList(0, Math.min(10, wrong.size()))) {
            out.append("\n  ").append(mailbox).append(": ");
            try {
                HttpResponse<String> r =
                        get(monitor, "/api/mailboxes/" + URLEncoder.encode(mailbox, UTF_8));
                out.append(r.statusCode()).append(' ').append(r.body());
            } catch (IOException e) {
                out.append(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.append(e);
            }
        }
        out.append("\nmailbox.status ends, read_committed/written: ");
        try {
            out.append(kafka.endOffsets(Expectations.MAILBOX_STATUS));
        } catch (RuntimeException e) {
            out.append(e);
        }
        return out.toString();
    }

    private static String transition(JsonNode change) {
        return change.get("from").asText()
                + "->"
                + change.get("to").asText()
                + " by "
                + (change.hasNonNull("causeEventId") ? change.get("causeEventId").asText() : "-");
    }

    /**
     * Events counted in the monitor's own stores (uncommitted ones included); -1 when it does not
     * answer.
     */
    private static long countedLocally(Monitor monitor) {
        try {
            HttpResponse<String> response = get(monitor, "/api/mailboxes?limit=100000");
            if (response.statusCode() != 200) {
                return -1;
            }
            long sum = 0;
            for (JsonNode health : KafkaTestClients.json(response.body())) {
                sum += health.get("totalSends").asLong() + health.get("totalBounces").asLong();
            }
            return sum;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int ready(Monitor monitor) {
        try {
            return get(monitor, "/health/ready").statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static HttpResponse<String> get(Monitor monitor, String path)
            throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + monitor.httpPort() + path))
                        .timeout(Duration.ofSeconds(5))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static KafkaProducer<String, String> producer(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /**
     * Publishes in order, then flushes; a record that could not be written lands in {@code
     * failures}.
     */
    private static void publish(
            KafkaProducer<String, String> producer,
            List<Event> events,
            ConcurrentLinkedQueue<Exception> failures) {
        for (Event e : events) {
            producer.send(
                    new ProducerRecord<>(e.topic(), e.mailbox(), e.json()),
                    (metadata, error) -> {
                        if (error != null) {
                            failures.add(error);
                        }
                    });
        }
        producer.flush();
    }

    /** A port free now, so that the restarted broker can listen where the clients already look. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /**
     * The answers of /health/ready and the monitor's failed flag, each change with when it was
     * seen.
     */
    private static final class Readiness {
        private final Monitor monitor;
        private final long since;
        private final List<String> changes = new ArrayList<>();
        private String last;

        Readiness(Monitor monitor, long since) {
            this.monitor = monitor;
            this.since = since;
        }

        synchronized int observe() {
            int code = ready(monitor);
            String now = code + (monitor.failed() ? " (streams failed)" : "");
            if (!now.equals(last)) {
                changes.add(
                        String.format(
                                Locale.ROOT, "+%.1fs %s", (System.nanoTime() - since) / 1e9, now));
                last = now;
            }
            return code;
        }

        @Override
        public synchronized String toString() {
            return String.join(", ", changes);
        }
    }

    private record Event(String topic, String mailbox, String eventId, String json) {}

    /**
     * Seeded traffic: 1,000 mailboxes in 25 domains, 5 to 12 sends each (never the 60 from which
     * the rate rules apply, nor the 100 at which a window slides) and 0 to 7 HARD bounces,
     * interleaved at random, every event id unique. A mailbox therefore warns at its third bounce
     * (EARLY_WARNING) and pauses at its fifth (BOUNCE_COUNT), whatever the interleaving with its
     * sends: its status changes, with their cause event ids, are known in advance.
     */
    private record Traffic(
            List<Event> events,
            Map<String, Workload.Totals> totals,
            Map<String, List<String>> transitions) {

        private static final int MAILBOXES = 1_000;
        private static final int DOMAINS = 25;

        static Traffic generate(long seed) {
            Random random = new Random(seed);
            List<Event> events = new ArrayList<>();
            int id = 0;
            for (int i = 0; i < MAILBOXES; i++) {
                String mailbox = "mb" + i + "@d" + (i % DOMAINS) + ".restart.test";
                int sends = 5 + random.nextInt(8);
                int roll = random.nextInt(100);
                int bounces =
                        roll < 55
                                ? random.nextInt(3)
                                : roll < 80 ? 3 + random.nextInt(2) : 5 + random.nextInt(3);
                for (int s = 0; s < sends; s++) {
                    String eventId = "s-" + seed + "-" + id++;
                    events.add(
                            new Event(
                                    SENDS,
                                    mailbox,
                                    eventId,
                                    "{\"eventId\":\""
                                            + eventId
                                            + "\",\"mailbox\":\""
                                            + mailbox
                                            + "\",\"recipient\":\"r"
                                            + id
                                            + "@example.com\"}"));
                }
                for (int b = 0; b < bounces; b++) {
                    String eventId = "b-" + seed + "-" + id++;
                    events.add(
                            new Event(
                                    BOUNCES,
                                    mailbox,
                                    eventId,
                                    "{\"eventId\":\""
                                            + eventId
                                            + "\",\"mailbox\":\""
                                            + mailbox
                                            + "\",\"type\":\"HARD\",\"smtpCode\":550,\"enhancedStatus\":\"5.1.1\"}"));
                }
            }
            Collections.shuffle(events, random);

            Map<String, Workload.Totals> totals = new TreeMap<>();
            Map<String, List<String>> transitions = new TreeMap<>();
            for (Event e : events) {
                boolean bounce = e.topic().equals(BOUNCES);
                Workload.Totals t =
                        totals.merge(
                                e.mailbox(),
                                new Workload.Totals(bounce ? 0 : 1, bounce ? 1 : 0),
                                (a, b) ->
                                        new Workload.Totals(
                                                a.sends() + b.sends(), a.bounces() + b.bounces()));
                if (bounce && t.bounces() == 3) {
                    transitions
                            .computeIfAbsent(e.mailbox(), k -> new ArrayList<>())
                            .add("HEALTHY->WARNING by " + e.eventId());
                } else if (bounce && t.bounces() == 5) {
                    transitions
                            .computeIfAbsent(e.mailbox(), k -> new ArrayList<>())
                            .add("WARNING->PAUSED by " + e.eventId());
                }
            }
            LOG.info(
                    "traffic {}: {} events for {} mailboxes, {} mailbox status changes expected",
                    seed,
                    events.size(),
                    totals.size(),
                    transitions.values().stream().mapToInt(List::size).sum());
            return new Traffic(List.copyOf(events), totals, transitions);
        }
    }
}
