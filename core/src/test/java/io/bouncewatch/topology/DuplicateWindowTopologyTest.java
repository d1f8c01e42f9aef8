package io.bouncewatch.topology;

import static io.bouncewatch.topology.TopologyHarness.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.rules.MailboxState;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redeliveries through the topology: a batch delivered again, with its original event ids and
 * timestamps, counts once within the duplicate windows, which the wall clock ends (an hour for
 * sends, a week for bounces), not the events' timestamps.
 */
class DuplicateWindowTopologyTest {

    private static final String MAILBOX = "batch@redeliver.io";
    private static final int BATCH = 20;

    private TopologyHarness h;

    @BeforeEach
    void start() {
        h = new TopologyHarness();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    /** A webhook batch: 20 sends and 2 bounces, always with the same ids and timestamps. */
    private void deliverBatch() {
        for (int i = 0; i < BATCH; i++) {
            h.send(MAILBOX, MAILBOX, "s-batch-" + i, START);
        }
        h.bounce(MAILBOX, MAILBOX, "b-batch-1", START);
        h.bounce(MAILBOX, MAILBOX, "b-batch-2", START);
    }

    @Test
    void aBatchDeliveredTwiceWithOtherEventsBetweenCountsOnce() {
        deliverBatch();
        h.sends(MAILBOX, 30);
        deliverBatch();

        MailboxState state = h.mailboxState(MAILBOX);
        assertThat(state.totalSends()).isEqualTo(BATCH + 30);
        assertThat(state.totalBounces()).isEqualTo(2);
        assertThat(h.mailboxChanges()).isEmpty();
    }

    @Test
    void theWallClockEndsTheSendWindowAfterAnHourAndTheBounceWindowAfterAWeek() {
        deliverBatch();

        h.advance(Duration.ofMinutes(59));
        deliverBatch();
        assertThat(h.mailboxState(MAILBOX).totalSends()).as("59 minutes on").isEqualTo(BATCH);

        h.advance(Duration.ofMinutes(1));
        deliverBatch();
        assertThat(h.mailboxState(MAILBOX).totalSends()).as("an hour on").isEqualTo(2 * BATCH);
        assertThat(h.mailboxState(MAILBOX).totalBounces()).as("an hour on").isEqualTo(2);

        h.advance(Duration.ofDays(7).minusHours(1));
        deliverBatch();
        assertThat(h.mailboxState(MAILBOX).totalBounces()).as("a week on").isEqualTo(4);
    }
}
