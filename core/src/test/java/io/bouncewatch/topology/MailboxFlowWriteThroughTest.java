package io.bouncewatch.topology;

/**
 * {@link MailboxFlowTest} with mailbox states written through Kafka Streams' record cache ({@code
 * state.write-behind=false}).
 */
class MailboxFlowWriteThroughTest extends MailboxFlowTest {

    @Override
    protected TopologySettings settings() {
        return super.settings().withWriteBehind(false);
    }
}
