package io.bouncewatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MedianTest {

    @Test
    void anOddCountTakesTheMiddleValueWhateverTheOrder() {
        assertThat(Benchmark.median(new double[] {0.94, 0.65, 0.85, 0.71, 0.94})).isEqualTo(0.85);
    }

    @Test
    void anEvenCountTakesTheMeanOfTheTwoMiddleValues() {
        assertThat(Benchmark.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }

    @Test
    void theValuesGivenAreNotReordered() {
        double[] values = {3, 1, 2};
        Benchmark.median(values);
        assertThat(values).containsExactly(3, 1, 2);
    }
}
