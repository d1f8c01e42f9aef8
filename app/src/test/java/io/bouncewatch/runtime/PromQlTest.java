package io.bouncewatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void aBareSelectorAndOneWithMatchersAreNames() {
        assertThat(PromQl.metricNames("up{job=\"bouncewatch\"} == 0")).containsExactly("up");
        assertThat(PromQl.metricNames("process_cpu_usage")).containsExactly("process_cpu_usage");
    }

    @Test
    void functionsAggregationsLabelsAndDurationsAreNot() {
        assertThat(
                        PromQl.metricNames(
                                "sum by (provider, status) (bouncewatch_routes) / on(instance)"
                                        + " group_left(area) max without (id)"
                                        + " (rate(jvm_gc_pause_seconds_sum{area=\"heap\"}"
                                        + "[$__rate_interval]))"))
                .containsExactly("bouncewatch_routes", "jvm_gc_pause_seconds_sum");
    }

    @Test
    void keywordsOffsetsNumbersAndStringsAreNot() {
        assertThat(
                        PromQl.metricNames(
                                "sum(increase(a_total{x=~\"b_total{c}\"}[15m])) >= 2e1 and"
                                        + " sum(increase(a_total[1h] offset 15m)) > 3 * (d / 4 or"
                                        + " vector(0)) unless bool e"))
                .containsExactly("a_total", "d", "e");
    }
}
