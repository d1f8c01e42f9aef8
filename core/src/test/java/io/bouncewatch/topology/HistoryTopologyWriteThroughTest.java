package io.bouncewatch.topology;

/** {@link HistoryTopologyTest} with every input's writes reaching the store at once. */
class HistoryTopologyWriteThroughTest extends HistoryTopologyTest {

    @Override
    protected TopologySettings settings() {
        return super.settings().withWriteBehind(false);
    }
}
