package io.bouncewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.rules.MailboxEvent;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A record on its way to another task is readable there only after this task commits; a quiet
 * monitor must not leave it to the long commit interval (it answered 404 for two seconds).
 */
class RekeyProcessorTest {

    private static final long NOW = 1_795_000_000_000L;

    private final MockProcessorContext<String, Inbound> context = new MockProcessorContext<>();
    private final RekeyProcessor<Inbound> processor =
            new RekeyProcessor<>(Duration.ofMillis(100), Duration.ofSeconds(2));

    @BeforeEach
    void init() {
        processor.init(context);
    }

    private void rekey(long timestamp) {
        processor.process(
                new Record<>(
                        "alice@acme.io",
                        Inbound.ForMailbox.event(
                                new MailboxEvent.Send("s-1", "alice@acme.io", timestamp), true),
                        timestamp));
    }

    private void punctuate(long now) {
        context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(now));
    }

    @Test
    void passesTheRecordOnAndAsksForACommitSoonWhileTheInputsAreFresh() {
        rekey(NOW - 50);
        punctuate(NOW);

        assertThat(context.forwarded()).hasSize(1);
        assertThat(context.committed()).isTrue();
        assertThat(context.scheduledPunctuators())
                .singleElement()
                .satisfies(p -> assertThat(p.getInterval()).isEqualTo(Duration.ofMillis(100)));
    }

    @Test
    void leavesCommitsToTheLongIntervalWhileWorkingOffABacklog() {
        rekey(NOW - 60_000);
        punctuate(NOW);

        assertThat(context.forwarded()).hasSize(1);
        assertThat(context.committed()).isFalse();
    }
}
