package io.bouncewatch.topology;

import io.bouncewatch.ingest.Ingested;
import io.bouncewatch.ingest.PostfixQueue;
import io.bouncewatch.input.InputKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Joins the Postfix lines of each queue id, keyed by {@code <host>/<queue id>}, into sends and
 * bounces ({@link PostfixQueue}), and writes them to the sends and bounces topics exactly as a
 * sender would publish them: from there they take the way of every event, through the parser, the
 * dedupe and the rules, and {@code replay} finds them. A queue id no line has touched for the
 * retention is forgotten by a wall-clock sweep, so the state stays bounded whatever lines never
 * come.
 */
final class PostfixJoinProcessor implements Processor<String, Inbound.PostfixLog, String, byte[]> {

    static final Outlet<byte[]> SENDS = Outlet.node("postfix-sends");
    static final Outlet<byte[]> BOUNCES = Outlet.node("postfix-bounces");

    private final Duration retention;
    private KeyValueStore<String, PostfixQueue> store;
    private ProcessorContext<String, byte[]> context;
    private Sensor forgotten;
    private Sensor dropped;

    PostfixJoinProcessor(Duration retention) {
        this.retention = retention;
    }

    /** How often the sweep looks for queue ids past the retention: a 24th of it, 1 s to 1 h. */
    static Duration sweepInterval(Duration retention) {
        Duration interval = retention.dividedBy(24);
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            return Duration.ofSeconds(1);
        }
        return interval.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : interval;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(MonitorTopology.POSTFIX_STORE);
        TopologyMetrics metrics = TopologyMetrics.of(context.metrics(), "postfix");
        this.forgotten = metrics.sensor("queue-ids-forgotten");
        this.dropped = metrics.sensor("outcomes-dropped");
        context.schedule(sweepInterval(retention), PunctuationType.WALL_CLOCK_TIME, this::sweep);
    }

    @Override
    public void process(Record<String, Inbound.PostfixLog> record) {
        String key = record.key();
        PostfixQueue known = store.get(key);
        PostfixQueue.Step step =
                (known == null ? PostfixQueue.EMPTY : known)
                        .accept(
                                record.value().line(),
                                record.timestamp(),
                                context.currentSystemTimeMs());
        if (step.next() == null) {
            if (known != null) {
                store.delete(key);
            }
        } else {
            store.put(key, step.next());
        }
        for (int i = 0; i < step.dropped(); i++) {
            dropped.record();
        }
        for (Ingested.Event event : step.events()) {
            (event.kind() == InputKind.SENDS ? SENDS : BOUNCES)
                    .forward(context, new Record<>(event.key(), event.value(), record.timestamp()));
        }
    }

    private void sweep(long now) {
        long before = now - retention.toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, PostfixQueue> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, PostfixQueue> entry = all.next();
                if (entry.value.lastSeen() < before) {
                    expired.add(entry.key);
                }
            }
        }
        for (String key : expired) {
            store.delete(key);
            forgotten.record();
        }
    }
}
