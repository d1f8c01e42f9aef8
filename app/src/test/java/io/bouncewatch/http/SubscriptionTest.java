package io.bouncewatch.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A live subscriber's bounded queue: offers never wait, a full queue closes the subscriber. */
class SubscriptionTest {

    private final List<Subscription> closed = new ArrayList<>();

    @Test
    void changesAreTakenInOrder() throws Exception {
        Subscription s = new Subscription(3, closed::add);
        assertThat(s.offer("a")).isTrue();
        assertThat(s.offer("b")).isTrue();
        assertThat(s.next(Duration.ZERO)).isEqualTo("a");
        assertThat(s.next(Duration.ZERO)).isEqualTo("b");
        assertThat(s.next(Duration.ZERO)).isNull();
        assertThat(s.isOpen()).isTrue();
    }

    @Test
    void aSubscriberThatFallsBehindIsDroppedOnce() throws Exception {
        AtomicInteger drops = new AtomicInteger();
        Subscription s = new Subscription(2, closed::add);
        s.onDrop(drops::incrementAndGet);
        assertThat(s.offer("a")).isTrue();
        assertThat(s.offer("b")).isTrue();
        assertThat(s.offer("c")).as("full").isFalse();
        assertThat(s.offer("d")).as("closed").isFalse();
        assertThat(s.isOpen()).isFalse();
        assertThat(s.next(Duration.ofSeconds(5))).as("nothing more to take once dropped").isNull();
        assertThat(drops).hasValue(1);
        assertThat(closed).containsExactly(s);
    }

    @Test
    void closingBySubscriberForgetsItWithoutADrop() {
        AtomicInteger drops = new AtomicInteger();
        Subscription s = new Subscription(2, closed::add);
        s.onDrop(drops::incrementAndGet);
        s.close();
        s.close();
        assertThat(s.offer("a")).isFalse();
        assertThat(drops).hasValue(0);
        assertThat(closed).containsExactly(s);
    }
}
