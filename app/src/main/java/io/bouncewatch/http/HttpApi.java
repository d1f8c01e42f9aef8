package io.bouncewatch.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.classify.InputClassifier;
import io.bouncewatch.classify.UnclassifiableInputException;
import io.bouncewatch.dsn.BounceMessageParser;
import io.bouncewatch.ingest.WebhookSource;
import io.bouncewatch.payload.Addresses;
import io.bouncewatch.payload.ClassifiedBounce;
import io.bouncewatch.payload.PayloadWriter;
import io.bouncewatch.query.InstanceUnavailable;
import io.bouncewatch.query.Lookup;
import io.bouncewatch.query.QueryService;
import io.bouncewatch.query.RemoteQueries;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.RuleSettings;
import io.bouncewatch.rules.Status;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.sse.SseClient;
import io.javalin.http.staticfiles.Location;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API on one instance. Any instance answers any query: keys owned elsewhere are fetched
 * from their owner, and lists are merged from every instance or refused with 503 (never a silent
 * partial list).
 */
public final class HttpApi implements AutoCloseable {

    /** Paths whose POST only reads (the body is the query): no token needed, nothing is written. */
    static final Set<String> READ_ONLY_POSTS = Set.of("/api/classify", "/api/suppressions/check");

    private static final String FORWARDED = RemoteQueries.FORWARDED;
    private static final int DEFAULT_LIMIT = 1000;
    private static final int MAX_LIMIT = 100_000;
    private static final String SUBSCRIPTION = "bouncewatch.subscription";

    /** A live-feed client that went away is noticed at the next write at the latest. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final ObjectMapper JSON = PlainNumbers.mapper();

    private final Javalin app;
    private final RuleSettings rules;
    private final String generatedToken;
    private final RemoteQueries remote;
    private final InputClassifier classifier = new InputClassifier();
    private final IngestApi ingest;
    // Null until the monitor has started: everything that needs it answers as starting until then.
    private volatile Started started;
    // Null until the monitor has started, like started.
    private volatile Trends trends;

    /**
     * What the API knows from the start.
     *
     * @param rules the thresholds in force, for the dashboard
     * @param authToken the bearer token every write must carry (http.auth.token); when empty, one
     *     is generated for this run ({@link #generatedToken()})
     * @param ingestSources the configured webhook sources by name, served at /ingest/{name}
     */
    public record Services(
            RuleSettings rules, String authToken, Map<String, WebhookSource> ingestSources) {
        public Services {
            ingestSources = Map.copyOf(ingestSources);
        }
    }

    /**
     * What a started monitor serves, handed over at once by {@link #open}.
     *
     * @param queries the query service
     * @param commands where operator actions go
     * @param feed the latest status changes, for the dashboard
     * @param metrics the Prometheus exposition of this instance
     * @param readiness whether this instance can process and answer, for /health/ready
     * @param ingest where what the webhook sources report goes
     */
    public record Backend(
            QueryService queries,
            CommandPublisher commands,
            ChangeFeed feed,
            Supplier<String> metrics,
            Readiness readiness,
            IngestPublisher ingest) {
        public Backend {
            Objects.requireNonNull(queries, "queries");
            Objects.requireNonNull(commands, "commands");
            Objects.requireNonNull(feed, "feed");
            Objects.requireNonNull(metrics, "metrics");
            Objects.requireNonNull(readiness, "readiness");
            Objects.requireNonNull(ingest, "ingest");
        }
    }

    private record Started(Backend backend, OperatorActions actions) {}

    public HttpApi(Services services) {
        this.rules = services.rules();
        this.generatedToken = services.authToken().isEmpty() ? WriteGuard.newToken() : null;
        this.remote = new RemoteQueries(services.authToken());
        WriteGuard guard =
                new WriteGuard(
                        generatedToken == null ? services.authToken() : generatedToken,
                        READ_ONLY_POSTS,
                        IngestApi.PATH);
        this.ingest = new IngestApi(services.ingestSources(), Clock.systemUTC());
        this.app =
                Javalin.create(
                        config -> {
                            config.showJavalinBanner = false;
                            // Javalin's own check, for a declared Content-Length; BoundedBody reads
                            // every body we use.
                            config.http.maxRequestSize = BoundedBody.LIMIT;
                            config.jetty.modifyServer(
                                    server -> server.setErrorHandler(new JsonErrorHandler()));
                            config.staticFiles.add(
                                    files -> {
                                        files.hostedPath = "/dashboard";
                                        files.directory = "/dashboard";
                                        files.location = Location.CLASSPATH;
                                    });
                        });
        app.before(guard);
        app.get("/", ctx -> page(ctx, "index.html"));
        // A page for any name: the page itself says "not known" from its API's 404.
        app.get("/mailboxes/{mailbox}", ctx -> page(ctx, "mailbox.html"));
        app.get("/domains/{domain}", ctx -> page(ctx, "domain.html"));
        app.get("/health/live", ctx -> json(ctx, 200, "{\"status\":\"UP\"}"));
        app.get("/health/ready", this::ready);
        app.get(
                "/metrics",
                ctx ->
                        ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                                .result(started == null ? "" : started.backend().metrics().get()));
        app.get("/api/rules", this::rules);
        app.get("/api/changes", this::changes);
        app.before("/api/changes/stream", this::reserveSubscription);
        app.sse("/api/changes/stream", this::stream);
        app.get("/api/mailboxes/{mailbox}", this::mailbox);
        app.get("/api/mailboxes/{mailbox}/history", this::mailboxHistory);
        app.get("/api/mailboxes", this::mailboxes);
        app.get("/api/domains/{domain}", this::domain);
        app.get("/api/domains/{domain}/history", this::domainHistory);
        app.get("/api/domains", this::domains);
        app.post("/api/classify", this::classify);
        app.get("/api/series", this::series);
        app.get("/api/dead-letters", this::deadLetters);
        app.get("/api/lag", this::lag);
        // The summary before the address: "summary" is no address, and the first match wins.
        app.get("/api/suppressions/summary", this::suppressionCounts);
        app.get("/api/suppressions/{recipient}", this::suppression);
        app.get("/api/suppressions", this::suppressions);
        app.post("/api/suppressions/check", this::checkSuppressions);
        app.put("/api/suppressions/{recipient}", ctx -> suppressionCommand(ctx, true));
        app.delete("/api/suppressions/{recipient}", ctx -> suppressionCommand(ctx, false));
        app.post(
                "/api/mailboxes/{mailbox}/{action}",
                ctx -> command(ctx, false, ctx.pathParam("mailbox")));
        app.post(
                "/api/domains/{domain}/{action}",
                ctx -> command(ctx, true, ctx.pathParam("domain")));
        app.post(
                "/ingest/{source}",
                ctx -> {
                    Started now = started;
                    ingest.handle(ctx, now == null ? null : now.backend().ingest());
                });
        app.exception(BadRequest.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        app.exception(
                HttpResponseException.class,
                (e, ctx) ->
                        error(
                                ctx,
                                e.getStatus(),
                                e.getStatus() == 404
                                        ? "no such resource: " + ctx.path()
                                        : e.getMessage()));
        app.exception(
                Refusal.class,
                (e, ctx) -> {
                    e.headers().forEach(ctx::header);
                    error(ctx, e.status(), e.getMessage());
                });
        app.exception(
                OperatorActions.PublishTimedOut.class,
                (e, ctx) -> {
                    ctx.header("Retry-After", "5");
                    try {
                        json(
                                ctx,
                                503,
                                JSON.writeValueAsBytes(
                                        Map.of(
                                                "error",
                                                e.getMessage(),
                                                "commandId",
                                                e.commandId())));
                    } catch (IOException io) {
                        throw new IllegalStateException(io);
                    }
                });
        app.exception(
                Unavailable.class,
                (e, ctx) -> {
                    ctx.header("Retry-After", "1");
                    error(ctx, 503, e.getMessage());
                });
        app.exception(
                InstanceUnavailable.class,
                (e, ctx) -> {
                    ctx.header("Retry-After", "1");
                    error(ctx, 503, e.getMessage());
                });
        app.exception(
                Trends.Unanswered.class,
                (e, ctx) -> {
                    ctx.header("Retry-After", "5");
                    error(ctx, 503, e.getMessage());
                });
        app.exception(
                InvalidStateStoreException.class,
                (e, ctx) -> {
                    ctx.header("Retry-After", "1");
                    error(ctx, 503, "the stores are being rebalanced; retry shortly");
                });
        app.exception(
                Exception.class,
                (e, ctx) -> {
                    LOG.error("HTTP {} {} failed", ctx.method(), ctx.path(), e);
                    error(ctx, 500, "internal error: " + e.getClass().getSimpleName());
                });
        app.error(
                404,
                ctx -> {
                    // Our own 404s are JSON already; Javalin's (no such route) become JSON too.
                    String type = ctx.res().getContentType();
                    if (type == null || !type.startsWith("application/json")) {
                        error(ctx, 404, "no such resource: " + ctx.path());
                    }
                });
        app.error(
                413,
                ctx -> {
                    // BoundedBody's own 413s name their route's limit already.
                    String type = ctx.res().getContentType();
                    if (type == null || !type.startsWith("application/json")) {
                        error(ctx, 413, BoundedBody.tooLargeMessage(BoundedBody.LIMIT));
                    }
                });
    }

    /**
     * The token made for this run when none is configured, to hand to the operator once; else
     * empty.
     */
    public Optional<String> generatedToken() {
        return Optional.ofNullable(generatedToken);
    }

    /** The webhook sources served at {@code /ingest/{name}}, by name, in order. */
    public java.util.SortedSet<String> webhooks() {
        return ingest.names();
    }

    /** What the webhook sources have answered and published, for the metrics. */
    public IngestCounts ingestCounts() {
        return ingest.counts();
    }

    /** Binds the port (0 picks a free one) on every interface. */
    public HttpApi start(int port) {
        app.start("0.0.0.0", port);
        return this;
    }

    public int port() {
        return app.port();
    }

    /**
     * Hands over what the started monitor serves: from now on queries, commands and the live feed
     * are answered instead of refused with 503 "the monitor is starting".
     */
    public void open(Backend backend) {
        started = new Started(backend, new OperatorActions(backend.commands()));
    }

    /** Hands over the trends of the started monitor: the series, dead letters and lag. */
    public void openTrends(Trends trends) {
        this.trends = Objects.requireNonNull(trends, "trends");
    }

    private Trends trends() {
        Trends now = trends;
        if (now == null) {
            throw new Unavailable("the monitor is starting");
        }
        return now;
    }

    private Started started() {
        Started now = started;
        if (now == null) {
            throw new Unavailable("the monitor is starting");
        }
        return now;
    }

    private QueryService service() {
        return started().backend().queries();
    }

    /** One of the dashboard's pages, from the dashboard folder of the class path. */
    private static void page(Context ctx, String name) throws IOException {
        try (InputStream page = HttpApi.class.getResourceAsStream("/dashboard/" + name)) {
            if (page == null) {
                error(ctx, 404, "the dashboard is not packaged");
                return;
            }
            ctx.contentType("text/html; charset=utf-8").result(page.readAllBytes());
        }
    }

    private void rules(Context ctx) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("windowMaxSends", rules.windowMaxSends());
        body.put("windowRetainFraction", rules.windowRetainFraction());
        body.put("minSends", rules.minSends());
        body.put("pauseBounces", rules.pauseBounces());
        body.put("pauseBounceRate", rules.pauseBounceRate());
        body.put("warningBounces", rules.warningBounces());
        body.put("warningBounceRate", rules.warningBounceRate());
        body.put("recoveryRate", rules.recoveryRate());
        body.put("recoverySends", rules.recoverySends());
        body.put("pauseComplaints", rules.pauseComplaints());
        body.put("warningComplaints", rules.warningComplaints());
        body.put("probationSends", rules.probationSends());
        body.put("domainWarningRatio", rules.domainWarningRatio());
        body.put("domainPauseRatio", rules.domainPauseRatio());
        json(ctx, 200, JSON.writeValueAsBytes(body));
    }

    private void changes(Context ctx) {
        String raw = ctx.queryParam("limit");
        int limit = raw == null ? 200 : limit(raw);
        rejectUnknownParameters(ctx, "limit");
        List<String> recent = started == null ? List.of() : started.backend().feed().recent(limit);
        json(
                ctx,
                200,
                array(recent.stream().map(c -> c.getBytes(StandardCharsets.UTF_8)).toList()));
    }

    /** The SSE handler answers 200 before it runs; a client past the cap is refused here. */
    private void reserveSubscription(Context ctx) {
        if ("text/event-stream".equals(ctx.header("Accept"))) {
            ctx.attribute(
                    SUBSCRIPTION,
                    started()
                            .backend()
                            .feed()
                            .subscribe()
                            .orElseThrow(
                                    () ->
                                            new Unavailable(
                                                    "the live feed takes no more clients now (at most http.sse.max-clients); retry later or read /api/changes")));
        }
    }

    /**
     * Sends the subscription's changes on this request's own thread, so that a client that stops
     * reading blocks only itself; the feed drops it once its queue is full, ending its connection.
     */
    private void stream(SseClient client) {
        Subscription subscription = client.ctx().attribute(SUBSCRIPTION);
        subscription.onDrop(() -> abort(client.ctx()));
        try (subscription) {
            // Tells the client it is subscribed: every change from now on reaches it.
            client.sendComment("connected");
            while (subscription.isOpen() && !client.terminated()) {
                String change = subscription.next(HEARTBEAT);
                if (change != null) {
                    client.sendEvent("change", change);
                } else if (subscription.isOpen()) {
                    client.sendComment("keep-alive");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            client.close();
        }
    }

    /** Closes the connection under a write that may be blocked on a client that does not read. */
    private static void abort(Context ctx) {
        Request request = Request.getBaseRequest(ctx.req());
        if (request != null) {
            request.getHttpChannel().getEndPoint().close();
        }
    }

    private void ready(Context ctx) {
        Optional<String> problem =
                started == null
                        ? Optional.of("the monitor is starting")
                        : started.backend().readiness().problem();
        if (problem.isEmpty()) {
            json(ctx, 200, "{\"status\":\"READY\"}");
        } else {
            error(ctx, 503, "not ready: " + problem.get());
        }
    }

    private void mailbox(Context ctx) throws Exception {
        String mailbox = valid(() -> Addresses.normaliseMailbox(ctx.pathParam("mailbox")));
        answer(
                ctx,
                service().mailbox(mailbox),
                PayloadWriter::write,
                "/api/mailboxes/" + encode(mailbox),
                "unknown mailbox " + mailbox);
    }

    private void domain(Context ctx) throws Exception {
        String domain = valid(() -> Addresses.normaliseDomain(ctx.pathParam("domain")));
        answer(
                ctx,
                service().domain(domain),
                PayloadWriter::write,
                "/api/domains/" + encode(domain),
                "unknown domain " + domain);
    }

    private void mailboxHistory(Context ctx) throws Exception {
        String mailbox = valid(() -> Addresses.normaliseMailbox(ctx.pathParam("mailbox")));
        answer(
                ctx,
                service().mailboxHistory(mailbox),
                PayloadWriter::write,
                "/api/mailboxes/" + encode(mailbox) + "/history",
                "unknown mailbox " + mailbox);
    }

    private void domainHistory(Context ctx) throws Exception {
        String domain = valid(() -> Addresses.normaliseDomain(ctx.pathParam("domain")));
        answer(
                ctx,
                service().domainHistory(domain),
                PayloadWriter::write,
                "/api/domains/" + encode(domain) + "/history",
                "unknown domain " + domain);
    }

    private <T> void answer(
            Context ctx, Lookup<T> lookup, Function<T, byte[]> write, String path, String notFound)
            throws Exception {
        if (lookup instanceof Lookup.Local<T> local) {
            json(ctx, 200, write.apply(local.value()));
        } else if (lookup instanceof Lookup.NotFound<T>) {
            error(ctx, 404, notFound);
        } else if (lookup instanceof Lookup.Unavailable<T> unavailable) {
            throw new Unavailable(unavailable.why());
        } else if (lookup instanceof Lookup.Remote<T> owner) {
            if (ctx.header(FORWARDED) != null) {
                throw new Unavailable("ownership of this key is moving between instances");
            }
            RemoteQueries.Answer answer = remote.fetch(owner.host(), path);
            ctx.status(answer.status()).contentType("application/json").result(answer.body());
        }
    }

    private void mailboxes(Context ctx) throws Exception {
        Status status = status(ctx.queryParam("status"));
        String domainParam = ctx.queryParam("domain");
        String domain =
                domainParam == null || domainParam.isBlank()
                        ? null
                        : valid(() -> Addresses.normaliseDomain(domainParam));
        int limit = limit(ctx.queryParam("limit"));
        rejectUnknownParameters(ctx, "status", "domain", "limit");
        json(
                ctx,
                200,
                remote.mailboxes(
                        service(),
                        status,
                        domain,
                        limit,
                        withQuery("/api/mailboxes", ctx),
                        ctx.header(FORWARDED) != null));
    }

    private void domains(Context ctx) throws Exception {
        Status status = status(ctx.queryParam("status"));
        rejectUnknownParameters(ctx, "status");
        json(
                ctx,
                200,
                remote.domains(
                        service(),
                        status,
                        withQuery("/api/domains", ctx),
                        ctx.header(FORWARDED) != null));
    }

    private void suppression(Context ctx) throws Exception {
        String recipient = valid(() -> Addresses.normaliseRecipient(ctx.pathParam("recipient")));
        answer(
                ctx,
                service().suppression(recipient),
                PayloadWriter::suppression,
                "/api/suppressions/" + encode(recipient),
                recipient + " is not suppressed");
    }

    private void suppressions(Context ctx) throws Exception {
        Category category = category(ctx.queryParam("category"));
        int limit = limit(ctx.queryParam("limit"));
        rejectUnknownParameters(ctx, "category", "limit");
        json(
                ctx,
                200,
                remote.suppressions(
                        service(),
                        category,
                        limit,
                        withQuery("/api/suppressions", ctx),
                        ctx.header(FORWARDED) != null));
    }

    private void suppressionCounts(Context ctx) throws Exception {
        rejectUnknownParameters(ctx);
        json(
                ctx,
                200,
                remote.suppressionCounts(
                        service(), "/api/suppressions/summary", ctx.header(FORWARDED) != null));
    }

    /**
     * Which of up to {@link Suppressions#MAX_CHECKED} recipients are suppressed, from every
     * instance; only reads, so open like /api/classify.
     */
    private void checkSuppressions(Context ctx) throws Exception {
        List<String> recipients =
                Suppressions.recipients(BoundedBody.read(ctx, Suppressions.CHECK_BODY_LIMIT));
        json(
                ctx,
                200,
                remote.checkSuppressions(service(), recipients, ctx.header(FORWARDED) != null));
    }

    private void suppressionCommand(Context ctx, boolean suppress) throws Exception {
        json(
                ctx,
                202,
                started()
                        .actions()
                        .suppression(
                                suppress, ctx.pathParam("recipient"), () -> BoundedBody.read(ctx)));
    }

    private void command(Context ctx, boolean domain, String target) throws Exception {
        json(
                ctx,
                202,
                started()
                        .actions()
                        .act(domain, ctx.pathParam("action"), target, () -> BoundedBody.read(ctx)));
    }

    private void series(Context ctx) throws Exception {
        String range = ctx.queryParam("range");
        int minutes;
        if (range == null || range.equals("1h")) {
            range = "1h";
            minutes = 60;
        } else if (range.equals("24h")) {
            minutes = 1440;
        } else {
            throw new BadRequest("range must be 1h or 24h");
        }
        rejectUnknownParameters(ctx, "range");
        json(ctx, 200, trends().series(range, minutes, ctx.header(FORWARDED) != null));
    }

    private void deadLetters(Context ctx) {
        String raw = ctx.queryParam("limit");
        int limit = 50;
        if (raw != null) {
            try {
                limit = Integer.parseInt(raw.trim());
            } catch (NumberFormatException e) {
                limit = 0;
            }
            if (limit < 1 || limit > 500) {
                throw new BadRequest("limit must be a whole number from 1 to 500");
            }
        }
        rejectUnknownParameters(ctx, "limit");
        json(ctx, 200, trends().deadLetters(limit));
    }

    private void lag(Context ctx) throws Exception {
        rejectUnknownParameters(ctx);
        json(ctx, 200, trends().lag());
    }

    /**
     * Classifies the body, BounceEvents (one per line) or a raw message as its type says, and
     * records nothing; answers even while the monitor starts, which it does not need.
     */
    private void classify(Context ctx) {
        String media = WriteGuard.mediaType(ctx);
        boolean events = media.equals("application/json");
        if (!events && !media.equals("message/rfc822")) {
            throw new Refusal(
                    415,
                    "a classification's body must be application/json (BounceEvents, one per line)"
                            + " or message/rfc822 (a raw message), not "
                            + WriteGuard.declaredType(ctx));
        }
        // A raw message, its returned message included, may be as large as the parser reads.
        byte[] body = BoundedBody.read(ctx, BounceMessageParser.DEFAULT_MAX_BYTES);
        if (body.length == 0) {
            throw new BadRequest("the body is empty: send a BounceEvent or a raw message");
        }
        List<ClassifiedBounce> results;
        try {
            results = events ? classifier.jsonLines(body, null) : classifier.message(body, null);
        } catch (UnclassifiableInputException e) {
            throw new BadRequest(e.getMessage());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{\"results\":".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(array(results.stream().map(PayloadWriter::write).toList()));
        out.write('}');
        json(ctx, 200, out.toByteArray());
    }

    private static Status status(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Status.valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("status must be HEALTHY, WARNING or PAUSED");
        }
    }

    private static Category category(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Category.valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(
                    "category must be one of "
                            + Arrays.stream(Category.values())
                                    .map(Category::name)
                                    .collect(Collectors.joining(", ")));
        }
    }

    private static int limit(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new BadRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
    }

    private static void rejectUnknownParameters(Context ctx, String... known) {
        String query = ctx.queryString();
        if (query != null) {
            try {
                URLDecoder.decode(query, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new BadRequest("the query string is not validly percent-encoded");
            }
        }
        List<String> allowed = List.of(known);
        for (String name : ctx.queryParamMap().keySet()) {
            if (!allowed.contains(name)) {
                throw new BadRequest(
                        "unknown parameter " + name + "; allowed: " + String.join(", ", allowed));
            }
        }
    }

    static String valid(Supplier<String> normalise) {
        try {
            return normalise.get();
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    private static String withQuery(String path, Context ctx) {
        return ctx.queryString() == null ? path : path + "?" + ctx.queryString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static byte[] array(List<byte[]> items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(items.get(i));
        }
        out.write(']');
        return out.toByteArray();
    }

    private static void json(Context ctx, int status, String body) {
        json(ctx, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void json(Context ctx, int status, byte[] body) {
        ctx.status(status).contentType("application/json").result(body);
    }

    private static void error(Context ctx, int status, String message) {
        try {
            json(ctx, status, JSON.writeValueAsBytes(Map.of("error", message)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        app.stop();
    }

    /** 400: the request itself is wrong. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    /** 503: ask again in a moment. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
