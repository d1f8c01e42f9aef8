package io.bouncewatch.runtime;

import io.bouncewatch.http.Readiness;
import io.bouncewatch.query.QueryService;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Ready means able to process and to answer: the streams RUNNING (or in a rebalance that began less
 * than {@link #REBALANCE_GRACE} ago, after they ran once: instances join and leave, and a fleet
 * should not be taken out of service for every short rebalance), the Kafka cluster answered
 * recently, and the local stores answer a read.
 */
final class HealthCheck implements Readiness {

    static final Duration REBALANCE_GRACE = Duration.ofSeconds(30);

    private final StreamsRunner runner;
    private final QueryService queries;
    private final ClusterProbe cluster;

    HealthCheck(StreamsRunner runner, QueryService queries, ClusterProbe cluster) {
        this.runner = runner;
        this.queries = queries;
        this.cluster = cluster;
    }

    @Override
    public Optional<String> problem() {
        KafkaStreams.State state = runner.streams().state();
        boolean briefRebalance =
                state == KafkaStreams.State.REBALANCING
                        && runner.hasRun()
                        && runner.timeInState().compareTo(REBALANCE_GRACE) < 0;
        if (state != KafkaStreams.State.RUNNING && !briefRebalance) {
            return Optional.of(
                    "the streams are "
                            + state
                            + (state == KafkaStreams.State.REBALANCING
                                    ? " since " + runner.timeInState().toSeconds() + " s"
                                    : ""));
        }
        Optional<String> unreachable = cluster.problem();
        if (unreachable.isPresent()) {
            return unreachable;
        }
        if (!queries.storesAnswer()) {
            return Optional.of("the local stores do not answer (restoring or moving)");
        }
        return Optional.empty();
    }
}
