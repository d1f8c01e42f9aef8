package io.bouncewatch.topology;

import static io.bouncewatch.topology.TopologyHarness.healths;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The mailbox states written behind reach their store, its changelog and {@code mailbox.status}
 * through Kafka Streams' real task commit (TopologyTestDriver commits the task after every input
 * and every punctuation, flushing its stores first, as a stream thread does). A Kafka version that
 * no longer calls the flush hook fails the first test; the second shows what the monitor does then.
 */
class WriteBehindTest {

    private static final String MAILBOX = "busy@behind.io";

    @Test
    void theTaskCommitWritesTheStatesToTheStoreAndPublishesThem() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.sends(MAILBOX, 3);
            h.bounce(MAILBOX);

            assertThat(h.mailboxState(MAILBOX)).isNotNull();
            assertThat(h.mailboxState(MAILBOX).totalSends()).isEqualTo(3);
            assertThat(h.mailboxState(MAILBOX).totalBounces()).isEqualTo(1);
            assertThat(healths(h.mailboxStatusKeyed()))
                    .last()
                    .isEqualTo(MAILBOX + " HEALTHY null window=3/1 totals=3/1 allowed");
            assertThat(h.recordsWrittenTo(MonitorTopology.MAILBOX_STORE + "-changelog"))
                    .isEqualTo(4);
        }
    }

    @Test
    void statesThatNoFlushWritesStopTheProcessorNamingTheSettingThatTurnsTheWriteBehindOff() {
        TopologySettings settings = TopologySettings.defaults();
        // A hook that Kafka Streams never calls, as a future version that stopped flushing would
        // leave it.
        try (TopologyHarness h =
                new TopologyHarness(
                        MonitorTopology.build(settings, context -> flush -> {}), settings)) {
            h.send(MAILBOX);
            assertThat(h.mailboxState(MAILBOX)).as("never flushed").isNull();

            assertThatThrownBy(
                            () -> {
                                // Inputs keep coming every commit.interval; each looks at the
                                // writes still waiting.
                                for (int i = 0; i < 200; i++) {
                                    h.advance(settings.commitInterval());
                                    h.send(MAILBOX);
                                }
                            })
                    .rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("longer than 10000 ms")
                    .hasMessageContaining("commit.max-interval")
                    .hasMessageContaining("write-behind hook")
                    .hasMessageContaining("state.write-behind=false");
        }
    }

    @Test
    void writesThatWaitWhileNoInputComesDoNotStopTheProcessor() {
        TopologySettings settings = TopologySettings.defaults();
        // As in a broker outage: no commit, so no flush, and no input either, for longer than the
        // limit.
        try (TopologyHarness h =
                new TopologyHarness(
                        MonitorTopology.build(settings, context -> flush -> {}), settings)) {
            h.send(MAILBOX);
            for (int i = 0; i < 300; i++) {
                h.advance(settings.commitInterval());
            }
            h.send(MAILBOX);

            assertThat(h.mailboxState(MAILBOX))
                    .as("still never flushed, and still running")
                    .isNull();
        }
    }

    @Test
    void anIdleMonitorWhoseHookIsCalledNeverFails() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(MAILBOX);
            for (int i = 0; i < 300; i++) {
                h.advance(Duration.ofMillis(100));
            }
            h.send(MAILBOX);

            assertThat(h.mailboxState(MAILBOX).totalSends()).isEqualTo(2);
        }
    }
}
