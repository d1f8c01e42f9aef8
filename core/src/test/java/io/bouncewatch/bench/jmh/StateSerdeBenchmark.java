package io.bouncewatch.bench.jmh;

import io.bouncewatch.rules.MailboxState;
import io.bouncewatch.topology.StateSerdes;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The mailbox state serde, which runs on every event: a store read deserializes the stored state
 * and a store write serializes the new one (and the changelog record carries those bytes). The
 * realistic mid-window state serializes to {@value #REALISTIC_STATE_BYTES} bytes, 668 of them the
 * event ids of its duplicate windows: an hour of sends and 8 bounces.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StateSerdeBenchmark {

    /**
     * Serialized size of {@link BenchmarkInputs#midWindowMailbox()}: 158 bytes in format version 1,
     * 4 more in version 2 (no operator, no note, no command ids yet), 4 more in version 3 (a byte
     * naming the two categories it has bounces of, their two counts, and an empty route list), 1
     * more in version 4 (the recovery count), 536 more in version 5: instead of two rings of 8
     * fingerprints (132 bytes), the 52 send ids of its last hour (one a minute) and its 8 bounce
     * ids, each a fingerprint of 8 bytes and its first-seen time, the first in 6 bytes and every
     * later one as a gap of 3 (a minute in milliseconds).
     */
    public static final int REALISTIC_STATE_BYTES = 703;

    /** The serde ignores the topic; this is the mailbox store's changelog. */
    static final String TOPIC = "bouncewatch-mailbox-state-changelog";

    Serializer<MailboxState> serializer;
    Deserializer<MailboxState> deserializer;
    MailboxState state;
    byte[] bytes;

    @Setup
    public void setUp() {
        Serde<MailboxState> serde = StateSerdes.mailboxState();
        serializer = serde.serializer();
        deserializer = serde.deserializer();
        state = BenchmarkInputs.midWindowMailbox();
        bytes = serializer.serialize(TOPIC, state);
    }

    @Benchmark
    public byte[] serialize() {
        return serializer.serialize(TOPIC, state);
    }

    @Benchmark
    public MailboxState deserialize() {
        return deserializer.deserialize(TOPIC, bytes);
    }
}
