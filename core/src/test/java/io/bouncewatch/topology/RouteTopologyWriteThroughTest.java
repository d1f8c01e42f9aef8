package io.bouncewatch.topology;

/** {@link RouteTopologyTest} with every input's writes reaching the store at once. */
class RouteTopologyWriteThroughTest extends RouteTopologyTest {

    @Override
    protected TopologySettings settings() {
        return super.settings().withWriteBehind(false);
    }
}
