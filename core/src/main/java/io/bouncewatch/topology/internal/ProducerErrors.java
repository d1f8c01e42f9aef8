package io.bouncewatch.topology.internal;

import org.apache.kafka.clients.producer.internals.TransactionManager;

/**
 * Tells the errors a transactional producer raises from its own state, once one of its calls failed
 * or timed out, from a bug's. Its transaction manager (Kafka 4.3) throws them as a plain {@link
 * IllegalStateException} without a cause (a call that timed out and must be retried before any
 * other), an {@code IllegalStateException} caused by another (a state poisoned by a transition the
 * time-out made invalid), or a plain {@code KafkaException} (batches that expired unacknowledged
 * while the broker was away): no public exception type, and no cause's type, sets them apart from
 * the same exceptions thrown by a bug. Only the class that threw them does, and that class is
 * internal: a Kafka upgrade that moves it fails to compile here.
 */
public final class ProducerErrors {

    private ProducerErrors() {}

    /** Whether the producer's transaction manager threw {@code error} itself. */
    public static boolean raisedByTransactionManager(Throwable error) {
        StackTraceElement[] trace = error.getStackTrace();
        return trace.length > 0
                && trace[0].getClassName().equals(TransactionManager.class.getName());
    }
}
