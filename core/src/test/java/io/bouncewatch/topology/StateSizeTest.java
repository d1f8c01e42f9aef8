package io.bouncewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.MailboxRules;
import io.bouncewatch.rules.MailboxState;
import io.bouncewatch.rules.RuleSettings;
import org.junit.jupiter.api.Test;

/**
 * What one mailbox costs in the store stays bounded, however many unique event ids it sees: the
 * window slides, and only the latest ids of each kind are remembered for duplicates.
 */
class StateSizeTest {

    private final MailboxRules rules = new MailboxRules(RuleSettings.DEFAULTS);

    @Test
    void aMailboxStaysUnder200BytesThroughAMillionUniqueEvents() {
        MailboxState state = null;
        int largest = 0;
        long now = 1_795_000_000_000L;
        for (int i = 0; i < 1_000_000; i++) {
            String id = "evt-" + Long.toHexString(Double.doubleToLongBits(i * 1.1)) + "-" + i;
            MailboxEvent event =
                    i % 40 == 39
                            ? new MailboxEvent.Bounce(
                                    id, "sales.anna@northwind-mail.com", now + i, BounceType.SOFT)
                            : new MailboxEvent.Send(id, "sales.anna@northwind-mail.com", now + i);
            state = rules.onEvent(state, event, now + i).state();
            if (i % 1000 == 0) {
                largest = Math.max(largest, StateSerdes.writeMailbox(state).length);
            }
        }
        int last = StateSerdes.writeMailbox(state).length;
        assertThat(state.totalSends() + state.totalBounces()).isEqualTo(1_000_000);
        assertThat(largest).as("largest stored value seen, bytes").isLessThanOrEqualTo(200);
        assertThat(last)
                .as("stored value after a million events, bytes")
                .isLessThanOrEqualTo(largest);
        assertThat(StateSerdes.readMailbox(StateSerdes.writeMailbox(state))).isEqualTo(state);
    }
}
