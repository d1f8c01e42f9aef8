package io.bouncewatch.topology;

import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Passes inputs that must move to their mailbox's task on to the re-keying topic. The task that
 * reads them there sees them only once this task commits; the mailbox processor of this task never
 * sees them, so this one asks for early commits itself, paced like the mailbox processor ({@link
 * CommitPacer}): soon while the inputs are fresh, never while the task works off a backlog.
 */
final class RekeyProcessor<V> implements Processor<String, V, String, V> {

    private final Duration commitInterval;
    private final CommitPacer pacer;
    private ProcessorContext<String, V> context;

    /**
     * @param commitInterval how often to ask for a commit while keeping up with the inputs
     * @param maxCommitInterval how far behind its inputs the task may be and still ask
     */
    RekeyProcessor(Duration commitInterval, Duration maxCommitInterval) {
        this.commitInterval = Objects.requireNonNull(commitInterval, "commitInterval");
        this.pacer = new CommitPacer(maxCommitInterval.toMillis());
    }

    @Override
    public void init(ProcessorContext<String, V> context) {
        this.context = context;
        context.schedule(
                commitInterval,
                PunctuationType.WALL_CLOCK_TIME,
                now -> {
                    if (pacer.commitNow(now)) {
                        context.commit();
                    }
                });
    }

    @Override
    public void process(Record<String, V> record) {
        pacer.processed(record.timestamp());
        context.forward(record);
    }
}
