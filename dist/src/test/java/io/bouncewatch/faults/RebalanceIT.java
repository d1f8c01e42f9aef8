package io.bouncewatch.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bouncewatch.broker.EmbeddedKafkaBroker;
import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.runtime.KafkaTestClients;
import io.bouncewatch.runtime.Monitor;
import io.bouncewatch.testing.LocalHttp;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A second instance joins while the first is busy, takes over part of the work, and leaves again
 * while records are still coming: every event is counted exactly once and every transition written
 * once, whichever instance decided it, and both instances answer queries throughout with 200 or 503
 * (while rebalancing), never an error.
 *
 * <p>Instance A runs all along (standby replicas 1). A seeded workload of 30,000 sends and HARD
 * bounces over 3,000 mailboxes in 60 domains is published as a warm-up, then three parts: B joins a
 * third of the way through part 1, B leaves (closed cleanly) a third of the way through part 2, and
 * part 3 is published with A alone.
 *
 * <p>Meanwhile a probe asks both instances for 40 mailboxes known since a warm-up, every few
 * milliseconds: the only acceptable answers are 200 and 503. Kafka Streams' close does not leave
 * the consumer group, so A takes B's partitions over only when B's session expires (45 s by
 * default); until then A answers 503 for B's keys and B's records wait. That wait is most of this
 * test's minute and a half.
 */
class RebalanceIT {

    private static final Logger LOG = LoggerFactory.getLogger(RebalanceIT.class);

    private static final long SEED = 4_242_026L;
    private static final String APPLICATION_ID = "rebalance-it";
    private static final int WARM_UP = 1_500;
    private static final int PROBED_MAILBOXES = 40;
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    /**
     * Pause between two rounds of queries (one per instance): quick enough to see short rebalance
     * windows.
     */
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(5);

    @TempDir Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anInstanceJoiningAndLeavingMidStreamLosesNoEventAndRepeatsNoTransition() throws Exception {
        long testStart = System.nanoTime();
        Workload workload = Workload.generate(SEED, 3_000, 60, 30_000);
        Expectations expectations = new Expectations(workload.expectedTotals());
        int part1 = WARM_UP + (workload.size() - WARM_UP) / 3;
        int part2 = WARM_UP + 2 * (workload.size() - WARM_UP) / 3;
        LOG.info(
                "RebalanceIT: {}; warm-up {} events, parts end at {}, {}, {}",
                workload,
                WARM_UP,
                part1,
                part2,
                workload.size());

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0);
                KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers());
                InputProgress progress =
                        new InputProgress(
                                broker.bootstrapServers(),
                                APPLICATION_ID,
                                List.of("email.sends", "email.bounces"))) {
            // The instances are closed before the broker: a monitor without its broker takes 30 s
            // to close.
            Monitor a = Monitor.start(config(broker, "a", 0));
            Monitor b = null;
            try {
                int portA = a.httpPort();

                // Warm-up, so the probed mailboxes exist before anything moves: a 404 later is a
                // lost mailbox.
                publish(workload, kafka, 0, WARM_UP);
                await("A has committed the warm-up")
                        .atMost(PATIENCE)
                        .failFast("A's streams failed", a::failed)
                        .until(progress::snapshot, s -> s.lag() == 0);
                List<String> probed = firstMailboxes(workload, WARM_UP, PROBED_MAILBOXES);
                await("A answers 200 for the " + probed.size() + " probed mailboxes")
                        .atMost(PATIENCE)
                        .until(
                                () ->
                                        probed.stream()
                                                .allMatch(
                                                        m ->
                                                                LocalHttp.status(
                                                                                http,
                                                                                portA,
                                                                                "/api/mailboxes/"
                                                                                        + m)
                                                                        == 200));

                try (MailboxProbe probe = new MailboxProbe(probed, PROBE_INTERVAL)) {
                    probe.watch("A", portA);
                    probe.phase("part 1, A alone");

                    // Part 1; B joins a third of the way through.
                    publish(workload, kafka, WARM_UP, part1);
                    awaitAThirdOfTheBacklog(progress, "before B joins");
                    InputProgress.Snapshot atJoin = progress.snapshot();
                    int portB = MonitorProcess.freePort();
                    probe.watch("B", portB);
                    probe.phase("B joining");
                    long joinStart = System.nanoTime();
                    b = Monitor.start(config(broker, "b", portB));
                    long joinMs = millisSince(joinStart);
                    LOG.info("RebalanceIT: B joined at {}, RUNNING after {} ms", atJoin, joinMs);
                    assertThat(atJoin.lag()).as("B joins mid-stream").isPositive();

                    // Part 2; B has to take a share of the work, then leaves a third of the way
                    // through.
                    probe.phase("part 2, A and B");
                    publish(workload, kafka, part1, part2);
                    await("both instances hold input partitions")
                            .atMost(PATIENCE)
                            .pollInterval(Duration.ofMillis(200))
                            .until(progress::membersWithInputPartitions, n -> n == 2);
                    awaitAThirdOfTheBacklog(progress, "before B leaves");
                    InputProgress.Snapshot atLeave = progress.snapshot();
                    probe.phase("B leaving");
                    long leaveStart = System.nanoTime();
                    b.close();
                    long leaveMs = millisSince(leaveStart);
                    LOG.info("RebalanceIT: B left at {}, closed in {} ms", atLeave, leaveMs);
                    assertThat(atLeave.lag()).as("B leaves mid-stream").isPositive();

                    // Part 3 with A alone.
                    probe.phase("part 3, after B left");
                    long aloneStart = System.nanoTime();
                    publish(workload, kafka, part2, workload.size());
                    await("A has committed every input record")
                            .atMost(PATIENCE)
                            .pollInterval(Duration.ofMillis(200))
                            .failFast("A's streams failed", a::failed)
                            .until(progress::snapshot, s -> s.lag() == 0);
                    long drainedMs = millisSince(aloneStart);
                    probe.phase("all input committed, checking the outputs");
                    Expectations.Outcome outcome =
                            expectations.awaitExactlyOnceOutputs(kafka, PATIENCE);

                    Map<String, Map<Integer, Integer>> codes = probe.codes();
                    LOG.info(
                            "RebalanceIT: {} events; B joined (RUNNING after {} ms) and left (closed in {} ms) "
                                    + "mid-stream; A alone committed the rest {} ms after B left; {}; HTTP answers "
                                    + "per instance (code=count, -1 = not listening): {}; answers neither 200 nor "
                                    + "503: {}; done in {} s",
                            workload.size(),
                            joinMs,
                            leaveMs,
                            drainedMs,
                            outcome,
                            codes,
                            probe.oddAnswers(),
                            millisSince(testStart) / 1000.0);
                    for (String instance : List.of("A", "B")) {
                        Set<Integer> answered =
                                new LinkedHashSet<>(
                                        codes.getOrDefault(instance, Map.of()).keySet());
                        answered.remove(-1);
                        assertThat(answered)
                                .as(
                                        "HTTP answers of %s for mailboxes known since the warm-up; the "
                                                + "others: %s",
                                        instance, probe.oddAnswers())
                                .isSubsetOf(200, 503)
                                .contains(200);
                    }
                }
            } finally {
                if (b != null) {
                    b.close();
                }
                a.close();
            }
        }
    }

    private MonitorConfig config(EmbeddedKafkaBroker broker, String name, int httpPort) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", broker.bootstrapServers());
        settings.put("http.port", Integer.toString(httpPort));
        settings.put("data.dir", dir.resolve(name).toString());
        settings.put("application.id", APPLICATION_ID);
        settings.put("num.standby.replicas", "1");
        // One consumer per instance, so that group members are instances: "both hold input
        // partitions".
        settings.put("num.stream.threads", "1");
        // Many small transactions, so that B joins and leaves between two of them however fast the
        // monitors work through a part.
        settings.put("commit.interval", "10ms");
        settings.put("commit.max-interval", "10ms");
        settings.put("kafka.max.poll.records", "100");
        return MonitorConfig.resolve(new MonitorConfig.Sources().commandLine(settings));
    }

    private static void publish(Workload workload, KafkaTestClients kafka, int from, int to) {
        workload.publish(kafka, from, to);
        kafka.flush();
    }

    private static void awaitAThirdOfTheBacklog(InputProgress progress, String when) {
        InputProgress.Snapshot now = progress.snapshot();
        long target = now.committed() + now.lag() / 3;
        await("a third of the backlog committed " + when + " (input offsets " + target + ")")
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> progress.snapshot().committed() >= target);
    }

    private static List<String> firstMailboxes(Workload workload, int within, int count) {
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < within && out.size() < count; i++) {
            out.add(workload.events().get(i).mailbox());
        }
        return List.copyOf(out);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
