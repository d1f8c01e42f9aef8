package io.bouncewatch.runtime;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Asks the Kafka cluster for its id every few seconds on its own thread and remembers when it last
 * answered, so that readiness can tell an outage (during which the streams may still say RUNNING
 * while nothing is processed) without a network call on the request thread.
 */
final class ClusterProbe implements AutoCloseable {

    private final Admin admin;
    private final Duration timeout;
    private final Duration interval;
    private final ScheduledExecutorService scheduler =
            Background.thread("bouncewatch-cluster-probe");
    private volatile long lastAnswer = System.nanoTime();

    /**
     * @param timeout how long the cluster may go without answering before it counts as unreachable
     */
    ClusterProbe(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
        this.interval = Duration.ofMillis(Math.max(200, Math.min(5_000, timeout.toMillis() / 3)));
    }

    ClusterProbe start() {
        scheduler.scheduleWithFixedDelay(
                this::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void probe() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) interval.toMillis()))
                    .clusterId()
                    .get(interval.toMillis(), TimeUnit.MILLISECONDS);
            lastAnswer = System.nanoTime();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Unanswered: lastAnswer ages until problem() reports it.
        }
    }

    /** Says so when the cluster has not answered within the time-out. */
    Optional<String> problem() {
        long silent = System.nanoTime() - lastAnswer;
        if (silent <= timeout.toNanos()) {
            return Optional.empty();
        }
        return Optional.of(
                "the Kafka cluster has not answered for "
                        + TimeUnit.NANOSECONDS.toSeconds(silent)
                        + " s (health.cluster-timeout="
                        + timeout.toSeconds()
                        + "s)");
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
