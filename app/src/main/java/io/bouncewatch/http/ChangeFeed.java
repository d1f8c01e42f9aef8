package io.bouncewatch.http;

import java.util.List;
import java.util.Optional;

/** The latest status changes, and a way to hear of each new one as it is written. */
public interface ChangeFeed {

    /** Up to {@code limit} of the latest changes as JSON, oldest first. */
    List<String> recent(int limit);

    /**
     * A subscription to every new change, or empty when the most subscribers allowed are listening.
     * Close it to stop.
     */
    Optional<Subscription> subscribe();
}
