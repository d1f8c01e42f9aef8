package io.bouncewatch.bench;

import java.time.Duration;

/**
 * Ends a wait on a subject that has stopped making progress: fed the count it has reached, it fails
 * once the count has not grown for the limit, naming where it stopped and showing the subject's
 * last output.
 */
final class StallWatch {

    private final Duration limit;
    private final String what;
    private final String unit;
    private final ChildProcess child;
    private long reached = Long.MIN_VALUE;
    private long lastProgress = System.nanoTime();

    /**
     * @param what the subject, as the message starts: "the monitor"
     * @param unit what is counted, plural: "records"
     */
    StallWatch(Duration limit, String what, String unit, ChildProcess child) {
        this.limit = limit;
        this.what = what;
        this.unit = unit;
        this.child = child;
    }

    /** Notes that {@code count} of {@code total} is reached at {@code now} (nanos). */
    void reached(long count, long total, long now) {
        if (count > reached) {
            reached = count;
            lastProgress = now;
        } else if (now - lastProgress > limit.toNanos()) {
            throw new BenchmarkException(
                    what
                            + " made no progress for "
                            + limit.toSeconds()
                            + " s at "
                            + count
                            + " of "
                            + total
                            + " "
                            + unit
                            + "; its output:\n"
                            + child.tail());
        }
    }
}
