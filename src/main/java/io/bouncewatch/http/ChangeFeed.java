package io.bouncewatch.http;

import java.util.List;
import java.util.function.Consumer;

/** The latest status changes, and a way to hear of each new one as it is written. */
public interface ChangeFeed {

    /** Up to {@code limit} of the latest changes as JSON, oldest first. */
    List<String> recent(int limit);

    /** Calls {@code subscriber} with every new change; run the returned action to stop. */
    Runnable subscribe(Consumer<String> subscriber);
}
