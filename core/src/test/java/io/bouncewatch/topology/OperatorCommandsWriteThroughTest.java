package io.bouncewatch.topology;

/**
 * {@link OperatorCommandsTest} with mailbox states written through Kafka Streams' record cache
 * ({@code state.write-behind=false}).
 */
class OperatorCommandsWriteThroughTest extends OperatorCommandsTest {

    @Override
    protected TopologySettings settings() {
        return super.settings().withWriteBehind(false);
    }
}
