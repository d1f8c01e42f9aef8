package io.bouncewatch.topology;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * One TopologyTestDriver for all tests of a class, since opening one costs far more than a test:
 * each test uses mailboxes and domains of its own and starts from empty outputs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SharedDriverTest {

    protected TopologyHarness h;

    /** The topology's settings; a subclass runs the same tests with others. */
    protected TopologySettings settings() {
        return TopologySettings.defaults();
    }

    @BeforeAll
    void open() {
        h = new TopologyHarness(settings());
    }

    @AfterAll
    void close() {
        if (h != null) {
            h.close();
        }
    }

    @BeforeEach
    void forgetEarlierOutput() {
        h.discardOutputs();
    }
}
