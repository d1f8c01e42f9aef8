package io.bouncewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** Records that would split a mailbox across tasks are marked for re-routing. */
class ParseProcessorTest {

    private static final int PARTITIONS = 6;
    private static final String MAILBOX = "alice@acme.io";
    private static final byte[] EVENT =
            "{\"eventId\":\"s-1\",\"mailbox\":\"alice@acme.io\"}".getBytes(StandardCharsets.UTF_8);

    private boolean misrouted(String key, int partition) {
        MockProcessorContext<String, Inbound> context = new MockProcessorContext<>();
        context.setRecordMetadata("email.sends", partition, 42L);
        context.setCurrentSystemTimeMs(1_795_000_000_000L);
        ParseProcessor parser =
                new ParseProcessor(java.util.Map.of("email.sends", InputKind.SENDS), PARTITIONS);
        parser.init(context);
        parser.process(
                new Record<>(key == null ? null : key.getBytes(StandardCharsets.UTF_8), EVENT, 0L));
        Inbound out = context.forwarded().get(0).record().value();
        return ((Inbound.ForMailbox) out).misrouted();
    }

    private static int javaPartition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    @Test
    void aRecordKeyedByTheMailboxOnItsDefaultPartitionStaysWhereItIs() {
        assertThat(misrouted(MAILBOX, javaPartition(MAILBOX))).isFalse();
    }

    @Test
    void aRecordPlacedByAnotherPartitionerIsReRouted() {
        assertThat(misrouted(MAILBOX, (javaPartition(MAILBOX) + 1) % PARTITIONS)).isTrue();
    }

    @Test
    void aRecordKeyedOtherwiseOrNotAtAllIsReRouted() {
        assertThat(misrouted("Alice@ACME.io", javaPartition(MAILBOX))).isTrue();
        assertThat(misrouted(null, javaPartition(MAILBOX))).isTrue();
    }
}
