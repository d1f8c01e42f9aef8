package io.bouncewatch.runtime;

import java.util.HashMap;
import java.util.Map;

/**
 * How much a set of counters grew since they were last taken. A counter that went down was made
 * anew (a restart, a replaced stream thread) and counted from zero, so it grew by its value: an
 * increase is never negative.
 *
 * @param <K> what names one counter
 */
final class CounterDeltas<K> {

    private Map<K, Double> taken = new HashMap<>();

    /** The increase since the last {@link #take}, summed over the counters, which are taken. */
    synchronized long take(Map<K, Double> totals) {
        long increase = peek(totals);
        taken = new HashMap<>(totals);
        return increase;
    }

    /** The increase since the last {@link #take}, summed over the counters, taking nothing. */
    synchronized long peek(Map<K, Double> totals) {
        double increase = 0;
        for (Map.Entry<K, Double> counter : totals.entrySet()) {
            double before = taken.getOrDefault(counter.getKey(), 0.0);
            double now = counter.getValue();
            increase += now >= before ? now - before : now;
        }
        return Math.round(increase);
    }
}
