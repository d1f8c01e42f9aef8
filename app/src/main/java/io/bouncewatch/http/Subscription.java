package io.bouncewatch.http;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One live subscriber's changes, in a bounded queue: the feed only {@link #offer}s, never waits,
 * and a subscriber that lets its queue fill up is closed (it fell behind; it may reconnect and read
 * {@code /api/changes}). The subscriber takes changes on its own thread.
 */
public final class Subscription implements AutoCloseable {

    private final BlockingQueue<String> queue;
    private final Consumer<Subscription> onClose;
    private volatile boolean open = true;
    private volatile Runnable onDrop = () -> {};

    /**
     * @param onClose run once when closed, by either side (the feed forgets the subscriber)
     */
    public Subscription(int capacity, Consumer<Subscription> onClose) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.onClose = onClose;
    }

    /**
     * What to do when the feed drops this subscriber, e.g. end its connection (run on the feed's
     * thread).
     */
    public void onDrop(Runnable action) {
        this.onDrop = action;
    }

    /**
     * Hands a change over without waiting; false, and the subscription closed, when it is full or
     * closed.
     */
    public boolean offer(String change) {
        if (!open) {
            return false;
        }
        if (queue.offer(change)) {
            return true;
        }
        if (closeOnce()) {
            onDrop.run();
        }
        return false;
    }

    /** The next change, or null after {@code wait} without one, or once closed. */
    public String next(Duration wait) throws InterruptedException {
        return open ? queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS) : null;
    }

    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        closeOnce();
    }

    private synchronized boolean closeOnce() {
        if (!open) {
            return false;
        }
        open = false;
        queue.clear();
        onClose.accept(this);
        return true;
    }
}
