package io.bouncewatch.topology.internal;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;

/**
 * Lets a processor write to its stores and forward records while Kafka Streams flushes the task
 * before a commit, outside {@code process} and {@code punctuate}. It gives the processor's own node
 * and a fresh record context to the task's context for the duration, as Kafka Streams does for its
 * cached tables and for punctuations; the types involved are internal ones (see {@link
 * PreCommitHook}).
 */
final class FlushScope {

    private final InternalProcessorContext<?, ?> context;
    private final ProcessorNode<?, ?, ?, ?> node;

    /** To be made in the processor's {@code init}, while its node is the context's current one. */
    FlushScope(ProcessorContext<?, ?> context) {
        if (!(context instanceof InternalProcessorContext<?, ?> internal)
                || internal.currentNode() == null) {
            throw new IllegalStateException(
                    "a flush scope is made in Processor.init, by Kafka Streams");
        }
        this.context = internal;
        this.node = internal.currentNode();
    }

    void run(Runnable action) {
        ProcessorNode<?, ?, ?, ?> previousNode = context.currentNode();
        ProcessorRecordContext previousRecord = context.recordContext();
        context.setCurrentNode(node);
        context.setRecordContext(
                new ProcessorRecordContext(
                        context.currentSystemTimeMs(), -1L, -1, null, new RecordHeaders()));
        try {
            action.run();
        } finally {
            context.setCurrentNode(previousNode);
            context.setRecordContext(previousRecord);
        }
    }
}
