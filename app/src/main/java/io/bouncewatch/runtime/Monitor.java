package io.bouncewatch.runtime;

import io.bouncewatch.broker.BrokerStartException;
import io.bouncewatch.broker.EmbeddedKafkaBroker;
import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.http.CommandPublisher;
import io.bouncewatch.http.HttpApi;
import io.bouncewatch.http.IngestSources;
import io.bouncewatch.query.QueryService;
import io.bouncewatch.query.RemoteQueries;
import io.bouncewatch.rules.MailboxRules;
import io.bouncewatch.topology.MonitorTopology;
import io.bouncewatch.topology.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running monitor, started in one order: the data-dir lock, the HTTP API (its port bound and
 * reported, answering 503 "the monitor is starting"), the embedded broker (when no cluster is
 * given), the topics, the command producer, the streams and the services over them, which are then
 * handed to the API at once; last the streams start. Closed in reverse, the HTTP API first. Every
 * start-up failure becomes a {@link StartupException} with one line that says what to change.
 */
public final class Monitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);

    /**
     * Streams settings measured with {@code bench} (docs/benchmarks.md). A task reads five topics
     * of which most are quiet at any moment; waiting on the empty ones to order records by
     * timestamp buys nothing here (every event is counted whenever it comes) and cost 8% of the
     * CPU. A commit writes tens of thousands of small records at once; in batches of 256 KiB rather
     * than 16 they take a tenth of the requests, and the producer and the broker a good deal less
     * CPU.
     */
    public static final Map<String, Object> PERFORMANCE_DEFAULTS =
            Map.of(
                    StreamsConfig.MAX_TASK_IDLE_MS_CONFIG,
                    StreamsConfig.MAX_TASK_IDLE_MS_DISABLED,
                    StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG),
                    256 * 1024);

    /**
     * How long a webhook request waits for Kafka to acknowledge its events before it answers 503:
     * well within the time a provider waits for an answer, after which it would retry anyway.
     */
    static final Duration INGEST_ACK_TIMEOUT = Duration.ofSeconds(5);

    private final MonitorConfig config;
    private final Duration seriesPeriod;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private EmbeddedKafkaBroker broker;
    private StreamsRunner runner;
    private HttpApi http;
    private QueryService queries;
    private String bootstrapServers;
    private volatile boolean closed;

    private Monitor(MonitorConfig config, Duration seriesPeriod) {
        this.config = config;
        this.seriesPeriod = seriesPeriod;
    }

    /** Starts everything and returns once the streams are RUNNING. */
    public static Monitor start(MonitorConfig config) {
        return start(config, Duration.ofMinutes(1));
    }

    /**
     * Starts everything, sampling the series every {@code seriesPeriod} rather than every minute
     * (for the tests), and returns once the streams are RUNNING.
     */
    static Monitor start(MonitorConfig config, Duration seriesPeriod) {
        Monitor monitor = new Monitor(config, seriesPeriod);
        try {
            monitor.startAll();
            return monitor;
        } catch (RuntimeException e) {
            monitor.close();
            throw e;
        }
    }

    private void startAll() {
        Path dataDir = config.dataDir().toAbsolutePath().normalize();
        createDirectories(dataDir);
        // Before anything opens a file there: a second program on this directory must change
        // nothing.
        closeables.add(DataDirLock.acquire(dataDir));
        DiskSpace.warnIfLow(dataDir, config.size("data.dir.min-free"));
        // Bound early, so that the port is known (application.server) and reported while the rest
        // starts; it answers 503 "the monitor is starting" until open() below.
        http = startHttp();
        closeables.add(http);

        if (config.embeddedBroker()) {
            try {
                broker = EmbeddedKafkaBroker.start(dataDir, config.integer("embedded.kafka.port"));
            } catch (BrokerStartException e) {
                throw new StartupException(e.getMessage(), e);
            }
            closeables.add(broker);
            bootstrapServers = broker.bootstrapServers();
        } else {
            bootstrapServers = config.bootstrapServers();
        }

        Duration timeout = config.duration("startup.timeout");
        Admin admin = Admin.create(clientProps());
        // Admin.close() waits for pending calls (up to a minute against a cluster that does not
        // answer).
        closeables.add(() -> admin.close(Duration.ZERO));
        awaitCluster(admin, timeout);
        int inputPartitions =
                new TopicProvisioner(admin, timeout)
                        .provision(
                                TopicDefinitions.load(config.topics()),
                                config.bool("topics.create"),
                                config.integer("topics.replication-factor"));

        KafkaProducer<String, byte[]> commandProducer =
                new KafkaProducer<>(
                        producerProps(), new StringSerializer(), new ByteArraySerializer());
        closeables.add(() -> commandProducer.close(timeout));

        Map<String, Object> ingestProps = clientProps();
        ingestProps.put(CommonClientConfigs.CLIENT_ID_CONFIG, config.applicationId() + "-ingest");
        IngestProducer ingest =
                new IngestProducer(ingestProps, config.topics(), INGEST_ACK_TIMEOUT);
        closeables.add(ingest);

        new StoreCheck(dataDir.resolve("streams"), config.applicationId(), Clock.systemUTC())
                .quarantineUnreadable();
        HostInfo self = HostInfo.buildFromEndpoint(applicationServer());
        runner =
                new StreamsRunner(
                        MonitorTopology.build(
                                config.topologySettings().withInputPartitions(inputPartitions)),
                        streamsProps(dataDir, self));
        closeables.add(runner);
        queries = new QueryService(runner.streams(), self, new MailboxRules(config.rules()));
        MonitorMetrics metrics = new MonitorMetrics(runner.streams(), queries);
        closeables.add(metrics);
        metrics.bindIngest(http.ingestCounts());
        StatusChangeFeed feed =
                new StatusChangeFeed(
                                clientProps(),
                                config.topics().statusChanges(),
                                config.integer("http.sse.max-clients"))
                        .start();
        closeables.add(feed);
        ClusterProbe cluster =
                new ClusterProbe(admin, config.duration("health.cluster-timeout")).start();
        closeables.add(cluster);
        Map<String, Object> deadLetterProps = clientProps();
        deadLetterProps.put(
                CommonClientConfigs.CLIENT_ID_CONFIG, config.applicationId() + "-dead-letters");
        SeriesSampler series =
                new SeriesSampler(
                                runner.streams()::metrics,
                                Set.copyOf(config.topics().inputs()),
                                metrics::statusCounts,
                                new SeriesFile(dataDir),
                                seriesPeriod,
                                Clock.systemUTC())
                        .start();
        closeables.add(series);
        http.openTrends(
                new FleetTrends(
                        series,
                        queries,
                        new RemoteQueries(config.string("http.auth.token")),
                        new DeadLetterTail(deadLetterProps, config.topics().deadLetters()),
                        new ConsumerLag(
                                admin,
                                config.applicationId(),
                                config.topics().inputs(),
                                Clock.systemUTC())));
        // Every service exists: from here the API serves, and the streams' own state (starting,
        // rebalancing) is what readiness and the queries report.
        String commands = config.topics().commands();
        CommandPublisher publisher =
                (key, json) ->
                        commandProducer
                                .send(new ProducerRecord<>(commands, key, json))
                                .get(10, TimeUnit.SECONDS);
        http.open(
                new HttpApi.Backend(
                        queries,
                        publisher,
                        feed,
                        metrics::scrape,
                        new HealthCheck(runner, queries, cluster),
                        ingest));
        runner.start();
        try {
            if (!runner.awaitRunning(timeout)) {
                throw new StartupException(
                        runner.failed()
                                ? "the streams failed at start; see the log above"
                                : "the streams did not reach RUNNING within startup.timeout="
                                        + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while starting");
        }
    }

    private HttpApi startHttp() {
        HttpApi api =
                new HttpApi(
                        new HttpApi.Services(
                                config.rules(),
                                config.string("http.auth.token"),
                                IngestSources.configured(config)));
        try {
            return api.start(config.httpPort());
        } catch (RuntimeException e) {
            api.close();
            throw new StartupException(
                    "http.port "
                            + config.httpPort()
                            + " is already in use or cannot be bound: "
                            + rootMessage(e),
                    e);
        }
    }

    private void awaitCluster(Admin admin, Duration timeout) {
        try {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new StartupException(
                    "bootstrap.servers="
                            + bootstrapServers
                            + ": no Kafka broker answered within "
                            + "startup.timeout="
                            + timeout.toSeconds()
                            + "s");
        } catch (ExecutionException e) {
            throw new StartupException(
                    "bootstrap.servers=" + bootstrapServers + ": " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while connecting to Kafka");
        }
    }

    private Map<String, Object> clientProps() {
        Map<String, Object> props = new HashMap<>(config.kafkaOverrides());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, config.applicationId() + "-admin");
        return props;
    }

    private Map<String, Object> producerProps() {
        Map<String, Object> props = clientProps();
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, config.applicationId() + "-commands");
        props.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return props;
    }

    private Properties streamsProps(Path dataDir, HostInfo self) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.STATE_DIR_CONFIG, dataDir.resolve("streams").toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.string("processing.guarantee"));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.integer("num.stream.threads"));
        props.put(
                StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.integer("num.standby.replicas"));
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        props.put(
                StreamsConfig.REPLICATION_FACTOR_CONFIG,
                config.integer("topics.replication-factor"));
        // A member that died (crash, replaced stream thread) hands its partitions over after 10 s,
        // not 45.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        props.putAll(PERFORMANCE_DEFAULTS);
        // A raw message too large to read goes to the dead letters whole: the producer's default
        // request limit (1 MiB) would refuse it, and a record it refuses stops the stream.
        props.put(
                StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                Topics.MAX_RECORD_BYTES);
        // There is no global store, so this changes nothing but Kafka Streams' warning about it,
        // which came once for the client and again from each stream thread's partition assignor.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(
                StreamsConfig.mainConsumerPrefix(
                        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG),
                true);
        // The longest interval: tasks that keep up with their inputs ask for commits every
        // commit.interval.
        props.put(
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                config.duration("commit.max-interval").toMillis());
        // The user's kafka.* settings win over every default above.
        props.putAll(config.kafkaOverrides());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    private String applicationServer() {
        String configured = config.string("application.server");
        return configured.isEmpty() ? "localhost:" + http.port() : configured;
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StartupException(
                    "data.dir=" + dir + " cannot be created: " + e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public boolean embeddedBroker() {
        return broker != null;
    }

    public int httpPort() {
        return http.port();
    }

    /** What this instance's stores answer, as the HTTP API asks them. */
    public QueryService queries() {
        return queries;
    }

    /**
     * The bearer token made for this run when http.auth.token is empty, to print once; else empty.
     */
    public Optional<String> generatedToken() {
        return http.generatedToken();
    }

    public MonitorConfig config() {
        return config;
    }

    /** The provider webhooks this instance serves at {@code /ingest/{name}}, in order. */
    public java.util.SortedSet<String> webhooks() {
        return http.webhooks();
    }

    /** Blocks until the streams stop on their own; true when they failed. */
    public boolean awaitStreamsStopped() throws InterruptedException {
        runner.awaitStopped();
        return runner.failed();
    }

    public boolean failed() {
        return runner != null && runner.failed();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<AutoCloseable> reverse = new ArrayList<>(closeables);
        Collections.reverse(reverse);
        // The HTTP API goes first so nobody reads stores that are closing.
        reverse.remove(http);
        if (http != null) {
            reverse.add(0, http);
        }
        for (AutoCloseable c : reverse) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", c.getClass().getSimpleName(), e);
            }
        }
    }
}
