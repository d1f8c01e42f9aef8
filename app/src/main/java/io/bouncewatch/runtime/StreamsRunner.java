package io.bouncewatch.runtime;

import io.bouncewatch.topology.internal.ProducerErrors;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the lifecycle of one KafkaStreams instance: starts it, logs every state change, fails a
 * stream thread at any record Kafka could not write ({@link FailedWrites}) and replaces a stream
 * thread that died because Kafka could not be reached (see {@link #causedByOutage}), shuts the
 * client down on any other uncaught exception (a bug, never bad input, which the topology
 * dead-letters), and closes it with a timeout. {@link #failed()} tells the program to exit
 * non-zero.
 */
public final class StreamsRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);

    private final KafkaStreams streams;
    private final ThreadTransactions transactions = new ThreadTransactions();
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean failed;
    private volatile long stateSince = System.nanoTime();

    /**
     * @param props the streams' settings; {@link FailedWrites} is their production exception
     *     handler unless they name one ({@code production.exception.handler})
     */
    public StreamsRunner(Topology topology, Properties props) {
        this.streams =
                new KafkaStreams(topology, failingThreadsAtFailedWrites(props), transactions);
        streams.setStateListener(
                (next, previous) -> {
                    LOG.info("streams {} -> {}", previous, next);
                    stateSince = System.nanoTime();
                    if (next == KafkaStreams.State.RUNNING) {
                        running.countDown();
                    }
                    if (next == KafkaStreams.State.ERROR) {
                        failed = true;
                    }
                    if (next == KafkaStreams.State.ERROR
                            || next == KafkaStreams.State.NOT_RUNNING) {
                        running.countDown();
                        stopped.countDown();
                    }
                });
        streams.setUncaughtExceptionHandler(this::onUncaughtException);
    }

    static Properties failingThreadsAtFailedWrites(Properties props) {
        Properties out = new Properties();
        out.putAll(props);
        out.putIfAbsent(
                StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, FailedWrites.class);
        return out;
    }

    private StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onUncaughtException(
            Throwable e) {
        if (causedByOutage(e)) {
            LOG.warn("stream thread failed because Kafka could not be reached; replacing it", e);
            abortTransactionOfDyingThread();
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        LOG.error("stream thread failed; shutting this instance down", e);
        failed = true;
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /** Runs on the stream thread that dies, which Kafka Streams replaces. */
    private void abortTransactionOfDyingThread() {
        String name = Thread.currentThread().getName();
        try {
            streams.metadataForLocalThreads().stream()
                    .filter(thread -> thread.threadName().equals(name))
                    .flatMap(thread -> thread.producerClientIds().stream())
                    .forEach(transactions::abortTransactionOf);
        } catch (IllegalStateException closing) {
            // The client is shutting down: none of its threads waits on the transaction any more,
            // and the broker aborts it when it times out.
            LOG.debug("not aborting the transaction of {}: the streams are closing", name);
        }
    }

    /**
     * Whether a stream thread died of a broker outage, and of nothing worse. Kafka Streams retries
     * time-outs itself (up to {@code task.timeout.ms}), but some paths escalate them to the thread:
     * a send that failed ({@link FailedWrites}), or processing that resumes on a producer whose
     * abort timed out. Such an exception carries a retriable client error (time-out, disconnection,
     * no leader, no coordinator), an abortable transaction, or an error that the thread's
     * transactional producer raises once one of its calls failed or timed out (which only the class
     * that threw it tells apart, see {@link ProducerErrors}). A cause in which the broker answered
     * and refused (too large a record, no authorisation, ...) is an error that another thread would
     * meet again, and so is anything else: the client shuts down.
     *
     * <p>Replacing the thread is safe under exactly-once: the new thread has a new producer, the
     * dead thread's transaction is never committed (it is aborted as soon as Kafka answers, see
     * {@link ThreadTransactions}), and the tasks resume from the committed offsets and changelogs.
     */
    static boolean causedByOutage(Throwable e) {
        boolean outage = false;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof RetriableException || t instanceof TransactionAbortableException) {
                outage = true;
            } else if (t instanceof ApiException) {
                return false;
            } else if (ProducerErrors.raisedByTransactionManager(t)) {
                outage = true;
            }
        }
        return outage;
    }

    public void start() {
        streams.start();
    }

    /** Waits until the streams first reach RUNNING; false on time-out or failure. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)
                && !failed
                && streams.state() != KafkaStreams.State.NOT_RUNNING;
    }

    /** Blocks until the streams stop on their own (error or shutdown). */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /** Whether the streams reached RUNNING at least once. */
    public boolean hasRun() {
        return running.getCount() == 0 && !failed;
    }

    /** How long the streams have been in their current state. */
    public Duration timeInState() {
        return Duration.ofNanos(System.nanoTime() - stateSince);
    }

    public KafkaStreams streams() {
        return streams;
    }

    public boolean failed() {
        return failed;
    }

    @Override
    public void close() {
        // Leave the group on a clean stop, so the others take over its partitions at once instead
        // of after the session timeout.
        if (!streams.close(
                CloseOptions.timeout(Duration.ofSeconds(30))
                        .withGroupMembershipOperation(
                                CloseOptions.GroupMembershipOperation.LEAVE_GROUP))) {
            LOG.warn("streams did not close within 30 s");
        }
        transactions.close();
    }
}
