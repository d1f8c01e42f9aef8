package io.bouncewatch.runtime;

import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the lifecycle of one KafkaStreams instance: starts it, logs every state change, replaces a
 * stream thread that died because Kafka could not be reached (a broker outage: the thread's open
 * transaction is never committed and its tasks start again from the last commit, so counts stay
 * exact), shuts the client down on any other uncaught exception (a bug, never bad input, which the topology
 * dead-letters), and closes it with a timeout. {@link #failed()} tells the program to exit non-zero.
 */
public final class StreamsRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);

    private final KafkaStreams streams;
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean failed;

    public StreamsRunner(Topology topology, Properties props) {
        this.streams = new KafkaStreams(topology, props);
        streams.setStateListener((next, previous) -> {
            LOG.info("streams {} -> {}", previous, next);
            if (next == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
            if (next == KafkaStreams.State.ERROR) {
                failed = true;
            }
            if (next == KafkaStreams.State.ERROR || next == KafkaStreams.State.NOT_RUNNING) {
                running.countDown();
                stopped.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(this::onUncaughtException);
    }

    private StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onUncaughtException(Throwable e) {
        Throwable outage = outageCause(e);
        if (outage != null) {
            LOG.warn("stream thread failed because Kafka could not be reached ({}: {}); replacing it",
                    outage.getClass().getSimpleName(), outage.getMessage(), e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        LOG.error("stream thread failed; shutting this instance down", e);
        failed = true;
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /**
     * The cause, if any, that a broker outage produces: a retriable client error (time-out,
     * disconnection, no leader, no coordinator), or a transaction that had to be aborted because of
     * one. Kafka Streams retries these itself up to {@code task.timeout.ms}, but some paths (a send
     * that times out while another task's transaction commits) escalate them to the thread. The
     * dead thread's transaction is aborted (by the thread, or by the coordinator once it times out)
     * and the new thread resumes from the committed offsets and changelogs.
     */
    static Throwable outageCause(Throwable e) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof RetriableException || t instanceof TransactionAbortableException) {
                return t;
            }
        }
        return null;
    }

    public void start() {
        streams.start();
    }

    /** Waits until the streams first reach RUNNING; false on time-out or failure. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && !failed
                && streams.state() != KafkaStreams.State.NOT_RUNNING;
    }

    /** Blocks until the streams stop on their own (error or shutdown). */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    public KafkaStreams streams() {
        return streams;
    }

    public boolean failed() {
        return failed;
    }

    @Override
    public void close() {
        if (!streams.close(Duration.ofSeconds(30))) {
            LOG.warn("streams did not close within 30 s");
        }
    }
}
