package io.bouncewatch.topology.internal;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Runs a processor's flush right before every commit of its task, with the processor's node
 * current, so that the flush may write stores and forward records that join the commit. The one
 * door through which the topology reaches Kafka Streams' internal APIs: what lies behind it is in
 * this package, and nothing outside it imports them.
 */
public interface CommitHook {

    /** Runs {@code flush} before every commit of the task, until the task is closed. */
    void beforeCommit(Runnable flush);

    /**
     * The store through which Kafka Streams calls the hook; connected to the processor that uses
     * it.
     */
    static StoreBuilder<?> store(String name) {
        return PreCommitHook.builder(name);
    }

    /**
     * The hook of the processor whose context this is, through its store {@code storeName}; made in
     * {@code init}.
     */
    static CommitHook of(ProcessorContext<?, ?> context, String storeName) {
        PreCommitHook store = context.getStateStore(storeName);
        FlushScope scope = new FlushScope(context);
        return flush -> store.beforeCommit(() -> scope.run(flush));
    }
}
