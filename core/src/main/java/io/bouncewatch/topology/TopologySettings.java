package io.bouncewatch.topology;

import io.bouncewatch.dsn.BounceMessageParser;
import io.bouncewatch.rules.RuleSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What {@link MonitorTopology#build} makes the topology of.
 *
 * @param topics topic names
 * @param rules thresholds
 * @param cooldownCheckInterval how often expired cooldowns are looked for (wall-clock)
 * @param inputPartitions partition count of the input topics; 0 when not known
 * @param commitInterval how often a task keeping up with its inputs asks for a commit
 * @param maxCommitInterval Kafka Streams' own commit interval, the longest; a task further behind
 *     its inputs than this does not ask for earlier commits
 * @param cachedMailboxes mailbox states each task keeps in memory after a commit
 * @param writeBehind mailbox states written once per commit by the processor's own flush; false
 *     writes them per input through Kafka Streams' record cache
 * @param dsnMaxBytes the largest raw message read from the raw-message topic; a larger one is
 *     dead-lettered unread
 * @param postfixRetention how long the Postfix join keeps a queue id no line has touched
 */
public record TopologySettings(
        Topics topics,
        RuleSettings rules,
        Duration cooldownCheckInterval,
        int inputPartitions,
        Duration commitInterval,
        Duration maxCommitInterval,
        int cachedMailboxes,
        boolean writeBehind,
        int dsnMaxBytes,
        Duration postfixRetention) {
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX_COMMIT_INTERVAL = Duration.ofSeconds(2);
    public static final int DEFAULT_CACHED_MAILBOXES = 50_000;
    public static final Duration DEFAULT_POSTFIX_RETENTION = Duration.ofDays(7);

    public TopologySettings {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(cooldownCheckInterval, "cooldownCheckInterval");
        Objects.requireNonNull(commitInterval, "commitInterval");
        Objects.requireNonNull(maxCommitInterval, "maxCommitInterval");
        if (inputPartitions < 0) {
            throw new IllegalArgumentException("inputPartitions must not be negative");
        }
        if (cachedMailboxes < 1) {
            throw new IllegalArgumentException("cachedMailboxes must be positive");
        }
        if (dsnMaxBytes < 1) {
            throw new IllegalArgumentException("dsnMaxBytes must be positive");
        }
        Objects.requireNonNull(postfixRetention, "postfixRetention");
        if (postfixRetention.isNegative() || postfixRetention.isZero()) {
            throw new IllegalArgumentException("postfixRetention must be positive");
        }
    }

    public TopologySettings(
            Topics topics,
            RuleSettings rules,
            Duration cooldownCheckInterval,
            int inputPartitions) {
        this(
                topics,
                rules,
                cooldownCheckInterval,
                inputPartitions,
                DEFAULT_COMMIT_INTERVAL,
                DEFAULT_MAX_COMMIT_INTERVAL,
                DEFAULT_CACHED_MAILBOXES,
                true,
                BounceMessageParser.DEFAULT_MAX_BYTES,
                DEFAULT_POSTFIX_RETENTION);
    }

    public static TopologySettings defaults() {
        return new TopologySettings(
                Topics.DEFAULTS, RuleSettings.DEFAULTS, Duration.ofSeconds(1), 0);
    }

    public TopologySettings withInputPartitions(int partitions) {
        return edit(b -> b.inputPartitions = partitions);
    }

    public TopologySettings withCommits(Duration interval, Duration maxInterval) {
        return edit(
                b -> {
                    b.commitInterval = interval;
                    b.maxCommitInterval = maxInterval;
                });
    }

    public TopologySettings withCachedMailboxes(int mailboxes) {
        return edit(b -> b.cachedMailboxes = mailboxes);
    }

    public TopologySettings withWriteBehind(boolean enabled) {
        return edit(b -> b.writeBehind = enabled);
    }

    public TopologySettings withDsnMaxBytes(int maxBytes) {
        return edit(b -> b.dsnMaxBytes = maxBytes);
    }

    public TopologySettings withPostfixRetention(Duration retention) {
        return edit(b -> b.postfixRetention = retention);
    }

    /** A copy with what {@code change} sets changed: the one place that lists every field. */
    private TopologySettings edit(Consumer<Copy> change) {
        Copy copy = new Copy(this);
        change.accept(copy);
        return copy.build();
    }

    private static final class Copy {
        private final Topics topics;
        private final RuleSettings rules;
        private final Duration cooldownCheckInterval;
        private int inputPartitions;
        private Duration commitInterval;
        private Duration maxCommitInterval;
        private int cachedMailboxes;
        private boolean writeBehind;
        private int dsnMaxBytes;
        private Duration postfixRetention;

        Copy(TopologySettings from) {
            this.topics = from.topics;
            this.rules = from.rules;
            this.cooldownCheckInterval = from.cooldownCheckInterval;
            this.inputPartitions = from.inputPartitions;
            this.commitInterval = from.commitInterval;
            this.maxCommitInterval = from.maxCommitInterval;
            this.cachedMailboxes = from.cachedMailboxes;
            this.writeBehind = from.writeBehind;
            this.dsnMaxBytes = from.dsnMaxBytes;
            this.postfixRetention = from.postfixRetention;
        }

        TopologySettings build() {
            return new TopologySettings(
                    topics,
                    rules,
                    cooldownCheckInterval,
                    inputPartitions,
                    commitInterval,
                    maxCommitInterval,
                    cachedMailboxes,
                    writeBehind,
                    dsnMaxBytes,
                    postfixRetention);
        }
    }
}
