package io.bouncewatch.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bouncewatch.broker.EmbeddedKafkaBroker;
import io.bouncewatch.runtime.KafkaTestClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packaged program killed with SIGKILL in the middle of a stream, again and again, and started
 * again on the same data directory: under exactly-once processing every event must be counted
 * exactly once and every status transition written exactly once, as if nothing had happened.
 *
 * <p>The broker runs in this JVM and survives; only the monitor dies. A seeded workload of 30,000
 * sends and HARD bounces over 3,000 mailboxes in 60 domains is published in five batches, with a
 * kill during each of the first four:
 *
 * <ol>
 *   <li>once the monitor has committed a third of batch 1 (an open transaction is cut off),
 *   <li>batch 2 is published while the monitor is down; it is killed again while it works through
 *       the backlog after the restart,
 *   <li>right after batch 3 is flushed, before the monitor caught up,
 *   <li>once the monitor has committed a third of batch 4,
 * </ol>
 *
 * and after batch 5 the last start must bring mailbox.status to the exact totals. Each kill is
 * shown to have interrupted work: the group's committed input offsets are behind the published ones
 * once the process is gone.
 *
 * <p>The program runs with {@code session.timeout.ms=6000} (the broker's minimum): Kafka Streams
 * keeps a dead member in the group until its session expires (45 s by default), and each restart
 * would wait that long before it gets its tasks back.
 */
class CrashIT {

    private static final Logger LOG = LoggerFactory.getLogger(CrashIT.class);

    private static final long SEED = 20_261_122L;
    private static final String APPLICATION_ID = "crash-it";
    private static final int BATCHES = 5;
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir Path dir;

    private enum KillMoment {
        AFTER_PARTIAL_COMMIT,
        IN_BACKLOG_AFTER_RESTART,
        RIGHT_AFTER_FLUSH
    }

    /**
     * With the states written behind (the default), and written through Kafka Streams' record
     * cache.
     */
    @ParameterizedTest(name = "state.write-behind={0}")
    @ValueSource(booleans = {true, false})
    void sigkillMidStreamLosesNoEventAndRepeatsNoTransition(boolean writeBehind) {
        long testStart = System.nanoTime();
        Workload workload = Workload.generate(SEED, 3_000, 60, 30_000);
        Expectations expectations = new Expectations(workload.expectedTotals());
        int[] ends = workload.batchEnds(BATCHES);
        LOG.info("CrashIT: {}, {} batches ending at {}", workload, BATCHES, Arrays.toString(ends));

        Path jar = MonitorProcess.copyOfPackagedJar(dir);
        List<MonitorProcess> started = new ArrayList<>();
        List<String> kills = new ArrayList<>();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0);
                KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers());
                InputProgress progress =
                        new InputProgress(
                                broker.bootstrapServers(),
                                APPLICATION_ID,
                                List.of("email.sends", "email.bounces"))) {
            try {
                List<String> options =
                        List.of(
                                "--bootstrap-servers",
                                broker.bootstrapServers(),
                                "--data-dir",
                                dir.resolve("monitor-data").toString(),
                                "--application-id",
                                APPLICATION_ID,
                                // Many small transactions, so that a kill lands between two of them
                                // however fast the monitor works through a batch.
                                "--commit-interval",
                                "10ms",
                                "--commit-max-interval",
                                "10ms",
                                "--kafka",
                                "max.poll.records=100",
                                "--kafka",
                                "session.timeout.ms=6000",
                                "--kafka",
                                "heartbeat.interval.ms=1500",
                                "--state-write-behind",
                                String.valueOf(writeBehind));

                // Batch 1: killed once it has committed a third of the batch.
                MonitorProcess monitor = start(jar, started, options);
                publish(workload, kafka, 0, ends[0]);
                kill(monitor, progress, KillMoment.AFTER_PARTIAL_COMMIT, 0, kills);

                // Batch 2 arrives while nothing runs; killed again while it works off the backlog.
                publish(workload, kafka, ends[0], ends[1]);
                long committedAtKill = progress.snapshot().committed();
                monitor = start(jar, started, options);
                kill(
                        monitor,
                        progress,
                        KillMoment.IN_BACKLOG_AFTER_RESTART,
                        committedAtKill,
                        kills);

                // Batch 3: killed right after the flush.
                monitor = start(jar, started, options);
                publish(workload, kafka, ends[1], ends[2]);
                kill(monitor, progress, KillMoment.RIGHT_AFTER_FLUSH, 0, kills);

                // Batch 4: killed once it has committed a third of the batch.
                monitor = start(jar, started, options);
                long before = progress.snapshot().committed();
                publish(workload, kafka, ends[2], ends[3]);
                kill(monitor, progress, KillMoment.AFTER_PARTIAL_COMMIT, before, kills);

                // Batch 5 with the last start; this one has to get everything right.
                long recoveryStart = System.nanoTime();
                monitor = start(jar, started, options);
                long readyMs = millisSince(recoveryStart);
                publish(workload, kafka, ends[3], ends[4]);
                await("the monitor has committed every input record")
                        .atMost(PATIENCE)
                        .pollInterval(Duration.ofMillis(200))
                        .until(progress::snapshot, s -> s.lag() == 0);
                long drainedMs = millisSince(recoveryStart);
                Expectations.Outcome outcome =
                        expectations.awaitExactlyOnceOutputs(kafka, PATIENCE);
                LOG.info(
                        "CrashIT: {} events, {} SIGKILLs [{}]; last restart ready after {} ms, all input committed "
                                + "{} ms after the restart; {}",
                        workload.size(),
                        kills.size(),
                        String.join("; ", kills),
                        readyMs,
                        drainedMs,
                        outcome);
                assertThat(kills).as("SIGKILLs mid-stream").hasSizeGreaterThanOrEqualTo(3);

                monitor.stop();
                LOG.info("CrashIT: done in {} s", millisSince(testStart) / 1000.0);
            } catch (AssertionError | RuntimeException e) {
                if (!started.isEmpty()) {
                    LOG.error(
                            "CrashIT failed after SIGKILLs [{}]; the end of the last program's output:\n{}",
                            String.join("; ", kills),
                            started.get(started.size() - 1).logTail(80));
                }
                throw e;
            } finally {
                // Before the broker stops.
                started.forEach(MonitorProcess::close);
            }
        }
    }

    private MonitorProcess start(Path jar, List<MonitorProcess> started, List<String> options) {
        Path log = dir.resolve("run-" + (started.size() + 1) + ".log");
        MonitorProcess monitor = MonitorProcess.start(jar, options, log, READY_WITHIN);
        started.add(monitor);
        return monitor;
    }

    private static void publish(Workload workload, KafkaTestClients kafka, int from, int to) {
        workload.publish(kafka, from, to);
        kafka.flush();
    }

    /**
     * Kills the program at the given moment and proves that it was interrupted mid-stream: after
     * its death its group's committed input offsets are behind what was published.
     */
    private static void kill(
            MonitorProcess monitor,
            InputProgress progress,
            KillMoment moment,
            long committedBefore,
            List<String> kills) {
        if (moment != KillMoment.RIGHT_AFTER_FLUSH) {
            // A third of the way through what it has to do: some transactions committed, one open.
            long target = committedBefore + (progress.snapshot().published() - committedBefore) / 3;
            await(
                            "pid "
                                    + monitor.pid()
                                    + " commits a third of its backlog (input offsets "
                                    + target
                                    + ")")
                    .atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> progress.snapshot().committed() >= target);
        }
        monitor.kill();
        InputProgress.Snapshot after = progress.snapshot();
        String what =
                "#"
                        + (kills.size() + 1)
                        + " "
                        + moment
                        + " pid "
                        + monitor.pid()
                        + " (ready after "
                        + monitor.readyAfterMs()
                        + " ms): "
                        + after;
        LOG.info("CrashIT: SIGKILL {}", what);
        assertThat(after.lag())
                .as("kill %s happened before the monitor caught up", what)
                .isPositive();
        kills.add(what);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
