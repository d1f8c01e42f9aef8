package io.bouncewatch.topology;

import java.time.Duration;

/**
 * Watches that the states a processor writes behind are flushed: Kafka Streams calls the flush
 * before each commit through internal interfaces, and a Kafka version that stopped calling it would
 * commit input offsets without the states, losing them quietly. Writes that have waited longer than
 * twice the longest commit interval, and at least {@link #MIN_LIMIT}, stop the processor instead.
 * The floor keeps a slow batch of inputs between two commits from stopping a healthy instance when
 * commits are only milliseconds apart.
 *
 * <p>It looks only when an input arrives, never from a punctuation: while Kafka cannot be reached
 * (a broker outage) commits fail and the hook is rightly not called for as long as the outage
 * lasts, and no input comes either. Time without inputs (an outage, a rebalance, a long poll, a
 * pause of the whole process) does not count: Kafka Streams could not commit inputs then.
 */
final class FlushWatch {

    static final Duration MIN_LIMIT = Duration.ofSeconds(10);

    private final long limitMillis;
    private final long stallMillis;
    private long pendingSince = -1;
    private long lastSeen = -1;

    /**
     * @param maxCommitInterval the longest interval between two commits ({@code
     *     commit.max-interval})
     * @param checkInterval how long inputs may pause before the wait starts again (with the
     *     interval)
     */
    FlushWatch(Duration maxCommitInterval, Duration checkInterval) {
        this.limitMillis = Math.max(2 * maxCommitInterval.toMillis(), MIN_LIMIT.toMillis());
        this.stallMillis = maxCommitInterval.toMillis() + checkInterval.toMillis();
    }

    /**
     * @param now wall-clock time
     * @param pending whether writes are waiting for a flush
     * @throws IllegalStateException when they have waited too long
     */
    void check(long now, boolean pending) {
        if (!pending) {
            pendingSince = -1;
        } else if (pendingSince < 0 || now - lastSeen > stallMillis) {
            pendingSince = now;
        }
        lastSeen = now;
        if (pendingSince >= 0 && now - pendingSince > limitMillis) {
            throw new IllegalStateException(
                    "mailbox states have waited "
                            + (now - pendingSince)
                            + " ms for a flush,"
                            + " longer than "
                            + limitMillis
                            + " ms, twice commit.max-interval or "
                            + MIN_LIMIT.toMillis()
                            + " ms at least: Kafka Streams is not calling"
                            + " the write-behind hook before its commits, which would commit inputs without their states;"
                            + " set state.write-behind=false to write states through Kafka Streams' own record cache");
        }
    }
}
