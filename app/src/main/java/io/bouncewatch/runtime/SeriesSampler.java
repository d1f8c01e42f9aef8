package io.bouncewatch.runtime;

import io.bouncewatch.rules.Status;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples this instance's own counters once a minute on the wall clock into its {@link
 * MinuteSeries}: input records processed, counted sends and bounces, status changes and dead
 * letters (as increases over the minute, from the Kafka Streams metrics), and its mailboxes and
 * domains by status (as {@link MonitorMetrics} counts them). The minutes are written to the data
 * dir after each sample and at close, and read back at start.
 */
final class SeriesSampler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SeriesSampler.class);
    private static final String OWN_GROUP = "stream-bouncewatch-metrics";
    private static final String MAILBOX_TAG = "bouncewatch-id";

    private final Supplier<Map<MetricName, ? extends Metric>> metrics;
    private final Set<String> inputTopics;
    private final Supplier<Optional<MonitorMetrics.Counts>> statusCounts;
    private final SeriesFile file;
    private final MinuteSeries series;
    private final Duration period;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Background.thread("bouncewatch-series");
    private final CounterDeltas<MetricName> records = new CounterDeltas<>();
    private final CounterDeltas<MetricName> sends = new CounterDeltas<>();
    private final CounterDeltas<MetricName> bounces = new CounterDeltas<>();
    private final CounterDeltas<MetricName> countedBounces = new CounterDeltas<>();
    private final CounterDeltas<MetricName> statusChanges = new CounterDeltas<>();
    private final CounterDeltas<MetricName> deadLetters = new CounterDeltas<>();

    /**
     * @param metrics the Kafka Streams metrics of this instance
     * @param inputTopics the topics whose records are the input
     * @param period how often to sample: a minute, aligned on the wall clock's minutes
     */
    SeriesSampler(
            Supplier<Map<MetricName, ? extends Metric>> metrics,
            Set<String> inputTopics,
            Supplier<Optional<MonitorMetrics.Counts>> statusCounts,
            SeriesFile file,
            Duration period,
            Clock clock) {
        this.metrics = metrics;
        this.inputTopics = Set.copyOf(inputTopics);
        this.statusCounts = statusCounts;
        this.file = file;
        this.period = period;
        this.clock = clock;
        this.series = MinuteSeries.of(file.read());
    }

    SeriesSampler start() {
        long periodMillis = period.toMillis();
        long firstDelay = periodMillis - Math.floorMod(clock.millis(), periodMillis);
        scheduler.scheduleAtFixedRate(
                this::sampleLogged, firstDelay, periodMillis, TimeUnit.MILLISECONDS);
        return this;
    }

    private void sampleLogged() {
        try {
            sample();
        } catch (RuntimeException e) {
            LOG.warn("sampling the series failed; the next minute tries again", e);
        }
    }

    /**
     * Records what was counted since the last sample in the minute that just ended (the sample
     * comes at its end, give or take the scheduler's delay) and writes the minutes out.
     */
    synchronized void sample() {
        long now = clock.millis();
        series.record(minuteOf(now - period.toMillis() / 2), read(true));
        file.write(series.stamped());
    }

    /**
     * This instance's {@code count} minutes ending with the current one, which holds what was
     * counted since the last sample; null for a minute not recorded.
     */
    synchronized List<MinuteSeries.Stamped> recent(int count) {
        long current = minuteOf(clock.millis());
        MinuteSeries.Minute[] minutes = series.last(current, count);
        MinuteSeries.Minute pending = read(false);
        minutes[count - 1] =
                minutes[count - 1] == null ? pending : minutes[count - 1].then(pending);
        List<MinuteSeries.Stamped> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (minutes[i] != null) {
                out.add(new MinuteSeries.Stamped(current - count + 1 + i, minutes[i]));
            }
        }
        return out;
    }

    long currentMinute() {
        return minuteOf(clock.millis());
    }

    /** Seconds of the current minute that have passed. */
    double secondsOfCurrentMinute() {
        return Math.floorMod(clock.millis(), 60_000L) / 1000.0;
    }

    private MinuteSeries.Minute read(boolean take) {
        Map<MetricName, ? extends Metric> all = metrics.get();
        Optional<MonitorMetrics.Counts> counts = statusCounts.get();
        return new MinuteSeries.Minute(
                delta(records, all, this::isInputRecords, take),
                delta(sends, all, n -> isMailboxCounter(n, "sends-total"), take),
                delta(bounces, all, SeriesSampler::isBounceByCategory, take),
                delta(countedBounces, all, n -> isMailboxCounter(n, "counted-bounces-total"), take),
                delta(statusChanges, all, SeriesSampler::isStatusChange, take),
                delta(
                        deadLetters,
                        all,
                        n -> isOwn(n) && n.name().equals("dead-letters-total"),
                        take),
                counts.map(c -> byStatus(c.mailboxes())).orElse(null),
                counts.map(c -> byStatus(c.domains())).orElse(null));
    }

    private static long delta(
            CounterDeltas<MetricName> deltas,
            Map<MetricName, ? extends Metric> all,
            Predicate<MetricName> which,
            boolean take) {
        Map<MetricName, Double> totals = new HashMap<>();
        all.forEach(
                (name, metric) -> {
                    if (which.test(name) && metric.metricValue() instanceof Number value) {
                        totals.put(name, value.doubleValue());
                    }
                });
        return take ? deltas.take(totals) : deltas.peek(totals);
    }

    private boolean isInputRecords(MetricName name) {
        return name.group().equals("stream-topic-metrics")
                && name.name().equals("records-consumed-total")
                && inputTopics.contains(name.tags().get("topic"));
    }

    private static boolean isOwn(MetricName name) {
        return name.group().equals(OWN_GROUP);
    }

    private static boolean isMailboxCounter(MetricName name, String counter) {
        return isOwn(name)
                && name.name().equals(counter)
                && "mailbox".equals(name.tags().get(MAILBOX_TAG));
    }

    private static boolean isBounceByCategory(MetricName name) {
        return isOwn(name)
                && name.name().startsWith("bounces-")
                && name.name().endsWith("-total")
                && "mailbox".equals(name.tags().get(MAILBOX_TAG));
    }

    private static boolean isStatusChange(MetricName name) {
        return isOwn(name)
                && name.name().startsWith("status-changes-")
                && name.name().endsWith("-total");
    }

    private static MinuteSeries.ByStatus byStatus(Map<Status, Long> counts) {
        return new MinuteSeries.ByStatus(
                counts.getOrDefault(Status.HEALTHY, 0L),
                counts.getOrDefault(Status.WARNING, 0L),
                counts.getOrDefault(Status.PAUSED, 0L));
    }

    private static long minuteOf(long millis) {
        return Math.floorDiv(millis, 60_000L);
    }

    /** Stops sampling and writes the minutes out, what was counted since the last sample too. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            series.record(minuteOf(clock.millis()), read(true));
            file.write(series.stamped());
        }
    }
}
