package io.bouncewatch.topology;

import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.Reason;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The monitor's own metrics, registered with Kafka Streams' metrics so they are exported with them:
 * status changes by entity and reason, dead letters, event-to-decision latency, and the events a
 * mailbox counted.
 */
final class TopologyMetrics {

    static final String SCOPE = "bouncewatch";

    private final StreamsMetrics metrics;
    private final String entity;
    private final Map<Reason, Sensor> changes = new EnumMap<>(Reason.class);
    private Sensor sends;
    private Sensor complaints;
    private final Map<Category, Sensor> bounces = new EnumMap<>(Category.class);
    private final Map<Category, Sensor> rateBounces = new EnumMap<>(Category.class);

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

    /**
     * Registers the counters of counted events up front, so every series exists from zero: sends,
     * complaints, bounces by category, and the bounces that count toward the mailbox's bounce rate.
     * A bounce that counts toward the rate is recorded on a sensor whose parents are its category's
     * and the rate's, so each event costs one {@link Sensor#record()}.
     */
    TopologyMetrics withEventCounts() {
        sends = sensor("sends");
        complaints = sensor("complaints");
        Sensor counted = sensor("counted-bounces");
        for (Category category : Category.values()) {
            if (category == Category.COMPLAINT) {
                continue;
            }
            Sensor byCategory = sensor("bounces-" + category.name().toLowerCase(Locale.ROOT));
            bounces.put(category, byCategory);
            // Named after its parent, which is this stream thread's own.
            rateBounces.put(
                    category,
                    metrics.addSensor(
                            byCategory.name() + "-counted",
                            Sensor.RecordingLevel.INFO,
                            byCategory,
                            counted));
        }
        return this;
    }

    /**
     * Counts an event the mailbox counted (not a duplicate).
     *
     * @param towardRate whether a bounce counted toward the mailbox's bounce rate
     */
    void counted(MailboxEvent event, boolean towardRate) {
        Sensor sensor;
        if (event instanceof MailboxEvent.Bounce bounce) {
            sensor = (towardRate ? rateBounces : bounces).get(bounce.category());
        } else {
            sensor = event instanceof MailboxEvent.Send ? sends : complaints;
        }
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
