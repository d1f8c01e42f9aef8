package io.bouncewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bouncewatch.broker.EmbeddedKafkaBroker;
import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.runtime.KafkaTestClients;
import io.bouncewatch.runtime.Monitor;
import io.bouncewatch.whatif.FleetHistory;
import io.bouncewatch.whatif.FleetHistory.Recorded;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The most important property of {@code replay}: what a live monitor did with a history, the replay
 * of that history with the same settings does too. A monitor runs on a real broker while a history
 * of every kind of mailbox input (sends, bounces of every category, complaints, redeliveries,
 * operator commands, unreadable records) is published; then {@code replay} reads the same topics
 * and writes its status changes, which must be the live monitor's, change for change, mailbox by
 * mailbox and domain by domain.
 *
 * <p>The topics have one partition, so that the live monitor meets the inputs in one order, the
 * order replay uses (with several partitions the domain side meets its mailboxes' news in whatever
 * order the tasks send it). Three fields are computed from the wall clock at the moment the monitor
 * decides, where replay uses the record's timestamp: a cooldown's end, a route's end and the time
 * of a domain's change. They may differ by the time the monitor took to read the record, which the
 * test bounds; every other field is the same.
 */
class ReplayIT {

    private static final String PREFIX = "replayed";
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final long CLOCK_FIELDS_TOLERANCE_MILLIS = 30_000;
    private static final String LAST = "last@end.io";

    @TempDir static Path brokerDir;
    private static EmbeddedKafkaBroker broker;

    @TempDir Path dir;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(brokerDir, 0);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static final List<String> ROLES =
            List.of(
                    "sends",
                    "bounces",
                    "complaints",
                    "commands",
                    "dsn",
                    "status-changes",
                    "mailbox-status",
                    "domain-status",
                    "dead-letters",
                    "domain-blocks");

    private static String topic(String role) {
        return PREFIX + "." + role;
    }

    private Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String role : ROLES) {
            settings.put("topic." + role, topic(role));
        }
        return settings;
    }

    @Test
    void replayingWhatAMonitorProcessedReproducesTheStatusChangesItEmitted() throws Exception {
        createTopicsWithOnePartition();
        Map<String, String> live = settings();
        live.put("bootstrap.servers", broker.bootstrapServers());
        live.put("http.port", "0");
        live.put("data.dir", dir.resolve("data").toString());
        live.put("application.id", "it-" + PREFIX);
        List<Recorded> history = history();
        long first;
        try (Monitor monitor =
                        Monitor.start(
                                MonitorConfig.resolve(
                                        new MonitorConfig.Sources().commandLine(live)));
                KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers())) {
            first = publish(history);
            // One partition: when the domain of the last record has its health, the monitor has
            // decided everything before it, on both sides.
            await("the monitor has decided the whole history")
                    .atMost(PATIENCE)
                    .until(() -> kafka.latest(topic("domain-status")).containsKey("end.io"));
        }
        List<JsonNode> emitted;
        try (KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers())) {
            emitted =
                    kafka.readAll(topic("status-changes")).stream()
                            .map(r -> KafkaTestClients.json(r.value()))
                            .toList();
        }

        Path config = dir.resolve("replay.properties");
        Properties props = new Properties();
        props.putAll(settings());
        try (var out = Files.newOutputStream(config)) {
            props.store(out, "the topics the monitor ran with");
        }
        Path changes = dir.resolve("changes.jsonl");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                Main.execute(
                        new String[] {
                            "replay",
                            "--bootstrap-servers",
                            broker.bootstrapServers(),
                            "--config",
                            config.toString(),
                            "--from",
                            Instant.ofEpochMilli(first).toString(),
                            "--changes",
                            changes.toString(),
                            "--json"
                        },
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode result = KafkaTestClients.json(out.toString(StandardCharsets.UTF_8));
        List<JsonNode> replayed =
                Files.readAllLines(changes).stream().map(KafkaTestClients::json).toList();

        // The history exercised the rules, and the unreadable records were reported, not fatal.
        assertThat(emitted).hasSizeGreaterThan(30);
        assertThat(
                        emitted.stream()
                                .map(
                                        c ->
                                                c.get("entity").asText()
                                                        + " "
                                                        + c.get("reason").asText()))
                .contains(
                        "MAILBOX OPERATOR",
                        "DOMAIN UNHEALTHY_RATIO",
                        "ROUTE BLOCKED",
                        "ROUTE RATE_LIMITED")
                .anyMatch(r -> r.matches("MAILBOX (BOUNCE_RATE|BOUNCE_COUNT|EARLY_WARNING)"));
        assertThat(result.get("current").get("mailboxesPaused").asInt()).isPositive();
        assertThat(result.get("unreadable").asInt()).isPositive();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("@");
        assertThat(result.get("current").get("statusChanges").asInt()).isEqualTo(emitted.size());

        assertThat(byEntity(replayed)).isEqualTo(byEntity(emitted));
        assertClockFieldsClose(emitted, replayed);
    }

    /** Every input kind, with the timestamps left to the records (set when published). */
    private static List<Recorded> history() {
        List<Recorded> history = new ArrayList<>();
        for (Recorded r : FleetHistory.of(11, Instant.parse("2026-11-22T10:00:00Z"), 2_500)) {
            // Domain commands reach the domain by another path than the mailboxes' news, in an
            // order of their own: kept out so that one order decides.
            if (r.value().contains("\"domain\"")) {
                continue;
            }
            history.add(
                    new Recorded(
                            r.topic(),
                            r.key(),
                            r.value().replaceFirst("\"timestamp\":\"[^\"]*\",", ""),
                            0));
        }
        history.add(
                new Recorded(
                        "email.sends",
                        LAST,
                        "{\"eventId\":\"s-last\",\"mailbox\":\"" + LAST + "\"}",
                        0));
        return history;
    }

    /** Publishes in order, each record stamped now and after the one before; the first's time. */
    private static long publish(List<Recorded> history) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        long first = -1;
        long last = 0;
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (Recorded r : history) {
                long at = Math.max(System.currentTimeMillis(), last + 1);
                last = at;
                if (first < 0) {
                    first = at;
                }
                // email.sends -> replayed.sends, mailbox.commands -> replayed.commands, ...
                String target = topic(r.topic().substring(r.topic().indexOf('.') + 1));
                producer.send(new ProducerRecord<>(target, null, at, r.key(), r.value())).get();
            }
        }
        return first;
    }

    private static void createTopicsWithOnePartition() throws Exception {
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                broker.bootstrapServers()))) {
            admin.createTopics(
                            ROLES.stream()
                                    .map(role -> new NewTopic(topic(role), 1, (short) 1))
                                    .toList())
                    .all()
                    .get();
        }
    }

    /** Each mailbox's, domain's and route's changes in order, clock fields left out. */
    private static Map<String, List<String>> byEntity(List<JsonNode> changes) {
        return changes.stream()
                .collect(
                        Collectors.groupingBy(
                                c -> c.get("entity").asText() + " " + c.get("id").asText(),
                                LinkedHashMap::new,
                                Collectors.mapping(
                                        c -> withoutClockFields(c).toString(),
                                        Collectors.toList())));
    }

    private static JsonNode withoutClockFields(JsonNode change) {
        ObjectNode copy = change.deepCopy();
        String entity = change.get("entity").asText();
        if (entity.equals("MAILBOX")) {
            copy.remove("cooldownUntil");
        } else if (entity.equals("DOMAIN")) {
            copy.remove("at");
        } else {
            copy.remove("until");
            copy.remove("at");
        }
        return copy;
    }

    private static void assertClockFieldsClose(List<JsonNode> emitted, List<JsonNode> replayed) {
        Map<String, List<JsonNode>> live = group(emitted);
        Map<String, List<JsonNode>> again = group(replayed);
        live.forEach(
                (id, changes) -> {
                    for (int i = 0; i < changes.size(); i++) {
                        for (String field : List.of("cooldownUntil", "until", "at")) {
                            JsonNode a = changes.get(i).get(field);
                            JsonNode b = again.get(id).get(i).get(field);
                            if (a == null || a.isNull()) {
                                assertThat(b == null || b.isNull()).as(id + " " + field).isTrue();
                                continue;
                            }
                            long apart =
                                    Math.abs(
                                            Instant.parse(a.asText()).toEpochMilli()
                                                    - Instant.parse(b.asText()).toEpochMilli());
                            assertThat(apart)
                                    .as(id + " " + field + " " + a + " vs " + b)
                                    .isLessThanOrEqualTo(CLOCK_FIELDS_TOLERANCE_MILLIS);
                        }
                    }
                });
    }

    private static Map<String, List<JsonNode>> group(List<JsonNode> changes) {
        return changes.stream()
                .collect(
                        Collectors.groupingBy(
                                c -> c.get("entity").asText() + " " + c.get("id").asText(),
                                LinkedHashMap::new,
                                Collectors.toList()));
    }
}
