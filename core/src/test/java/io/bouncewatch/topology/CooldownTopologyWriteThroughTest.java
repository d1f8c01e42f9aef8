package io.bouncewatch.topology;

/**
 * {@link CooldownTopologyTest} with mailbox states written through Kafka Streams' record cache
 * ({@code state.write-behind=false}).
 */
class CooldownTopologyWriteThroughTest extends CooldownTopologyTest {

    @Override
    protected TopologySettings settings() {
        return super.settings().withWriteBehind(false);
    }
}
