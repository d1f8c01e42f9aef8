package io.bouncewatch.runtime;

import io.bouncewatch.http.ChangeFeed;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
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
 * Every instance follows the whole topic, so each shows every change.
 */
public final class StatusChangeFeed implements ChangeFeed, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusChangeFeed.class);
    private static final int KEPT = 500;

    private final KafkaConsumer<String, String> consumer;
    private final String topic;
    private final Deque<String> recent = new ArrayDeque<>();
    private final List<Consumer<String>> subscribers = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public StatusChangeFeed(Map<String, Object> clientProps, String topic) {
        Properties props = new Properties();
        props.putAll(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, props.getOrDefault(ConsumerConfig.CLIENT_ID_CONFIG, "bouncewatch")
                + "-feed");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        this.topic = topic;
        this.thread = new Thread(this::run, "bouncewatch-status-feed");
        thread.setDaemon(true);
    }

    public StatusChangeFeed start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            long perPartition = Math.max(1, KEPT / Math.max(1, partitions.size()));
            for (TopicPartition p : partitions) {
                consumer.seek(p, Math.max(begin.get(p), end.get(p) - perPartition));
            }
            while (running) {
                List<ConsumerRecord<String, String>> batch = new ArrayList<>();
                consumer.poll(Duration.ofMillis(500)).forEach(batch::add);
                batch.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
                for (ConsumerRecord<String, String> r : batch) {
                    if (r.value() != null) {
                        remember(r.value());
                        subscribers.forEach(s -> s.accept(r.value()));
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.warn("the status-change feed stopped: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(2));
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
    public Runnable subscribe(Consumer<String> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
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
