package io.bouncewatch.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * What one benchmark run does; every field is a {@code bench} option.
 *
 * @param events events preloaded for the throughput comparison
 * @param rounds how many times the throughput phase measures the minimal processor and bouncewatch,
 *     alternated: one round's ratio moves with the minimal processor's own spread, the median of
 *     several does not
 * @param mailboxes mailboxes they are spread over
 * @param domains sender domains of those mailboxes
 * @param mix bounce, complaint and bad-mailbox shares
 * @param guarantees processing guarantees to measure bouncewatch and the minimal processor with
 * @param bootstrapServers cluster to use; empty starts an embedded broker
 * @param threads stream threads (and consumer threads of the limit)
 * @param seed seed of the workload
 * @param latencyRate offered events per second of the latency phase
 * @param latencySeconds how long the latency phase offers that rate
 * @param warmupSeconds the first seconds of the latency phase, not counted
 * @param scaleMailboxes mailbox counts of the scale phase; the largest is also restored
 * @param suppressed lines of the suppression phase's import file (a tenth as many recipients more
 *     are suppressed by LIST bounces)
 * @param checks timed check requests of the suppression phase
 * @param ingestRate webhook requests per second offered in the ingest phase
 * @param ingestBatch events per webhook request
 * @param ingestSeconds how long the ingest phase offers that rate
 * @param postfixLines Postfix log lines the ingest phase joins
 * @param phases which of throughput, latency, scale, suppression, ingest to run
 * @param subjectJvmOptions JVM options of every measured program
 * @param monitorOptions command-line options added to every bouncewatch run
 * @param workDir where brokers, state and logs go; empty for a temporary directory
 */
public record BenchOptions(
        long events,
        int rounds,
        int mailboxes,
        int domains,
        TrafficMix mix,
        List<String> guarantees,
        String bootstrapServers,
        int threads,
        long seed,
        int latencyRate,
        int latencySeconds,
        int warmupSeconds,
        List<Integer> scaleMailboxes,
        int suppressed,
        int checks,
        int ingestRate,
        int ingestBatch,
        int ingestSeconds,
        int postfixLines,
        List<String> phases,
        List<String> subjectJvmOptions,
        List<String> monitorOptions,
        Path workDir) {

    public static final List<String> PHASES =
            List.of("throughput", "latency", "scale", "suppression", "ingest");
    public static final List<String> GUARANTEES = List.of("exactly_once_v2", "at_least_once");

    boolean runs(String phase) {
        return phases.contains(phase);
    }
}
