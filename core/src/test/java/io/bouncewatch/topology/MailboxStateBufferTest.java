package io.bouncewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.MailboxRules;
import io.bouncewatch.rules.MailboxState;
import io.bouncewatch.rules.RuleSettings;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The write-behind buffer of the mailbox processor over a real (in-memory) store. */
class MailboxStateBufferTest {

    private static final MailboxRules RULES = new MailboxRules(RuleSettings.DEFAULTS);

    private KeyValueStore<String, MailboxState> store;
    private KeyValueStore<Bytes, byte[]> index;
    private final AtomicInteger storeReads = new AtomicInteger();
    private final List<String> published = new ArrayList<>();

    @BeforeEach
    void openStore() {
        store =
                Stores.keyValueStoreBuilder(
                                Stores.inMemoryKeyValueStore(MonitorTopology.MAILBOX_STORE),
                                Serdes.String(),
                                StateSerdes.mailboxState())
                        .withLoggingDisabled()
                        .withCachingDisabled()
                        .build();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        index =
                Stores.keyValueStoreBuilder(
                                Stores.inMemoryKeyValueStore(MonitorTopology.COOLDOWN_STORE),
                                Serdes.Bytes(),
                                Serdes.ByteArray())
                        .withLoggingDisabled()
                        .withCachingDisabled()
                        .build();
        index.init(context.getStateStoreContext(), index);
    }

    private MailboxStateBuffer buffer(int capacity) {
        return new MailboxStateBuffer(countingReads(store), index, capacity);
    }

    /** The store, counting its reads. */
    @SuppressWarnings("unchecked")
    private KeyValueStore<String, MailboxState> countingReads(
            KeyValueStore<String, MailboxState> inner) {
        return (KeyValueStore<String, MailboxState>)
                Proxy.newProxyInstance(
                        getClass().getClassLoader(),
                        new Class<?>[] {KeyValueStore.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("get")) {
                                storeReads.incrementAndGet();
                            }
                            try {
                                return method.invoke(inner, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
    }

    private static MailboxState sends(MailboxState from, int n) {
        MailboxState state = from;
        for (int i = 0; i < n; i++) {
            state =
                    RULES.onEvent(
                                    state,
                                    new MailboxEvent.Send(
                                            "s-" + i + "-" + System.nanoTime(), "m@x.io", 0L),
                                    0L)
                            .state();
        }
        return state;
    }

    private void publish(String mailbox, MailboxState state) {
        published.add(mailbox + "=" + (state == null ? "removed" : state.totalSends()));
    }

    private static String key(String mailbox) {
        return MailboxStoreKey.of(mailbox);
    }

    @Test
    void indexEntriesReachTheirStoreWithTheStatesThatNeedThemNotBefore() {
        MailboxStateBuffer buffer = buffer(10);
        Bytes old = MailboxProcessor.cooldownKey(1_000L, key("a@x.io"));
        Bytes renewed = MailboxProcessor.cooldownKey(2_000L, key("a@x.io"));
        index.put(old, new byte[0]);

        buffer.put("a@x.io", sends(null, 1));
        buffer.unindex(old);
        buffer.index(renewed);

        assertThat(index.get(old)).as("still there until the state is written").isNotNull();
        assertThat(index.get(renewed)).isNull();
        assertThat(buffer.unindexed(old)).isTrue();
        assertThat(buffer.unindexed(renewed)).isFalse();

        buffer.flush(this::publish);
        assertThat(store.get(key("a@x.io"))).isNotNull();
        assertThat(index.get(old)).isNull();
        assertThat(index.get(renewed)).isNotNull();
        assertThat(buffer.unindexed(old)).isFalse();
    }

    @Test
    void theLatestIndexWriteOfAKeyWins() {
        MailboxStateBuffer buffer = buffer(10);
        Bytes entry = MailboxProcessor.cooldownKey(1_000L, key("a@x.io"));
        buffer.index(entry);
        buffer.unindex(entry);
        assertThat(buffer.hasWrites()).isTrue();

        buffer.flush(this::publish);

        assertThat(index.get(entry)).isNull();
        assertThat(buffer.hasWrites()).isFalse();
    }

    @Test
    void writesReachTheStoreOnlyWhenFlushed() {
        MailboxStateBuffer buffer = buffer(10);
        buffer.put("a@x.io", sends(null, 1));

        assertThat(store.get(key("a@x.io"))).isNull();
        assertThat(buffer.get("a@x.io").totalSends()).isEqualTo(1);

        buffer.flush(this::publish);
        assertThat(store.get(key("a@x.io")).totalSends()).isEqualTo(1);
        assertThat(published).containsExactly("a@x.io=1");
    }

    @Test
    void manyWritesOfOneMailboxBetweenFlushesAreWrittenAndPublishedOnceWithTheLatestState() {
        MailboxStateBuffer buffer = buffer(10);
        MailboxState state = null;
        for (int i = 0; i < 50; i++) {
            state = sends(buffer.get("busy@x.io"), 1);
            buffer.put("busy@x.io", state);
        }
        buffer.put("other@x.io", sends(null, 2));
        buffer.put("busy@x.io", sends(state, 1));

        buffer.flush(this::publish);
        assertThat(published).containsExactly("busy@x.io=51", "other@x.io=2");
        assertThat(store.get(key("busy@x.io")).totalSends()).isEqualTo(51);

        published.clear();
        buffer.flush(this::publish);
        assertThat(published).as("nothing changed since the last flush").isEmpty();
    }

    @Test
    void aBusyMailboxIsReadFromTheStoreOnce() {
        store.put(key("stored@x.io"), sends(null, 7));
        MailboxStateBuffer buffer = buffer(10);
        for (int i = 0; i < 20; i++) {
            buffer.put("stored@x.io", sends(buffer.get("stored@x.io"), 1));
            if (i % 5 == 0) {
                buffer.flush(this::publish);
            }
        }
        assertThat(storeReads).hasValue(1);
        assertThat(buffer.get("stored@x.io").totalSends()).isEqualTo(27);
    }

    @Test
    void aRemovedMailboxIsDeletedFromTheStoreAndPublishedAsRemoved() {
        store.put(key("gone@x.io"), sends(null, 3));
        MailboxStateBuffer buffer = buffer(10);
        assertThat(buffer.get("gone@x.io")).isNotNull();

        buffer.put("gone@x.io", null);
        assertThat(buffer.get("gone@x.io")).as("removed before the flush").isNull();
        buffer.flush(this::publish);

        assertThat(store.get(key("gone@x.io"))).isNull();
        assertThat(published).containsExactly("gone@x.io=removed");
        assertThat(buffer.get("gone@x.io")).isNull();
    }

    @Test
    void unflushedStatesAreKeptBeyondTheCapacityAndTheLongestHeldGoAfterAFlush() {
        MailboxStateBuffer buffer = buffer(2);
        for (int i = 0; i < 5; i++) {
            buffer.put("m" + i + "@x.io", sends(null, i + 1));
        }
        for (int i = 0; i < 5; i++) {
            assertThat(buffer.get("m" + i + "@x.io").totalSends()).isEqualTo(i + 1);
        }
        assertThat(storeReads).as("nothing unwritten is dropped").hasValue(0);

        buffer.flush(this::publish);
        assertThat(published).hasSize(5);

        buffer.get("m3@x.io");
        buffer.get("m4@x.io");
        assertThat(storeReads).as("the two last ones stayed in memory").hasValue(0);
        for (int i = 0; i < 3; i++) {
            assertThat(buffer.get("m" + i + "@x.io").totalSends())
                    .as("an evicted one is read back")
                    .isEqualTo(i + 1);
        }
        assertThat(storeReads).as("the three first ones were evicted").hasValue(3);
    }
}
