package io.bouncewatch.topology.internal;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A store that holds nothing and tells its processor that the task is about to commit, while what
 * the processor writes still joins the commit: Kafka Streams flushes every store's cache before it
 * takes a task's offsets and commits the transaction, and this store's "cache" is the processor's
 * own buffer of writes.
 *
 * <p>Kafka Streams has no public hook at that point; {@link CachedStateStore} is the internal
 * interface its own record cache is flushed through, so an upgrade of Kafka that changes it must
 * fail the build or the tests (WriteBehindTest, CrashIT), and one that stops calling it fails the
 * processor loudly (it watches how long its writes wait), not lose state quietly.
 */
final class PreCommitHook implements StateStore, CachedStateStore<Object, Object> {

    private final String name;
    private Runnable beforeCommit = () -> {};
    private boolean open;

    private PreCommitHook(String name) {
        this.name = name;
    }

    /** Runs {@code action} before every commit of the task, until the task is closed. */
    void beforeCommit(Runnable action) {
        this.beforeCommit = Objects.requireNonNull(action, "action");
    }

    @Override
    public void flushCache() {
        beforeCommit.run();
    }

    @Override
    public void clearCache() {
        // Nothing held here: the processor forgets its own buffer when it is initialised again.
    }

    @Override
    public boolean setFlushListener(
            CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        context.register(
                root,
                (key, value) -> {
                    throw new IllegalStateException(name + " has no changelog to restore");
                });
        open = true;
    }

    @Override
    public void close() {
        open = false;
        beforeCommit = () -> {};
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    static StoreBuilder<PreCommitHook> builder(String name) {
        return new Builder(name);
    }

    private record Builder(String name) implements StoreBuilder<PreCommitHook> {
        @Override
        public StoreBuilder<PreCommitHook> withCachingEnabled() {
            return this;
        }

        @Override
        public StoreBuilder<PreCommitHook> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<PreCommitHook> withLoggingEnabled(Map<String, String> config) {
            throw new UnsupportedOperationException(name + " holds nothing to log");
        }

        @Override
        public StoreBuilder<PreCommitHook> withLoggingDisabled() {
            return this;
        }

        @Override
        public PreCommitHook build() {
            return new PreCommitHook(name);
        }

        @Override
        public Map<String, String> logConfig() {
            return Map.of();
        }

        @Override
        public boolean loggingEnabled() {
            return false;
        }
    }
}
