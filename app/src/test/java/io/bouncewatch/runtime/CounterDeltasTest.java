package io.bouncewatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CounterDeltasTest {

    @Test
    void theIncreaseIsSummedOverTheCountersSinceTheyWereLastTaken() {
        CounterDeltas<String> deltas = new CounterDeltas<>();

        assertThat(deltas.take(Map.of("thread-1", 10.0, "thread-2", 5.0))).isEqualTo(15);
        assertThat(deltas.take(Map.of("thread-1", 12.0, "thread-2", 9.0))).isEqualTo(6);
    }

    @Test
    void aCounterThatWentDownRestartedFromZeroAndNeverGivesANegativeIncrease() {
        CounterDeltas<String> deltas = new CounterDeltas<>();
        deltas.take(Map.of("thread-1", 100.0));

        // The thread was replaced: its new counter starts again from zero.
        assertThat(deltas.take(Map.of("thread-1", 3.0))).isEqualTo(3);
        // A counter gone and one new.
        assertThat(deltas.take(Map.of("thread-2", 4.0))).isEqualTo(4);
    }

    @Test
    void aPeekTakesNothing() {
        CounterDeltas<String> deltas = new CounterDeltas<>();
        deltas.take(Map.of("c", 10.0));

        assertThat(deltas.peek(Map.of("c", 14.0))).isEqualTo(4);
        assertThat(deltas.peek(Map.of("c", 15.0))).isEqualTo(5);
        assertThat(deltas.take(Map.of("c", 15.0))).isEqualTo(5);
    }
}
