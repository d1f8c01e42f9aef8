package io.bouncewatch.topology;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When writes waiting for a flush stop the processor, and when they do not. */
class FlushWatchTest {

    // Twice 6 s: 12 s, above the floor of 10 s.
    private final FlushWatch watch = new FlushWatch(Duration.ofSeconds(6), Duration.ofMillis(100));

    private void checkEvery100ms(long from, long to, boolean pending) {
        for (long now = from; now <= to; now += 100) {
            watch.check(now, pending);
        }
    }

    @Test
    void writesWaitingUpToTwiceTheLongestCommitIntervalAreFine() {
        assertThatCode(() -> checkEvery100ms(0, 12_000, true)).doesNotThrowAnyException();
    }

    @Test
    void writesWaitingLongerStopTheProcessor() {
        checkEvery100ms(0, 12_000, true);

        assertThatThrownBy(() -> watch.check(12_100, true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("waited 12100 ms")
                .hasMessageContaining("longer than 12000 ms")
                .hasMessageContaining("commit.max-interval")
                .hasMessageContaining("state.write-behind=false");
    }

    @Test
    void commitsMillisecondsApartStillGiveTheWritesTenSeconds() {
        FlushWatch fast = new FlushWatch(Duration.ofMillis(10), Duration.ofMillis(10));
        for (long now = 0; now <= 10_000; now += 5) {
            fast.check(now, true);
        }
        assertThatThrownBy(() -> fast.check(10_005, true))
                .hasMessageContaining("longer than 10000 ms");
    }

    @Test
    void aFlushStartsTheWaitAfresh() {
        checkEvery100ms(0, 11_900, true);
        watch.check(12_000, false);

        assertThatCode(() -> checkEvery100ms(12_100, 24_000, true)).doesNotThrowAnyException();
    }

    @Test
    void timeInWhichTheProcessorWasNotCalledDoesNotCount() {
        checkEvery100ms(0, 1_000, true);
        // A rebalance or a long poll: Kafka Streams could not commit either.
        assertThatCode(() -> checkEvery100ms(30_000, 42_000, true)).doesNotThrowAnyException();
        assertThatThrownBy(() -> watch.check(42_100, true))
                .isInstanceOf(IllegalStateException.class);
    }
}
