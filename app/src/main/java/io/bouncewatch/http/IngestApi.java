package io.bouncewatch.http;

import io.bouncewatch.ingest.Ingested;
import io.bouncewatch.ingest.WebhookRefusal;
import io.bouncewatch.ingest.WebhookRequest;
import io.bouncewatch.ingest.WebhookSource;
import io.javalin.http.Context;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /ingest/{source}}: a provider's webhook request, verified by its source (which stands
 * in for the bearer token: providers send none), mapped to input events and answered 2xx only once
 * Kafka has acknowledged every one of them.
 */
final class IngestApi {

    /** A provider batches its events into one request: room for the largest batches. */
    static final int BODY_LIMIT = 4 * 1024 * 1024;

    /**
     * The paths a webhook is served at. Exactly one plain segment (a trailing slash, which the
     * router ignores, allowed), so that the write guard lets through this route and nothing a path
     * could be made to look like.
     */
    static final Pattern PATH = Pattern.compile("/ingest/[a-z0-9-]{1,32}/?");

    private static final Logger LOG = LoggerFactory.getLogger(IngestApi.class);

    private final Map<String, WebhookSource> sources;
    private final Clock clock;
    private final IngestCounts counts;

    /**
     * @param sources the configured sources by name; a name not here answers 404
     */
    IngestApi(Map<String, WebhookSource> sources, Clock clock) {
        this.sources = Map.copyOf(sources);
        this.clock = clock;
        this.counts = new IngestCounts(this.sources.keySet());
    }

    /** The names of the configured sources, in order. */
    java.util.SortedSet<String> names() {
        return new java.util.TreeSet<>(sources.keySet());
    }

    IngestCounts counts() {
        return counts;
    }

    /**
     * @param publisher null until the monitor has started: 503 until then
     */
    void handle(Context ctx, IngestPublisher publisher) {
        String name = ctx.pathParam("source");
        WebhookSource source = sources.get(name);
        if (source == null) {
            throw new Refusal(
                    404,
                    "no webhook source "
                            + name
                            + " is configured here"
                            + (sources.isEmpty()
                                    ? ""
                                    : "; configured: "
                                            + String.join(", ", new TreeMap<>(sources).keySet())));
        }
        try {
            Published published = accept(ctx, name, source, publisher);
            counts.request(name, IngestCounts.Outcome.ACCEPTED);
            counts.published(name, published.events(), published.rejected());
        } catch (Refusal e) {
            counts.request(name, IngestCounts.Outcome.REFUSED);
            throw e;
        } catch (HttpApi.Unavailable e) {
            counts.request(name, IngestCounts.Outcome.UNAVAILABLE);
            throw e;
        }
    }

    /** Answers a request to a configured source: the events and rejected parts it published. */
    private Published accept(
            Context ctx, String name, WebhookSource source, IngestPublisher publisher) {
        if (publisher == null) {
            throw new HttpApi.Unavailable("the monitor is starting");
        }
        byte[] body = BoundedBody.read(ctx, BODY_LIMIT);
        List<Ingested> records;
        try {
            records = source.accept(new WebhookRequest(headers(ctx), body, clock.instant()));
        } catch (WebhookRefusal e) {
            throw new Refusal(
                    e.status(),
                    e.getMessage(),
                    e.challenge() == null ? Map.of() : Map.of("WWW-Authenticate", e.challenge()));
        } catch (UncheckedIOException e) {
            // What a source needed from the network (SNS's certificate) did not come: neither
            // accepted nor refused, so the provider must deliver it again.
            LOG.warn("ingest/{}: {}", name, e.getMessage());
            throw new HttpApi.Unavailable(e.getMessage() + "; retry it");
        }
        try {
            publisher.publish(name, records);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpApi.Unavailable("interrupted before Kafka acknowledged the events");
        } catch (Exception e) {
            // What the producer said, not the future's wrapper around it.
            Throwable why =
                    e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            // One line, not a stack trace: during an outage every request ends here.
            LOG.warn(
                    "ingest/{}: Kafka did not acknowledge a request's records: {}",
                    name,
                    why.toString());
            throw new HttpApi.Unavailable(
                    "Kafka did not acknowledge every event of this request ("
                            + why.getClass().getSimpleName()
                            + "); retry it");
        }
        int rejected = (int) records.stream().filter(r -> r instanceof Ingested.Rejected).count();
        int events = records.size() - rejected;
        ctx.status(200)
                .contentType("application/json")
                .result("{\"accepted\":" + events + ",\"rejected\":" + rejected + "}");
        return new Published(events, rejected);
    }

    private record Published(int events, int rejected) {}

    private static Map<String, List<String>> headers(Context ctx) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String header : Collections.list(ctx.req().getHeaderNames())) {
            headers.computeIfAbsent(header, h -> new ArrayList<>())
                    .addAll(Collections.list(ctx.req().getHeaders(header)));
        }
        return headers;
    }
}
