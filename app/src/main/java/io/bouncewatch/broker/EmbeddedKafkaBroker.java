package io.bouncewatch.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker (combined broker and KRaft controller) running inside this JVM.
 *
 * <p>Kafka's data lives under {@code dataDir/kafka}; starting again on the same directory reuses
 * the topics and records written before.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String META_PROPERTIES = "meta.properties";
    private static final Duration COORDINATOR_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaRaftServer server;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafkaBroker(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts a broker listening on {@code 127.0.0.1:port}; {@code port} 0 picks a free port.
     *
     * @throws BrokerStartException if the port is taken or Kafka fails to start
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port) {
        return start(dataDir, port, Map.of());
    }

    /**
     * Like {@link #start(Path, int)}, with extra broker properties applied over the defaults.
     * Listener and quorum addresses are chosen here; overriding them makes {@link #port()} wrong.
     *
     * @throws BrokerStartException if the port is taken or Kafka fails to start
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port, Map<String, String> overrides) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(overrides, "overrides");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(
                    "embedded.kafka.port must be between 0 and 65535, was " + port);
        }
        long startedAt = System.nanoTime();
        Ports ports = choosePorts(port);
        Path logDir = dataDir.resolve("kafka").toAbsolutePath();
        LOG.info(
                "Starting embedded Kafka broker on {}:{} (controller port {}) with data in {}",
                HOST,
                ports.broker(),
                ports.controller(),
                logDir);

        KafkaConfig config = KafkaConfig.fromProps(properties(logDir, ports, overrides), false);
        formatIfNeeded(config);
        KafkaRaftServer server = launch(config, ports.broker());
        createCoordinatorTopics(HOST + ":" + ports.broker());

        LOG.info(
                "Embedded Kafka broker listening on {}:{} after {} ms",
                HOST,
                ports.broker(),
                (System.nanoTime() - startedAt) / 1_000_000);
        return new EmbeddedKafkaBroker(server, ports.broker());
    }

    /** The address clients use, {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    /** Shuts the broker down and waits until it has stopped; later calls do nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("Stopping embedded Kafka broker on {}:{}", HOST, port);
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Embedded Kafka broker on {}:{} stopped", HOST, port);
    }

    private record Ports(int broker, int controller) {}

    /*
     * Both sockets are held open together so the controller can never be handed the broker's port.
     * Kafka binds them again a moment later; the gap is a small race that a test suite can live with,
     * and a fixed port that is taken is reported here, before Kafka starts logging a bind failure.
     */
    private static Ports choosePorts(int requestedPort) {
        ServerSocket broker;
        try {
            broker = bind(requestedPort);
        } catch (IOException e) {
            throw new BrokerStartException(
                    "embedded.kafka.port " + requestedPort + " is already in use on " + HOST, e);
        }
        try (broker;
                ServerSocket controller = bind(0)) {
            return new Ports(broker.getLocalPort(), controller.getLocalPort());
        } catch (IOException e) {
            throw new BrokerStartException(
                    "Could not find a free port on " + HOST + " for the embedded Kafka controller",
                    e);
        }
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            // As Kafka's own listener does, so a port left in TIME_WAIT by a previous run is not
            // reported busy.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, port));
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static Properties properties(Path logDir, Ports ports, Map<String, String> overrides) {
        Properties props = new Properties();
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("node.id", Integer.toString(NODE_ID));
        // A static voter set is read from this config at every start instead of being written into
        // the metadata log at format time, so a restart may pick a different free controller port.
        props.setProperty(
                "controller.quorum.voters", NODE_ID + "@" + HOST + ":" + ports.controller());
        props.setProperty(
                "listeners",
                BROKER_LISTENER
                        + "://"
                        + HOST
                        + ":"
                        + ports.broker()
                        + ","
                        + CONTROLLER_LISTENER
                        + "://"
                        + HOST
                        + ":"
                        + ports.controller());
        props.setProperty("controller.listener.names", CONTROLLER_LISTENER);
        props.setProperty("inter.broker.listener.name", BROKER_LISTENER);
        props.setProperty(
                "listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.setProperty("log.dirs", logDir.toString());
        // Internal topics default to 3 replicas, which a single node cannot host: consumer groups
        // and transactions (and so exactly-once Kafka Streams) would fail with
        // INVALID_REPLICATION_FACTOR.
        props.setProperty("offsets.topic.replication.factor", "1");
        props.setProperty("transaction.state.log.replication.factor", "1");
        props.setProperty("transaction.state.log.min.isr", "1");
        props.setProperty("share.coordinator.state.topic.replication.factor", "1");
        props.setProperty("share.coordinator.state.topic.min.isr", "1");
        // Nobody else is going to join: a lone member should not wait 3 s for company.
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        // The default reserves 128 MiB of heap for compaction, far more than this service's data
        // needs.
        props.setProperty("log.cleaner.dedupe.buffer.size", "2097152");
        // The application creates its topics with explicit settings; a typo must not create a new
        // one.
        props.setProperty("auto.create.topics.enable", "false");
        props.putAll(overrides);
        return props;
    }

    /*
     * What kafka-storage.sh format does, skipped once the metadata directory carries meta.properties
     * so that a restart keeps the cluster id, topics and records.
     */
    private static void formatIfNeeded(KafkaConfig config) {
        Path metadataDir = Path.of(config.metadataLogDir());
        if (Files.exists(metadataDir.resolve(META_PROPERTIES))) {
            LOG.debug("{} is already formatted", metadataDir);
            return;
        }
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(printStream)
                    .setNodeId(config.nodeId())
                    .setClusterId(clusterId)
                    .setDirectories(config.logDirs())
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setControllerListenerName(config.controllerListenerNames().get(0))
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .run();
        } catch (Exception e) {
            throw new BrokerStartException(
                    "Could not format the embedded Kafka log directory "
                            + metadataDir
                            + ": "
                            + e.getMessage(),
                    e);
        }
        LOG.info("Formatted {} for new cluster {}", metadataDir, clusterId);
        LOG.debug("Formatter output: {}", output.toString(StandardCharsets.UTF_8).strip());
    }

    /*
     * The broker creates __consumer_offsets and __transaction_state when a client first looks for a
     * group or transaction coordinator. The monitor's stream threads look at the same moment and
     * retry while the topic is being created; each look made the broker create it again, logging
     * "Auto topic creation failed ... TOPIC_ALREADY_EXISTS" up to 16 times. Asking once for each
     * here, before any client does, creates them once. A failure changes nothing else: only logged.
     */
    private static void createCoordinatorTopics(String bootstrapServers) {
        String probe = "bouncewatch-embedded-broker";
        try (Admin admin =
                Admin.create(
                        Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            awaitCoordinator(admin.listConsumerGroupOffsets(probe).partitionsToOffsetAndMetadata());
            awaitCoordinator(admin.describeTransactions(List.of(probe)).all());
        }
    }

    private static void awaitCoordinator(Future<?> lookup) {
        try {
            lookup.get(COORDINATOR_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // The coordinator answered that it knows no such group or transaction: its topic
            // exists.
            LOG.debug("coordinator answered: {}", e.getCause().toString());
        } catch (TimeoutException e) {
            LOG.debug("no coordinator within {}", COORDINATOR_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static KafkaRaftServer launch(KafkaConfig config, int port) {
        KafkaRaftServer server;
        try {
            server = new KafkaRaftServer(config, Time.SYSTEM);
        } catch (Exception e) {
            throw new BrokerStartException(
                    "Embedded Kafka broker on "
                            + HOST
                            + ":"
                            + port
                            + " could not open its log directory: "
                            + e.getMessage(),
                    e);
        }
        try {
            server.startup();
            return server;
        } catch (Exception e) {
            // startup() leaves whatever it managed to start running; stop it so the ports and files
            // are released.
            server.shutdown();
            server.awaitShutdown();
            throw new BrokerStartException(
                    "Embedded Kafka broker on "
                            + HOST
                            + ":"
                            + port
                            + " failed to start: "
                            + e.getMessage(),
                    e);
        }
    }
}
