package io.bouncewatch.topology;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When writes waiting for a flush stop the processor, and when they do not. */
class FlushWatchTest {

    private final FlushWatch watch = new FlushWatch(Duration.ofSeconds(2), Duration.ofMillis(100));

    private void checkEvery100ms(long from, long to, boolean pending) {
        for (long now = from; now <= to; now += 100) {
            watch.check(now, pending);
        }
    }

    @Test
    void writesWaitingUpToTwiceTheLongestCommitIntervalAreFine() {
        assertThatCode(() -> checkEvery100ms(0, 4_000, true)).doesNotThrowAnyException();
    }

    @Test
    void writesWaitingLongerStopTheProcessor() {
        checkEvery100ms(0, 4_000, true);

        assertThatThrownBy(() -> watch.check(4_100, true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("waited 4100 ms").hasMessageContaining("commit.max-interval (2000 ms)")
                .hasMessageContaining("state.write-behind=false");
    }

    @Test
    void aFlushStartsTheWaitAfresh() {
        checkEvery100ms(0, 3_900, true);
        watch.check(4_000, false);

        assertThatCode(() -> checkEvery100ms(4_100, 8_000, true)).doesNotThrowAnyException();
    }

    @Test
    void timeInWhichTheProcessorWasNotCalledDoesNotCount() {
        checkEvery100ms(0, 1_000, true);
        // A rebalance or a long poll: Kafka Streams could not commit either.
        assertThatCode(() -> checkEvery100ms(30_000, 34_000, true)).doesNotThrowAnyException();
        assertThatThrownBy(() -> watch.check(34_100, true)).isInstanceOf(IllegalStateException.class);
    }
}
