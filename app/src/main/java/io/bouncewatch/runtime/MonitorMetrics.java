package io.bouncewatch.runtime;

import io.bouncewatch.http.IngestCounts;
import io.bouncewatch.payload.DomainHealth;
import io.bouncewatch.query.QueryService;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.Provider;
import io.bouncewatch.rules.RouteStatus;
import io.bouncewatch.rules.Status;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * Prometheus metrics of one instance: every Kafka Streams metric (the monitor's own status-change,
 * dead-letter and latency sensors among them), the JVM, and this instance's mailboxes and domains
 * by status, routes not OK by provider and status, and suppressed recipients by category, counted
 * from its stores at most every few seconds.
 */
public final class MonitorMetrics implements AutoCloseable {

    private static final long COUNT_EVERY_MILLIS = 5_000;

    private final PrometheusMeterRegistry registry =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaStreamsMetrics streamsMetrics;
    private final ScheduledExecutorService scheduler;
    private final QueryService queries;
    private volatile Counts counts =
            new Counts(
                    new EnumMap<>(Status.class),
                    new EnumMap<>(Status.class),
                    new EnumMap<>(Provider.class),
                    Map.of(),
                    0);

    public MonitorMetrics(KafkaStreams streams, QueryService queries) {
        this.queries = Objects.requireNonNull(queries, "queries");
        // Sensors appear as tasks start; look for new ones every few seconds, not every minute.
        this.scheduler = Background.thread("bouncewatch-metrics");
        this.streamsMetrics =
                new KafkaStreamsMetrics(streams, List.of(), scheduler, Duration.ofSeconds(5));
        streamsMetrics.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        for (Status status : Status.values()) {
            Gauge.builder(
                            "bouncewatch.mailboxes",
                            () -> counts().mailboxes().getOrDefault(status, 0L))
                    .description("mailboxes held by this instance, by status")
                    .tag("status", status.name())
                    .register(registry);
            Gauge.builder("bouncewatch.domains", () -> counts().domains().getOrDefault(status, 0L))
                    .description("domains held by this instance, by status")
                    .tag("status", status.name())
                    .register(registry);
        }
        registerRoutesAndSuppressions();
    }

    /**
     * Every provider and status a route can be off OK in, and every category a suppression can have
     * ({@code NONE} for none), registered up front so each series exists from zero.
     */
    private void registerRoutesAndSuppressions() {
        for (Provider provider : Provider.values()) {
            for (RouteStatus status : RouteStatus.values()) {
                if (status == RouteStatus.OK) {
                    continue;
                }
                Gauge.builder(
                                "bouncewatch.routes",
                                () ->
                                        counts().routes()
                                                .getOrDefault(provider, Map.of())
                                                .getOrDefault(status, 0L))
                        .description(
                                "routes of this instance's mailboxes that are not OK, by provider"
                                        + " and status")
                        .tag("provider", provider.wireName())
                        .tag("status", status.name())
                        .register(registry);
            }
        }
        List<String> categories = new ArrayList<>();
        for (Category category : Category.values()) {
            categories.add(category.name());
        }
        categories.add(QueryService.NO_CATEGORY);
        for (String category : categories) {
            Gauge.builder(
                            "bouncewatch.suppressions",
                            () -> counts().suppressions().getOrDefault(category, 0L))
                    .description(
                            "recipients this instance holds as suppressed, by category (NONE:"
                                    + " without one)")
                    .tag("category", category)
                    .register(registry);
        }
    }

    /**
     * Counts the webhook sources' requests by outcome ({@code bouncewatch_ingest_requests_total})
     * and the records they were written as ({@code bouncewatch_ingest_records_total}, kind {@code
     * event} or {@code rejected}), per source.
     */
    public void bindIngest(IngestCounts ingest) {
        for (String source : ingest.sources()) {
            for (IngestCounts.Outcome outcome : IngestCounts.Outcome.values()) {
                FunctionCounter.builder(
                                "bouncewatch.ingest.requests",
                                ingest,
                                c -> c.requests(source, outcome))
                        .description("webhook requests to a configured source, by outcome")
                        .tag("source", source)
                        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                        .register(registry);
            }
            FunctionCounter.builder("bouncewatch.ingest.records", ingest, c -> c.events(source))
                    .description("records written for accepted webhook requests, by kind")
                    .tag("source", source)
                    .tag("kind", "event")
                    .register(registry);
            FunctionCounter.builder("bouncewatch.ingest.records", ingest, c -> c.rejected(source))
                    .description("records written for accepted webhook requests, by kind")
                    .tag("source", source)
                    .tag("kind", "rejected")
                    .register(registry);
        }
    }

    public String scrape() {
        return registry.scrape();
    }

    /**
     * This instance's mailboxes and domains by status, as the gauges count them; empty until its
     * stores have first answered.
     */
    Optional<Counts> statusCounts() {
        Counts current = counts();
        return current.countedAt() == 0 ? Optional.empty() : Optional.of(current);
    }

    private Counts counts() {
        Counts current = counts;
        long now = System.currentTimeMillis();
        if (now - current.countedAt() < COUNT_EVERY_MILLIS) {
            return current;
        }
        QueryService service = queries;
        if (!service.ready()) {
            return current;
        }
        try {
            Map<Status, Long> mailboxes = service.localMailboxCounts();
            Map<Status, Long> domains = new EnumMap<>(Status.class);
            for (DomainHealth h : service.localDomains(null)) {
                domains.merge(h.status(), 1L, Long::sum);
            }
            counts =
                    new Counts(
                            mailboxes,
                            domains,
                            service.localRouteCounts(),
                            service.localSuppressionCounts(),
                            now);
        } catch (InvalidStateStoreException rebalancing) {
            return current;
        }
        return counts;
    }

    @Override
    public void close() {
        streamsMetrics.close();
        scheduler.shutdownNow();
        registry.close();
    }

    record Counts(
            Map<Status, Long> mailboxes,
            Map<Status, Long> domains,
            Map<Provider, Map<RouteStatus, Long>> routes,
            Map<String, Long> suppressions,
            long countedAt) {}
}
