package io.bouncewatch.topology;

import io.bouncewatch.rules.Reason;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The monitor's own metrics, registered with Kafka Streams' metrics so they are exported with them:
 * status changes by entity and reason, dead letters, and event-to-decision latency.
 */
final class TopologyMetrics {

    static final String SCOPE = "bouncewatch";

    private final StreamsMetrics metrics;
    private final String entity;
    private final Map<Reason, Sensor> changes = new EnumMap<>(Reason.class);

    private TopologyMetrics(StreamsMetrics metrics, String entity) {
        this.metrics = metrics;
        this.entity = entity;
    }

    static TopologyMetrics of(StreamsMetrics metrics, String entity) {
        return new TopologyMetrics(metrics, entity);
    }

    /** Registers a status-change counter per reason up front, so every series exists from zero. */
    TopologyMetrics withStatusChanges(Reason... reasons) {
        for (Reason reason : reasons) {
            changes.put(
                    reason,
                    metrics.addRateTotalSensor(
                            SCOPE,
                            entity,
                            "status-changes-"
                                    + reason.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                            Sensor.RecordingLevel.INFO));
        }
        return this;
    }

    void statusChange(Reason reason) {
        Sensor sensor = changes.get(reason);
        if (sensor != null) {
            sensor.record();
        }
    }

    Sensor sensor(String operation) {
        return metrics.addRateTotalSensor(SCOPE, entity, operation, Sensor.RecordingLevel.INFO);
    }

    Sensor latencySensor(String operation) {
        return metrics.addLatencyRateTotalSensor(
                SCOPE, entity, operation, Sensor.RecordingLevel.INFO);
    }
}
