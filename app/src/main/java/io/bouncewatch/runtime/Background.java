package io.bouncewatch.runtime;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The monitor's background work: each job on one named daemon thread of its own. */
final class Background {

    private Background() {}

    /**
     * A single thread, named for what it does (as thread dumps and logs show it), that does not
     * keep the program alive.
     */
    static ScheduledExecutorService thread(String name) {
        return Executors.newSingleThreadScheduledExecutor(
                task -> {
                    Thread thread = new Thread(task, name);
                    thread.setDaemon(true);
                    return thread;
                });
    }
}
