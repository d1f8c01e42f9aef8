package io.bouncewatch.topology;

/**
 * {@link DomainAggregationTest} with mailbox states written through Kafka Streams' record cache
 * ({@code state.write-behind=false}).
 */
class DomainAggregationWriteThroughTest extends DomainAggregationTest {

    @Override
    protected TopologySettings settings() {
        return super.settings().withWriteBehind(false);
    }
}
