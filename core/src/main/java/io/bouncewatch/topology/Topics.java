package io.bouncewatch.topology;

import io.bouncewatch.input.InputKind;
import io.bouncewatch.payload.DomainHealth;
import io.bouncewatch.payload.MailboxHealth;
import io.bouncewatch.payload.PayloadWriter;
import io.bouncewatch.payload.StatusChange;
import io.bouncewatch.rules.Suppression;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The names of every topic the monitor reads and writes; the defaults are those of
 * docs/interface.md §1.1. {@code domainBlocks} carries domain pauses back to every mailbox
 * partition, so it must have as many partitions as the input topics.
 */
public record Topics(
        String sends,
        String bounces,
        String complaints,
        String commands,
        String dsn,
        String statusChanges,
        String mailboxStatus,
        String domainStatus,
        String deadLetters,
        String domainBlocks,
        String suppressions,
        String kumomta,
        String postfix) {

    /**
     * The largest record the monitor writes: a dead letter of the largest raw message the
     * raw-message topic takes, with the headers that say why. The dead-letter topic's {@code
     * max.message.bytes} and the request limit of the monitor's producer; 8 MiB, which managed
     * clusters allow.
     */
    public static final int MAX_RECORD_BYTES = 8 * 1024 * 1024;

    public static final Topics DEFAULTS =
            new Topics(
                    "email.sends",
                    "email.bounces",
                    "email.complaints",
                    "mailbox.commands",
                    "email.dsn",
                    "health.status-changes",
                    "mailbox.status",
                    "domain.status",
                    "health.dead-letters",
                    "health.domain-blocks",
                    "recipient.suppressions",
                    "ingest.kumomta",
                    "ingest.postfix");

    public List<String> inputs() {
        return List.of(sends, bounces, complaints, commands, dsn, kumomta, postfix);
    }

    /** What each input topic carries, by its name. */
    public Map<String, InputKind> inputKinds() {
        return Map.of(
                sends,
                InputKind.SENDS,
                bounces,
                InputKind.BOUNCES,
                complaints,
                InputKind.COMPLAINTS,
                commands,
                InputKind.COMMANDS,
                dsn,
                InputKind.DSN,
                kumomta,
                InputKind.KUMOMTA,
                postfix,
                InputKind.POSTFIX);
    }

    public List<String> all() {
        return List.of(
                sends,
                bounces,
                complaints,
                commands,
                dsn,
                statusChanges,
                mailboxStatus,
                domainStatus,
                deadLetters,
                domainBlocks,
                suppressions,
                kumomta,
                postfix);
    }

    TopicSpec<String, StatusChange> statusChangesSpec() {
        return new TopicSpec<>(statusChanges, Serdes.String(), json(PayloadWriter::write));
    }

    TopicSpec<String, MailboxHealth> mailboxStatusSpec() {
        return new TopicSpec<>(mailboxStatus, Serdes.String(), json(PayloadWriter::write));
    }

    TopicSpec<String, DomainHealth> domainStatusSpec() {
        return new TopicSpec<>(domainStatus, Serdes.String(), json(PayloadWriter::write));
    }

    TopicSpec<String, Suppression> suppressionsSpec() {
        return new TopicSpec<>(suppressions, Serdes.String(), json(PayloadWriter::suppression));
    }

    /** The sends and bounces the join of Postfix lines writes, as a sender would. */
    TopicSpec<String, byte[]> postfixEventsSpec(String topic) {
        return new TopicSpec<>(topic, Serdes.String(), Serdes.ByteArray());
    }

    TopicSpec<byte[], byte[]> deadLettersSpec() {
        return new TopicSpec<>(deadLetters, Serdes.ByteArray(), Serdes.ByteArray());
    }

    TopicSpec<String, Boolean> domainBlocksSpec() {
        return new TopicSpec<>(domainBlocks, Serdes.String(), Serdes.Boolean());
    }

    /**
     * The monitor writes its JSON outputs and never reads them back; a null value is a tombstone.
     */
    private static <V> Serde<V> json(Function<V, byte[]> write) {
        return Serdes.serdeFrom(
                (topic, value) -> value == null ? null : write.apply(value),
                (topic, bytes) -> {
                    throw new UnsupportedOperationException("the monitor does not read " + topic);
                });
    }
}
