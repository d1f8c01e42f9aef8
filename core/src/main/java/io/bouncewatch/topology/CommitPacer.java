package io.bouncewatch.topology;

/**
 * When a task asks Kafka Streams for a commit of its own. Kafka Streams commits on a fixed
 * interval, which the monitor sets to the longest it allows ({@code commit.max-interval}): a
 * monitor catching up on a backlog then writes each busy mailbox's state once per interval (2 s by
 * default) instead of twenty times, and goes through the backlog several times faster. While it
 * keeps up with its inputs, decisions must be visible soon, so it asks for a commit every {@code
 * commit.interval}: whenever the newest input it processed since it last asked was published less
 * than the longest interval ago. An input's publication time is its Kafka record timestamp.
 */
final class CommitPacer {

    private static final long NOTHING_SEEN = Long.MIN_VALUE;

    private final long maxCommitIntervalMillis;
    private long newest = NOTHING_SEEN;

    /**
     * @param maxCommitIntervalMillis how far behind its inputs the task may be and still commit
     *     early
     */
    CommitPacer(long maxCommitIntervalMillis) {
        if (maxCommitIntervalMillis < 0) {
            throw new IllegalArgumentException("maxCommitIntervalMillis must not be negative");
        }
        this.maxCommitIntervalMillis = maxCommitIntervalMillis;
    }

    void processed(long recordTimestamp) {
        if (recordTimestamp > newest) {
            newest = recordTimestamp;
        }
    }

    /** Whether to commit now; starts a new period either way. */
    boolean commitNow(long now) {
        boolean commit = newest != NOTHING_SEEN && now - newest <= maxCommitIntervalMillis;
        newest = NOTHING_SEEN;
        return commit;
    }
}
