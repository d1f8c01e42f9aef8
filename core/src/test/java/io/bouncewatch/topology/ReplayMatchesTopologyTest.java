package io.bouncewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.dsn.BounceMessageParser;
import io.bouncewatch.input.Decoded;
import io.bouncewatch.input.InputDecoder;
import io.bouncewatch.payload.PayloadWriter;
import io.bouncewatch.rules.RuleSetting;
import io.bouncewatch.rules.RuleSettings;
import io.bouncewatch.whatif.FleetHistory;
import io.bouncewatch.whatif.FleetHistory.Recorded;
import io.bouncewatch.whatif.Replay;
import io.bouncewatch.whatif.ReplayOutcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The replay decides as the monitor does: a history run through the real topology, its wall clock
 * stepped a second at a time to each record's time, emits exactly the status changes that the
 * replay of the same records emits, byte for byte, with short cooldowns, routes, config cooldowns
 * and dormancy so that every deadline the wall clock ends happens many times.
 */
class ReplayMatchesTopologyTest {

    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    private static final Duration STEP = Duration.ofSeconds(1);

    static RuleSettings shortTimes() {
        Map<String, Object> values = new HashMap<>();
        RuleSetting.ALL.forEach(s -> values.put(s.key(), s.typedDefault()));
        values.put("cooldown.duration", Duration.ofMinutes(3));
        values.put("cooldown.max", Duration.ofMinutes(20));
        values.put("cooldown.escalation-window", Duration.ofMinutes(30));
        values.put("healing.probation-sends", 5);
        values.put("route.throttle-backoff", Duration.ofMinutes(1));
        values.put("route.throttle-max-backoff", Duration.ofMinutes(8));
        values.put("route.block-duration", Duration.ofMinutes(10));
        values.put("domain.config-cooldown", Duration.ofMinutes(5));
        values.put("domain.inactive-after", Duration.ofMinutes(40));
        return RuleSettings.from(values);
    }

    @Test
    void theReplayEmitsExactlyTheStatusChangesOfTheTopology() {
        RuleSettings rules = shortTimes();
        List<Recorded> history = FleetHistory.of(7, START, 6_000);
        long end = history.get(history.size() - 1).timestamp() + Duration.ofHours(1).toMillis();

        List<String> live = throughTopology(rules, history, end);

        List<Replay.Input> inputs = new ArrayList<>();
        InputDecoder decoder = new InputDecoder(new BounceMessageParser());
        Map<String, io.bouncewatch.input.InputKind> kinds = Topics.DEFAULTS.inputKinds();
        for (Recorded r : history) {
            for (Decoded d :
                    decoder.decode(
                            kinds.get(r.topic()),
                            r.key().getBytes(StandardCharsets.UTF_8),
                            r.value().getBytes(StandardCharsets.UTF_8),
                            r.timestamp(),
                            r.timestamp())) {
                inputs.add(new Replay.Input(r.timestamp(), d));
            }
        }
        List<String> replayed = new ArrayList<>();
        ReplayOutcome outcome =
                Replay.run(
                        inputs,
                        end,
                        rules,
                        c ->
                                replayed.add(
                                        new String(
                                                PayloadWriter.write(c), StandardCharsets.UTF_8)));

        // The history must exercise what the wall clock ends, or the comparison proves little.
        assertThat(String.join("\n", live))
                .contains("\"reason\":\"COOLDOWN_EXPIRED\"")
                .contains("\"reason\":\"EXPIRED\"")
                .contains("\"reason\":\"CONFIG_FAILURE\"")
                .contains("\"entity\":\"DOMAIN\"")
                .contains("\"reason\":\"OPERATOR\"");
        assertThat(outcome.mailboxesPaused()).isPositive();
        assertThat(live).hasSizeGreaterThan(300);
        assertThat(replayed).containsExactlyElementsOf(live);
    }

    /** The status changes of the topology, its wall clock at each record's time. */
    private static List<String> throughTopology(
            RuleSettings rules, List<Recorded> history, long end) {
        TopologySettings settings =
                new TopologySettings(Topics.DEFAULTS, rules, Duration.ofSeconds(1), 0);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bouncewatch-replay-" + UUID.randomUUID());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Path.of("target", "kafka-streams-tests").toAbsolutePath().toString());
        List<String> out = new ArrayList<>();
        try (TopologyTestDriver driver =
                new TopologyTestDriver(MonitorTopology.build(settings), props, START)) {
            ByteArraySerializer bytes = new ByteArraySerializer();
            Map<String, org.apache.kafka.streams.TestInputTopic<byte[], byte[]>> inputs =
                    new HashMap<>();
            for (String topic : Topics.DEFAULTS.inputs()) {
                inputs.put(topic, driver.createInputTopic(topic, bytes, bytes));
            }
            var changes =
                    driver.createOutputTopic(
                            Topics.DEFAULTS.statusChanges(),
                            new StringDeserializer(),
                            new ByteArrayDeserializer());
            long clock = START.toEpochMilli();
            for (Recorded r : history) {
                clock = stepTo(driver, clock, r.timestamp());
                inputs.get(r.topic())
                        .pipeInput(
                                new TestRecord<>(
                                        r.key().getBytes(StandardCharsets.UTF_8),
                                        r.value().getBytes(StandardCharsets.UTF_8),
                                        null,
                                        r.timestamp()));
                drain(changes, out);
            }
            stepTo(driver, clock, end);
            drain(changes, out);
        }
        return out;
    }

    private static long stepTo(TopologyTestDriver driver, long clock, long to) {
        while (clock < to) {
            driver.advanceWallClockTime(STEP);
            clock += STEP.toMillis();
        }
        return clock;
    }

    private static void drain(
            org.apache.kafka.streams.TestOutputTopic<String, byte[]> changes, List<String> out) {
        while (!changes.isEmpty()) {
            out.add(new String(changes.readValue(), StandardCharsets.UTF_8));
        }
    }
}
