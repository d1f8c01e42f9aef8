package io.bouncewatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.http.Subscription;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The feed's fan-out without Kafka: it never waits on a subscriber, drops laggards, and caps their
 * number.
 */
class StatusChangeFeedTest {

    private final StatusChangeFeed feed =
            new StatusChangeFeed(
                    Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1"),
                    "health.status-changes",
                    2);

    @AfterEach
    void close() {
        feed.close();
    }

    @Test
    void aSubscriberThatStopsTakingIsDroppedWhileTheOthersAndRecentGoOn() throws Exception {
        Subscription stalled = feed.subscribe().orElseThrow();
        Subscription reader = feed.subscribe().orElseThrow();
        for (int i = 0; i <= StatusChangeFeed.QUEUED; i++) {
            feed.publish("c" + i);
            assertThat(reader.next(Duration.ZERO)).isEqualTo("c" + i);
        }
        assertThat(stalled.isOpen()).isFalse();
        assertThat(reader.isOpen()).isTrue();
        assertThat(feed.subscribers()).isEqualTo(1);
        assertThat(feed.recent(1)).containsExactly("c" + StatusChangeFeed.QUEUED);
    }

    @Test
    void aSubscriberThatThrowsIsDroppedAndTheFeedGoesOn() throws Exception {
        Subscription failing = feed.subscribe().orElseThrow();
        failing.onDrop(
                () -> {
                    throw new IllegalStateException("the connection is gone");
                });
        for (int i = 0; i < StatusChangeFeed.QUEUED; i++) {
            feed.publish("c" + i);
        }
        Subscription reader = feed.subscribe().orElseThrow();
        feed.publish("after");
        assertThat(failing.isOpen()).isFalse();
        assertThat(reader.next(Duration.ZERO)).isEqualTo("after");
    }

    @Test
    void theNumberOfSubscribersIsCapped() {
        Subscription first = feed.subscribe().orElseThrow();
        assertThat(feed.subscribe()).isPresent();
        assertThat(feed.subscribe()).isEmpty();
        first.close();
        assertThat(feed.subscribe()).isPresent();
    }
}
