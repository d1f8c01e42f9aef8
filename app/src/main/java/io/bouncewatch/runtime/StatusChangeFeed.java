package io.bouncewatch.runtime;

import io.bouncewatch.http.ChangeFeed;
import io.bouncewatch.http.Subscription;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code health.status-changes} (every partition, read_committed, no consumer group) and
 * keeps the latest changes for the dashboard's feed, handing each new one to live subscribers.
 * Every instance follows the whole topic, so each shows every change. A subscriber gets its own
 * bounded queue: this thread never waits on one, and drops one that falls {@link #QUEUED} behind.
 */
public final class StatusChangeFeed implements ChangeFeed, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusChangeFeed.class);
    private static final int KEPT = 500;
    static final int QUEUED = 1_000;
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final KafkaConsumer<String, String> consumer;
    private final String topic;
    private final Deque<String> recent = new ArrayDeque<>();
    private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();
    private final int maxSubscribers;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param maxSubscribers live subscribers at most (http.sse.max-clients)
     */
    public StatusChangeFeed(Map<String, Object> clientProps, String topic, int maxSubscribers) {
        Properties props = new Properties();
        props.putAll(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(
                ConsumerConfig.CLIENT_ID_CONFIG,
                props.getOrDefault(ConsumerConfig.CLIENT_ID_CONFIG, "bouncewatch") + "-feed");
        this.consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        this.topic = topic;
        this.maxSubscribers = maxSubscribers;
        this.thread = new Thread(this::run, "bouncewatch-status-feed");
        thread.setDaemon(true);
    }

    public StatusChangeFeed start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            boolean assigned = false;
            while (running) {
                try {
                    if (!assigned) {
                        assignLatest();
                        assigned = true;
                    }
                    List<ConsumerRecord<String, String>> batch = new ArrayList<>();
                    consumer.poll(Duration.ofMillis(500)).forEach(batch::add);
                    batch.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
                    for (ConsumerRecord<String, String> r : batch) {
                        if (r.value() != null) {
                            publish(r.value());
                        }
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // The feed outlives a broker outage or a bad record; it tries again in a
                    // moment.
                    LOG.warn("the status-change feed failed, retrying: {}", e.toString());
                    Thread.sleep(RETRY.toMillis());
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
        }
    }

    private void assignLatest() {
        List<TopicPartition> partitions =
                consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        long perPartition = Math.max(1, KEPT / Math.max(1, partitions.size()));
        for (TopicPartition p : partitions) {
            consumer.seek(p, Math.max(begin.get(p), end.get(p) - perPartition));
        }
    }

    /** Keeps a change and offers it to every subscriber; one that is full or throws is dropped. */
    void publish(String change) {
        remember(change);
        for (Subscription s : subscribers) {
            try {
                if (!s.offer(change)) {
                    LOG.info("dropped a live-feed subscriber that fell {} changes behind", QUEUED);
                }
            } catch (RuntimeException e) {
                LOG.warn("dropped a live-feed subscriber that failed: {}", e.toString());
                s.close();
            }
        }
    }

    private synchronized void remember(String change) {
        recent.addLast(change);
        while (recent.size() > KEPT) {
            recent.removeFirst();
        }
    }

    @Override
    public synchronized List<String> recent(int limit) {
        List<String> all = new ArrayList<>(recent);
        return all.subList(Math.max(0, all.size() - limit), all.size());
    }

    @Override
    public synchronized Optional<Subscription> subscribe() {
        if (subscribers.size() >= maxSubscribers) {
            return Optional.empty();
        }
        Subscription subscription = new Subscription(QUEUED, subscribers::remove);
        subscribers.add(subscription);
        return Optional.of(subscription);
    }

    /** Live subscribers now. */
    int subscribers() {
        return subscribers.size();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
