package io.bouncewatch.bench;

import io.bouncewatch.broker.EmbeddedKafkaBroker;
import io.bouncewatch.runtime.Monitor;
import io.bouncewatch.runtime.TopicDefinitions;
import io.bouncewatch.topology.MonitorTopology;
import io.bouncewatch.topology.Topics;
import io.bouncewatch.topology.TopologySettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * {@code bouncewatch bench}: preloads a seeded workload and measures, on the same records, the
 * limit (plain consumers that read and parse), a minimal stateful Kafka Streams processor, and
 * bouncewatch itself with each processing guarantee; then latency at a steady offered rate,
 * throughput, store size and restore time as the fleet grows, and the suppression list's import,
 * size, restore and check. Each measured program runs in a JVM of its own; the broker and the load
 * generator run in this one.
 */
public final class Benchmark {

    private static final Duration STALL = Duration.ofSeconds(180);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final String RUNNING = " is running";

    private final BenchOptions options;
    private final PrintStream out;
    private final String runId;
    private final int partitions;
    private final List<Result> results = new ArrayList<>();
    private Path workDir;
    private String bootstrap;
    private Admin admin;

    public Benchmark(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.runId =
                "bench-"
                        + LocalDateTime.now(ZoneId.systemDefault())
                                .format(DateTimeFormatter.ofPattern("MMddHHmmss"));
        this.partitions = TopicDefinitions.load(Topics.DEFAULTS).get(0).partitions();
    }

    /** One measured line of the report. */
    record Result(
            String what,
            long events,
            double eventsPerSecond,
            double cpuSecondsPerMillion,
            long peakRss,
            Map<String, Long> cpuByThread) {

        /** Where the CPU went, as shares: "stream threads 61%, producer network 14%, ...". */
        String cpuSplit() {
            long total = cpuByThread.values().stream().mapToLong(Long::longValue).sum();
            if (total <= 0) {
                return "";
            }
            StringBuilder out = new StringBuilder();
            cpuByThread.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(
                            e ->
                                    out.append(out.length() == 0 ? "" : ", ")
                                            .append(e.getKey())
                                            .append(' ')
                                            .append(Math.round(100.0 * e.getValue() / total))
                                            .append('%'));
            return out.toString();
        }
    }

    public void run() {
        boolean temporary = options.workDir() == null;
        workDir = temporary ? createTemp() : options.workDir().toAbsolutePath();
        EmbeddedKafkaBroker broker = null;
        KafkaLogFile kafkaLog = KafkaLogFile.open(workDir.resolve("kafka.log"));
        try {
            if (options.bootstrapServers().isEmpty()) {
                broker = EmbeddedKafkaBroker.start(workDir.resolve("broker"), 0);
                bootstrap = broker.bootstrapServers();
            } else {
                bootstrap = options.bootstrapServers();
            }
            admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
            header(broker != null);
            if (options.runs("throughput")) {
                throughput();
            }
            if (options.runs("latency")) {
                latency();
            }
            if (options.runs("scale")) {
                scale();
            }
            if (options.runs("suppression")) {
                suppression();
            }
            if (options.runs("ingest")) {
                ingest();
            }
            summary();
        } finally {
            if (admin != null) {
                if (broker == null) {
                    deleteOwnTopics();
                }
                admin.close(Duration.ofSeconds(10));
            }
            if (broker != null) {
                broker.close();
            }
            kafkaLog.close();
            if (temporary) {
                deleteRecursively(workDir);
            }
        }
    }

    private void header(boolean embedded) {
        out.println("bouncewatch bench, run " + runId);
        out.println("  machine   " + Machine.describe());
        out.println(
                "  kafka     "
                        + AppInfoParser.getVersion()
                        + (embedded
                                ? ", embedded single-node KRaft broker in the benchmark's JVM (co-located)"
                                : ", cluster " + bootstrap));
        out.println(
                "  subjects  each in its own JVM "
                        + String.join(" ", options.subjectJvmOptions())
                        + ", "
                        + options.threads()
                        + " stream thread(s), "
                        + partitions
                        + " partitions per input topic");
        if (!options.monitorOptions().isEmpty()) {
            out.println(
                    "  monitor   bouncewatch run with "
                            + String.join(" ", options.monitorOptions()));
        }
        out.println("  workload  seed " + options.seed() + "; " + describe(options.mix()));
        out.println(
                "  logs      Kafka's own lines in "
                        + workDir.resolve("kafka.log")
                        + ", the subjects' beside it"
                        + (options.workDir() == null
                                ? " (removed at the end; --work-dir keeps them)"
                                : ""));
        out.println();
    }

    private static String describe(TrafficMix mix) {
        return String.format(
                Locale.ROOT,
                "%.1f%% of mailboxes bad (bouncing %.0f%%), others bouncing %.1f%%,"
                        + " complaints %.2f%%; bounces %s",
                mix.badMailboxes() * 100,
                mix.badBounceRate() * 100,
                mix.bounceRate() * 100,
                mix.complaintRate() * 100,
                mix.bounces().describe());
    }

    // ---------------------------------------------------------------- throughput

    private void throughput() {
        Inputs inputs =
                preload(
                        "throughput",
                        options.events(),
                        options.mailboxes(),
                        options.domains(),
                        options.mix());
        out.println(
                String.format(
                        Locale.ROOT,
                        "Throughput: every subject reads the same %,d records from the start",
                        inputs.total()));
        Result limit = limit(inputs);
        results.add(limit);
        printRow(limit, limit, null);
        for (String guarantee : options.guarantees()) {
            List<Result> minimals = new ArrayList<>();
            List<Result> monitors = new ArrayList<>();
            for (int round = 1; round <= options.rounds(); round++) {
                String suffix = options.rounds() == 1 ? "" : " #" + round;
                String idSuffix = options.rounds() == 1 ? "" : "-r" + round;
                Result minimal =
                        measureStreams(
                                "minimal Streams, " + label(guarantee) + suffix,
                                inputs,
                                runId + "-minimal-" + label(guarantee) + idSuffix,
                                dir -> minimalArgs(inputs, guarantee, dir));
                printRow(minimal, limit, null);
                Result monitor =
                        measureMonitor(
                                        "bouncewatch, " + label(guarantee) + suffix,
                                        inputs,
                                        guarantee,
                                        runId + "-bw-" + label(guarantee) + idSuffix,
                                        true)
                                .result();
                printRow(monitor, limit, minimal);
                minimals.add(minimal);
                monitors.add(monitor);
            }
            if (options.rounds() == 1) {
                results.add(minimals.get(0));
                results.add(monitors.get(0));
            } else {
                Result minimal = median("minimal Streams, " + label(guarantee), minimals);
                Result monitor = median("bouncewatch, " + label(guarantee), monitors);
                results.add(minimal);
                results.add(monitor);
                printMedians(minimals, monitors, limit);
            }
        }
        out.println();
    }

    private Result limit(Inputs inputs) {
        Path dir = workDir.resolve("limit");
        try (ChildProcess child =
                ChildProcess.start(
                        SubjectMain.class.getName(),
                        options.subjectJvmOptions(),
                        List.of(
                                "mode=limit",
                                "bootstrap=" + bootstrap,
                                "threads=" + options.threads(),
                                "inputs=" + String.join(",", inputs.topics())),
                        dir,
                        "limit")) {
            String line = child.awaitExitLine(SubjectMain.RESULT, STALL);
            long records = Long.parseLong(field(line, "records"));
            long nanos = Long.parseLong(field(line, "nanos"));
            if (records != inputs.total()) {
                throw new BenchmarkException(
                        "the limit consumer read "
                                + records
                                + " records, expected "
                                + inputs.total());
            }
            // The consumer's CPU over its whole life: start-up included, a small overstatement.
            long cpuNanos = Long.parseLong(field(line, "cpuNanos"));
            return new Result(
                    "limit: plain consumer + parse",
                    records,
                    records * 1e9 / nanos,
                    cpuNanos / 1e9 / records * 1e6,
                    Long.parseLong(field(line, "peakRss")),
                    Map.of());
        }
    }

    private List<String> minimalArgs(Inputs inputs, String guarantee, Path dir) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "mode=minimal",
                                "bootstrap=" + bootstrap,
                                "inputs=" + String.join(",", inputs.topics()),
                                "cached=false",
                                "streams.application.id=" + dir.getFileName(),
                                "streams.state.dir=" + dir.resolve("streams"),
                                "streams.processing.guarantee=" + guarantee,
                                "streams.num.stream.threads=" + options.threads()));
        // The monitor's own Streams defaults, so that both run on equal terms: the same settings,
        // and Kafka Streams' commit interval at the monitor's longest, which it uses on a backlog.
        Monitor.PERFORMANCE_DEFAULTS.forEach((k, v) -> args.add("streams." + k + "=" + v));
        args.add(
                "streams.commit.interval.ms="
                        + TopologySettings.DEFAULT_MAX_COMMIT_INTERVAL.toMillis());
        return args;
    }

    private Result measureStreams(
            String what,
            Inputs inputs,
            String appId,
            java.util.function.Function<Path, List<String>> args) {
        Path dir = workDir.resolve(appId);
        try (ChildProcess child =
                ChildProcess.start(
                        SubjectMain.class.getName(),
                        options.subjectJvmOptions(),
                        args.apply(dir),
                        dir,
                        "subject")) {
            return follow(what, child, appId, inputs);
        }
    }

    /**
     * A finished monitor run: its figures, the live bytes of its stores (the latest key and value
     * of every changelog record), its RocksDB files' size after a clean stop, and where its state
     * is.
     */
    record MonitorRun(Result result, long liveBytes, long storeBytes, Path dataDir, String appId) {}

    private MonitorRun measureMonitor(
            String what, Inputs inputs, String guarantee, String appId, boolean discard) {
        Path dir = workDir.resolve(appId);
        ChildProcess child =
                startMonitor(inputs, guarantee, appId, dir.resolve("data"), dir, "monitor");
        try {
            Result result = follow(what, child, appId, inputs);
            child.stop(Duration.ofSeconds(60));
            long storeBytes = sstBytes(dir.resolve("data"));
            if (discard) {
                deleteRecursively(dir.resolve("data"));
            }
            return new MonitorRun(
                    result,
                    ChangelogSize.liveBytes(admin, bootstrap, appId),
                    storeBytes,
                    dir.resolve("data"),
                    appId);
        } finally {
            child.close();
        }
    }

    private ChildProcess startMonitor(
            Inputs inputs,
            String guarantee,
            String appId,
            Path dataDir,
            Path logDir,
            String logName) {
        return startMonitor(inputs, guarantee, appId, dataDir, logDir, logName, List.of());
    }

    private ChildProcess startMonitor(
            Inputs inputs,
            String guarantee,
            String appId,
            Path dataDir,
            Path logDir,
            String logName,
            List<String> extraOptions) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "run",
                                "--bootstrap-servers",
                                bootstrap,
                                "--application-id",
                                appId,
                                "--data-dir",
                                dataDir.toString(),
                                "--http-port",
                                "0",
                                "--processing-guarantee",
                                guarantee,
                                "--num-stream-threads",
                                Integer.toString(options.threads()),
                                "--topic-sends",
                                inputs.topics().get(0),
                                "--topic-bounces",
                                inputs.topics().get(1),
                                "--topic-complaints",
                                inputs.topics().get(2),
                                "--topic-commands",
                                inputs.prefix() + "mailbox.commands",
                                "--topic-dsn",
                                inputs.prefix() + "email.dsn",
                                "--topic-status-changes",
                                appId + ".health.status-changes",
                                "--topic-mailbox-status",
                                appId + ".mailbox.status",
                                "--topic-domain-status",
                                appId + ".domain.status",
                                "--topic-dead-letters",
                                appId + ".health.dead-letters",
                                "--topic-domain-blocks",
                                appId + ".health.domain-blocks",
                                "--topic-suppressions",
                                appId + ".recipient.suppressions"));
        args.addAll(extraOptions);
        args.addAll(options.monitorOptions());
        return ChildProcess.start(
                "io.bouncewatch.cli.Main", options.subjectJvmOptions(), args, logDir, logName);
    }

    /**
     * Follows a Streams subject through the committed offsets of its group until it has committed
     * every input record. The rate is taken from its first commit to its last, so JVM start,
     * rebalancing and the time before the first commit do not count; CPU is taken over the same
     * span.
     */
    private Result follow(String what, ChildProcess child, String groupId, Inputs inputs) {
        return follow(what, child, groupId, inputs, true);
    }

    /**
     * As {@link #follow(String, ChildProcess, String, Inputs)}; without {@code mustTime}, a subject
     * that commits every record at once (a small run on a fast machine) gives a result with no rate
     * (NaN) instead of failing the run.
     */
    private Result follow(
            String what, ChildProcess child, String groupId, Inputs inputs, boolean mustTime) {
        long startCommitted = -1;
        long startNanos = 0;
        Duration startCpu = Duration.ZERO;
        Map<String, Long> startThreads = Map.of();
        StallWatch stall = new StallWatch(STALL, what, "records", child);
        while (true) {
            if (!child.alive()) {
                throw new BenchmarkException(
                        what
                                + " exited before it had read every record; its output:\n"
                                + child.tail());
            }
            long committed = committed(groupId, inputs.endOffsets());
            long now = System.nanoTime();
            if (committed > 0 && startCommitted < 0) {
                startCommitted = committed;
                startNanos = now;
                startCpu = child.cpu();
                startThreads = child.cpuByThread();
            }
            if (committed >= inputs.total()) {
                Duration cpu = child.cpu().minus(startCpu);
                long counted = inputs.total() - startCommitted;
                double seconds = (now - startNanos) / 1e9;
                if ((counted <= 0 || seconds <= 0) && !mustTime) {
                    return new Result(
                            what,
                            inputs.total(),
                            Double.NaN,
                            Double.NaN,
                            child.peakRssBytes(),
                            Map.of());
                }
                if (counted <= 0 || seconds <= 0) {
                    throw new BenchmarkException(
                            what
                                    + " committed everything at once: too few events to time;"
                                    + " raise --events");
                }
                Map<String, Long> threads = new java.util.TreeMap<>(child.cpuByThread());
                startThreads.forEach((kind, ticks) -> threads.merge(kind, -ticks, Long::sum));
                return new Result(
                        what,
                        inputs.total(),
                        counted / seconds,
                        cpu.toNanos() / 1e9 / counted * 1e6,
                        child.peakRssBytes(),
                        threads);
            }
            stall.reached(committed, inputs.total(), now);
            ChildProcess.pause(Duration.ofMillis(50));
        }
    }

    private long committed(String groupId, Map<TopicPartition, Long> end) {
        Map<TopicPartition, OffsetAndMetadata> offsets;
        try {
            offsets =
                    admin.listConsumerGroupOffsets(groupId)
                            .partitionsToOffsetAndMetadata()
                            .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted");
        }
        long sum = 0;
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            OffsetAndMetadata o = offsets.get(e.getKey());
            if (o != null) {
                sum += Math.min(o.offset(), e.getValue());
            }
        }
        return sum;
    }

    // ---------------------------------------------------------------- latency

    private void latency() {
        String guarantee = options.guarantees().get(0);
        String appId = runId + "-latency";
        Inputs inputs = createInputs("latency");
        Path dir = workDir.resolve(appId);
        // Bad mailboxes bounce often here, so that enough of them change status within the phase.
        TrafficMix mix =
                options.mix().withBadBounceRate(Math.max(options.mix().badBounceRate(), 0.5));
        out.println(
                String.format(
                        Locale.ROOT,
                        "Latency: bouncewatch %s, %,d events/s offered for %d s over %,d"
                                + " mailboxes (bad ones bouncing %.0f%%), the first %d s a warm-up",
                        label(guarantee),
                        options.latencyRate(),
                        options.latencySeconds(),
                        options.mailboxes(),
                        mix.badBounceRate() * 100,
                        options.warmupSeconds()));
        try (ChildProcess child =
                startMonitor(inputs, guarantee, appId, dir.resolve("data"), dir, "monitor")) {
            child.awaitLine(RUNNING, START_TIMEOUT);
            LatencyProbe probe = new LatencyProbe(bootstrap, appId + ".health.status-changes");
            try (probe) {
                Workload workload =
                        new Workload(
                                options.mailboxes(),
                                options.domains(),
                                mix,
                                options.seed() + 1,
                                "lat-");
                LatencyProbe.Offered offered =
                        probe.offer(
                                workload,
                                inputs,
                                options.latencyRate(),
                                Duration.ofSeconds(options.latencySeconds()),
                                Duration.ofSeconds(options.warmupSeconds()));
                LatencyProbe.Latencies latencies = probe.await(offered, Duration.ofSeconds(30));
                LatencyProbe.Percentiles p = latencies.measured();
                out.println(
                        String.format(
                                Locale.ROOT,
                                "  offered %,d events in %.1f s (%,.0f events/s achieved);"
                                        + " %,d status changes measured after the warm-up",
                                offered.events(),
                                offered.seconds(),
                                offered.events() / offered.seconds(),
                                p.count()));
                LatencyProbe.Percentiles w = latencies.warmup();
                if (w != null) {
                    out.println(
                            String.format(
                                    Locale.ROOT,
                                    "  during the warm-up (JIT compiling, every mailbox new,"
                                            + " %,d changes): p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms",
                                    w.count(),
                                    w.p50(),
                                    w.p95(),
                                    w.p99(),
                                    w.max()));
                }
                out.println(
                        String.format(
                                Locale.ROOT,
                                "  publish -> status change readable (read_committed):"
                                        + " p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms",
                                p.p50(),
                                p.p95(),
                                p.p99(),
                                p.max()));
                latencyP99 = p.p99();
            }
        }
        out.println();
    }

    private double latencyP99 = Double.NaN;

    // ---------------------------------------------------------------- scale and restore

    private void scale() {
        String guarantee = options.guarantees().get(0);
        out.println(
                "Scale: bouncewatch "
                        + label(guarantee)
                        + "; store bytes per mailbox over all stores: live"
                        + " (latest key and value per key, from the changelogs) and on disk (RocksDB files after a clean"
                        + " stop, not yet compacted)");
        out.println(
                String.format(
                        Locale.ROOT,
                        "  %12s %12s %12s %16s %16s %14s",
                        "mailboxes",
                        "events",
                        "events/s",
                        "live B/mailbox",
                        "disk B/mailbox",
                        "CPU s/M events"));
        MonitorRun largest = null;
        Inputs largestInputs = null;
        int max = options.scaleMailboxes().stream().max(Integer::compare).orElseThrow();
        for (int mailboxes : options.scaleMailboxes()) {
            long events = Math.max(options.events(), 3L * mailboxes);
            int domains = Math.max(1, mailboxes / 100);
            Inputs inputs =
                    preloadQuietly("scale-" + mailboxes, events, mailboxes, domains, options.mix());
            MonitorRun run =
                    measureMonitor(
                            "bouncewatch " + mailboxes + " mailboxes",
                            inputs,
                            guarantee,
                            runId + "-scale-" + mailboxes,
                            mailboxes != max);
            double perMailbox = run.liveBytes() / (double) mailboxes;
            results.add(run.result());
            out.println(
                    String.format(
                            Locale.ROOT,
                            "  %,12d %,12d %,12.0f %16.0f %16.0f %14.2f",
                            mailboxes,
                            events,
                            run.result().eventsPerSecond(),
                            perMailbox,
                            run.storeBytes() / (double) mailboxes,
                            run.result().cpuSecondsPerMillion()));
            if (mailboxes == max) {
                largest = run;
                largestInputs = inputs;
                largestStoreBytesPerMailbox = perMailbox;
            }
        }
        restore(largest, largestInputs, max, guarantee);
        out.println();
    }

    private double largestStoreBytesPerMailbox = Double.NaN;
    private double restoreSeconds = Double.NaN;

    /**
     * Starts the largest run's application again twice: first on its own state (the baseline: JVM
     * start, group join, no restore), then on an empty state directory, so every store is rebuilt
     * from its changelog. Both are timed from process start to RUNNING.
     */
    private void restore(MonitorRun run, Inputs inputs, int mailboxes, String guarantee) {
        Path dir = workDir.resolve(run.appId());
        double warm =
                timeToRunning(inputs, guarantee, run.appId(), run.dataDir(), dir, "restart-warm");
        Path empty = dir.resolve("data-empty");
        double cold = timeToRunning(inputs, guarantee, run.appId(), empty, dir, "restart-empty");
        restoreSeconds = cold;
        out.println(
                String.format(
                        Locale.ROOT,
                        "  restore of %,d mailboxes from the changelog: %.1f s from start"
                                + " to RUNNING on an empty state directory; %.1f s with the state on disk (%.1fx)",
                        mailboxes,
                        cold,
                        warm,
                        cold / warm));
        deleteRecursively(run.dataDir());
        deleteRecursively(empty);
    }

    private double timeToRunning(
            Inputs inputs, String guarantee, String appId, Path dataDir, Path logDir, String name) {
        try (ChildProcess child = startMonitor(inputs, guarantee, appId, dataDir, logDir, name)) {
            long at = child.awaitLine(RUNNING, Duration.ofMinutes(10));
            double seconds = (at - child.startedNanos()) / 1e9;
            child.stop(Duration.ofSeconds(60));
            return seconds;
        }
    }

    /** RocksDB table files of every store of the application's state directory. */
    private static long sstBytes(Path dataDir) {
        if (!Files.exists(dataDir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            return files.filter(p -> p.toString().endsWith(".sst"))
                    .mapToLong(
                            p -> {
                                try {
                                    return Files.size(p);
                                } catch (IOException e) {
                                    return 0;
                                }
                            })
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- suppression list

    private static final int CHECK_REQUESTS = 10;
    private static final java.util.regex.Pattern HTTP_PORT =
            java.util.regex.Pattern.compile("http://localhost:(\\d+)/health/ready");

    private double importSeconds = Double.NaN;
    private double suppressionBytesPerEntry = Double.NaN;
    private double suppressionRestoreSeconds = Double.NaN;
    private double checkP99 = Double.NaN;

    /**
     * Imports a provider's list through the real {@code suppressions import} command, adds LIST
     * bounces, loads both through one monitor, then measures the store's live size, its restore,
     * and checks of {@value SuppressionWorkload#CHECK_SIZE} recipients against two instances.
     */
    private void suppression() {
        String guarantee = options.guarantees().get(0);
        String appId = runId + "-suppression";
        Path dir = workDir.resolve(appId);
        SuppressionWorkload workload =
                new SuppressionWorkload(options.suppressed(), options.seed());
        Inputs inputs = createInputs("suppression", List.of("mailbox.commands"));
        out.println(
                String.format(
                        Locale.ROOT,
                        "Suppression list: bouncewatch %s; %,d recipients imported from a file,"
                                + " %,d more suppressed by LIST bounces; load average %s at the start",
                        label(guarantee),
                        workload.imported(),
                        workload.bounced(),
                        Machine.loadAverage()));
        createDirectories(dir);
        Path file = dir.resolve("suppressions.csv");
        workload.writeImportFile(file);
        importSeconds = importFile(file, inputs.topics().get(3), dir, workload.imported());
        writeBounces(workload, inputs.topics().get(1));
        Inputs loaded = withEnds(inputs);
        Path data = dir.resolve("data");
        try (ChildProcess child = startMonitor(loaded, guarantee, appId, data, dir, "monitor")) {
            Result load = follow("bouncewatch, suppression load", child, appId, loaded, false);
            SuppressionCheck api = new SuppressionCheck(httpPort(child));
            awaitTotal(List.of(api), false, workload.suppressed(), child);
            double seconds = (System.nanoTime() - child.startedNanos()) / 1e9;
            out.println(
                    String.format(
                            Locale.ROOT,
                            "  loaded through the topology: %,d SUPPRESS commands and %,d LIST"
                                    + " bounces at %s (first commit to last); all %,d in the"
                                    + " store %.1f s after the monitor's start",
                            workload.imported(),
                            workload.bounced(),
                            Double.isNaN(load.eventsPerSecond())
                                    ? "a rate too fast to time (all in its first commit)"
                                    : String.format(
                                            Locale.ROOT, "%,.0f records/s", load.eventsPerSecond()),
                            workload.suppressed(),
                            seconds));
            child.stop(Duration.ofSeconds(60));
        }
        ChangelogSize.Live live =
                ChangelogSize.live(admin, bootstrap, appId, MonitorTopology.SUPPRESSION_STORE);
        if (live.entries() != workload.suppressed()) {
            throw new BenchmarkException(
                    "the changelog of "
                            + MonitorTopology.SUPPRESSION_STORE
                            + " holds "
                            + live.entries()
                            + " entries, expected "
                            + workload.suppressed());
        }
        suppressionBytesPerEntry = live.bytes() / (double) live.entries();
        out.println(
                String.format(
                        Locale.ROOT,
                        "  live bytes of the store %s: %,d entries, %.1f B per entry (key and"
                                + " value, latest per key of its changelog); budget <= 120 B: %s",
                        MonitorTopology.SUPPRESSION_STORE,
                        live.entries(),
                        suppressionBytesPerEntry,
                        met(suppressionBytesPerEntry <= 120)));
        double warm = timeToRunning(loaded, guarantee, appId, data, dir, "restart-warm");
        Path empty = dir.resolve("data-empty");
        suppressionRestoreSeconds =
                timeToRunning(loaded, guarantee, appId, empty, dir, "restart-empty");
        deleteRecursively(empty);
        out.println(
                String.format(
                        Locale.ROOT,
                        "  restore from the changelogs: %.1f s from start to RUNNING on an empty"
                                + " state directory; %.1f s with the state on disk; budget < 30 s: %s",
                        suppressionRestoreSeconds,
                        warm,
                        met(suppressionRestoreSeconds < 30)));
        checkTwoInstances(loaded, guarantee, appId, dir, workload);
        deleteRecursively(data);
        deleteRecursively(file);
        out.println();
    }

    /**
     * Runs {@code suppressions import} on the file in a JVM of its own, against this run's commands
     * topic; its time from process start to exit, JVM start included.
     */
    private double importFile(Path file, String commandsTopic, Path dir, int lines) {
        try (ChildProcess child =
                ChildProcess.start(
                        "io.bouncewatch.cli.Main",
                        options.subjectJvmOptions(),
                        List.of(
                                "suppressions",
                                "import",
                                file.toString(),
                                "--bootstrap-servers",
                                bootstrap,
                                "--set",
                                "topic.commands=" + commandsTopic),
                        dir,
                        "import")) {
            String line = child.awaitExitLine("read ", Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - child.startedNanos()) / 1e9;
            String expected = String.format(Locale.ROOT, "%,d imported, 0 rejected", lines);
            if (child.exitCode() != 0 || !line.contains(expected)) {
                throw new BenchmarkException(
                        "suppressions import exited with "
                                + child.exitCode()
                                + " and did not say '"
                                + expected
                                + "'; its output:\n"
                                + child.tail());
            }
            out.println(
                    String.format(
                            Locale.ROOT,
                            "  import of a %,d-line CSV file (suppressions import, its own JVM):"
                                    + " %.1f s from start to exit (it says: %s); budget < 60 s: %s",
                            lines,
                            seconds,
                            line,
                            met(seconds < 60)));
            return seconds;
        }
    }

    private void writeBounces(SuppressionWorkload workload, String topic) {
        java.util.concurrent.atomic.AtomicReference<Exception> failure =
                new java.util.concurrent.atomic.AtomicReference<>();
        try (KafkaProducer<String, byte[]> producer = Preloader.producer(bootstrap, Map.of())) {
            for (int j = 0; j < workload.bounced() && failure.get() == null; j++) {
                SuppressionWorkload.Bounce b = workload.bounce(j);
                producer.send(
                        new ProducerRecord<>(topic, b.mailbox(), b.json()),
                        (meta, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            }
                        });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new BenchmarkException(
                    "writing the LIST bounces failed: " + failure.get().getMessage());
        }
    }

    /**
     * Starts two instances of the application, the first on the loaded state, the second on an
     * empty directory; each counts every other instance as caught up, so the partitions split at
     * once rather than at a probing rebalance minutes later. When both are ready and their own
     * stores together hold the whole list, one of them is asked the checks.
     */
    private void checkTwoInstances(
            Inputs inputs, String guarantee, String appId, Path dir, SuppressionWorkload workload) {
        List<String> split = List.of("--kafka", "acceptable.recovery.lag=" + Long.MAX_VALUE);
        Path second = dir.resolve("data-second");
        try (ChildProcess one =
                        startMonitor(
                                inputs,
                                guarantee,
                                appId,
                                dir.resolve("data"),
                                dir,
                                "check-1",
                                split);
                ChildProcess two =
                        startMonitor(inputs, guarantee, appId, second, dir, "check-2", split)) {
            one.awaitLine(RUNNING, START_TIMEOUT);
            two.awaitLine(RUNNING, Duration.ofMinutes(10));
            List<SuppressionCheck> both =
                    List.of(
                            new SuppressionCheck(httpPort(one)),
                            new SuppressionCheck(httpPort(two)));
            List<Long> own = awaitTotal(both, true, workload.suppressed(), two);
            List<SuppressionWorkload.Check> checks = new ArrayList<>();
            for (int n = 0; n < CHECK_REQUESTS; n++) {
                checks.add(workload.check(n));
            }
            // A tenth as many again first, not timed: the instances' JIT and caches warm up.
            int warmup = Math.max(1, options.checks() / 10);
            LatencyProbe.Percentiles p = both.get(0).run(checks, warmup, options.checks());
            checkP99 = p.p99();
            out.println(
                    String.format(
                            Locale.ROOT,
                            "  check of %,d recipients (%,d suppressed) against two instances"
                                    + " (%,d and %,d entries in their own stores), %d requests in turn"
                                    + " after %d not timed, every answer exact: p50 %.0f ms, p99 %.0f ms,"
                                    + " max %.0f ms; budget p99 < 250 ms: %s",
                            SuppressionWorkload.CHECK_SIZE,
                            SuppressionWorkload.CHECK_SIZE / 2,
                            own.get(0),
                            own.get(1),
                            options.checks(),
                            warmup,
                            p.p50(),
                            p.p99(),
                            p.max(),
                            met(checkP99 < 250)));
        } finally {
            deleteRecursively(second);
        }
    }

    /**
     * Waits until the instances are ready and count {@code expected} suppressed recipients: the
     * whole list as each answers it, or, with {@code ownStores}, their own stores' counts adding up
     * to it with none empty. Returns each instance's count.
     */
    private List<Long> awaitTotal(
            List<SuppressionCheck> instances, boolean ownStores, long expected, ChildProcess log) {
        long deadline = System.nanoTime() + STALL.toNanos();
        List<Long> totals = List.of();
        while (System.nanoTime() < deadline) {
            if (instances.stream().allMatch(SuppressionCheck::ready)) {
                totals = instances.stream().map(i -> i.total(ownStores)).toList();
                boolean complete =
                        ownStores
                                ? totals.stream().allMatch(t -> t > 0)
                                        && totals.stream().mapToLong(Long::longValue).sum()
                                                == expected
                                : totals.stream().allMatch(t -> t == expected);
                if (complete) {
                    return totals;
                }
            }
            ChildProcess.pause(Duration.ofMillis(500));
        }
        throw new BenchmarkException(
                "the suppression list did not reach "
                        + expected
                        + " entries"
                        + (ownStores ? " split over both instances" : "")
                        + " within "
                        + STALL.toSeconds()
                        + " s (last counts "
                        + totals
                        + "); output:\n"
                        + log.tail());
    }

    /** The HTTP port a monitor printed in its banner. */
    private static int httpPort(ChildProcess child) {
        // The banner follows the RUNNING line by a few lines, which may not have arrived yet.
        child.awaitLine("/health/ready", START_TIMEOUT);
        for (String line : child.lines()) {
            java.util.regex.Matcher m = HTTP_PORT.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new BenchmarkException(
                "the monitor printed no HTTP address; output:\n" + child.tail());
    }

    private static String met(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The median of each figure over the rounds (each figure on its own; peak RSS the largest), for
     * the targets.
     */
    private static Result median(String what, List<Result> rounds) {
        return new Result(
                what,
                rounds.get(0).events(),
                median(rounds.stream().mapToDouble(Result::eventsPerSecond).toArray()),
                median(rounds.stream().mapToDouble(Result::cpuSecondsPerMillion).toArray()),
                rounds.stream().mapToLong(Result::peakRss).max().orElse(-1),
                Map.of());
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * The medians of several rounds: the ratio as the median of each round's own ratio (a round
     * runs the minimal processor and bouncewatch one after the other, on the same machine state),
     * and its range, so that a reader sees how far one round can stray.
     */
    private void printMedians(List<Result> minimals, List<Result> monitors, Result limit) {
        double[] ratios = new double[monitors.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = monitors.get(i).eventsPerSecond() / minimals.get(i).eventsPerSecond();
        }
        double[] sorted = ratios.clone();
        java.util.Arrays.sort(sorted);
        Result minimal = median("", minimals);
        Result monitor = median("", monitors);
        out.println(
                String.format(
                        Locale.ROOT,
                        "  median of %d rounds: minimal %,.0f events/s (%.2f s CPU/M),"
                                + " bouncewatch %,.0f events/s (%.2f s CPU/M, %.2f of the limit);"
                                + " bouncewatch/minimal %.2f (rounds %.2f to %.2f)",
                        ratios.length,
                        minimal.eventsPerSecond(),
                        minimal.cpuSecondsPerMillion(),
                        monitor.eventsPerSecond(),
                        monitor.cpuSecondsPerMillion(),
                        monitor.eventsPerSecond() / limit.eventsPerSecond(),
                        median(ratios),
                        sorted[0],
                        sorted[sorted.length - 1]));
    }

    // ---------------------------------------------------------------- ingest

    private double ingestP99 = Double.NaN;

    /**
     * Offers signed SendGrid Event Webhook batches to one instance at a fixed rate while it runs,
     * and follows the events through: each request's answer time (the answer comes once Kafka has
     * acknowledged every event of it), then how soon the monitor has committed every accepted event
     * from its input topics.
     */
    private void ingest() {
        String guarantee = options.guarantees().get(0);
        String appId = runId + "-ingest";
        Inputs inputs = createInputs("ingest");
        Path dir = workDir.resolve(appId);
        java.security.KeyPair key = IngestLoad.newKey();
        int rate = options.ingestRate();
        int seconds = options.ingestSeconds();
        int warmup = Math.max(1, seconds / 4);
        out.println(
                String.format(
                        Locale.ROOT,
                        "Ingest: bouncewatch %s; signed SendGrid batches of %d events to POST"
                                + " /ingest/sendgrid, %,d requests/s offered for %d s over %,d"
                                + " mailboxes, the first %d s a warm-up; load average %s at the start",
                        label(guarantee),
                        options.ingestBatch(),
                        rate,
                        seconds,
                        options.mailboxes(),
                        warmup,
                        Machine.loadAverage()));
        List<String> mailboxes = new ArrayList<>();
        for (int i = 0; i < options.mailboxes(); i++) {
            mailboxes.add(Workload.mailbox(i, options.domains()));
        }
        try (ChildProcess child =
                startMonitor(
                        inputs,
                        guarantee,
                        appId,
                        dir.resolve("data"),
                        dir,
                        "monitor",
                        List.of(
                                "--ingest-sendgrid-public-key",
                                IngestLoad.publicKeySetting(key)))) {
            child.awaitLine(RUNNING, START_TIMEOUT);
            IngestLoad load =
                    new IngestLoad(
                            httpPort(child), key, mailboxes, options.ingestBatch(), options.seed());
            long start = System.nanoTime();
            IngestLoad.Outcome o =
                    load.offer(rate, Duration.ofSeconds(seconds), Duration.ofSeconds(warmup));
            if (o.accepted() < o.requests()) {
                out.println(
                        String.format(
                                Locale.ROOT,
                                "  %,d of %,d requests not accepted: %s",
                                o.requests() - o.accepted(),
                                o.requests(),
                                String.join("; ", o.failures())));
            }
            Inputs loaded = withEnds(inputs);
            double endToEnd = awaitCommitted(appId, loaded, child, start);
            LatencyProbe.Percentiles p = o.answers();
            ingestP99 = o.accepted() == o.requests() ? p.p99() : Double.POSITIVE_INFINITY;
            out.println(
                    String.format(
                            Locale.ROOT,
                            "  offered %,d requests in %.1f s (%,.0f requests/s, %,.0f events/s"
                                    + " accepted); %,d records on the input topics",
                            o.requests(),
                            o.seconds(),
                            o.requests() / o.seconds(),
                            o.events() / o.seconds(),
                            loaded.total()));
            out.println(
                    String.format(
                            Locale.ROOT,
                            "  answer time, due to answered, after the warm-up (%,d requests):"
                                    + " p50 %.0f ms, p99 %.0f ms, max %.0f ms; budget p99 < 100 ms: %s",
                            p.count(),
                            p.p50(),
                            p.p99(),
                            p.max(),
                            met(ingestP99 < 100)));
            out.println(
                    String.format(
                            Locale.ROOT,
                            "  end to end: every accepted event committed by the monitor %.1f s"
                                    + " after the first request, %,.0f events/s",
                            endToEnd,
                            o.events() / endToEnd));
        }
        postfixJoin(guarantee);
        out.println();
    }

    private double postfixLinesPerSecond = Double.NaN;

    /**
     * Postfix lines through the join: {@code --postfix-lines} lines of delivered messages (three a
     * message, unkeyed, so spread over every partition) written to the log topic first, then one
     * monitor reads them from the start. The rate is taken from the sends the join writes, as
     * readable by a {@code read_committed} consumer: lines of the messages whose send appeared from
     * the first to the last, over that time, so JVM start and group join do not count.
     */
    private void postfixJoin(String guarantee) {
        String appId = runId + "-postfix";
        Inputs inputs = createInputs("postfix", List.of("ingest.postfix"));
        Path dir = workDir.resolve(appId);
        int messages = options.postfixLines() / PostfixLines.PER_MESSAGE;
        List<String> mailboxes = new ArrayList<>();
        for (int i = 0; i < options.mailboxes(); i++) {
            mailboxes.add(Workload.mailbox(i, options.domains()));
        }
        PostfixLines.write(bootstrap, inputs.topics().get(3), mailboxes, messages);
        try (ChildProcess child =
                startMonitor(
                        inputs,
                        guarantee,
                        appId,
                        dir.resolve("data"),
                        dir,
                        "postfix",
                        List.of("--topic-postfix", inputs.topics().get(3)))) {
            String sends = inputs.topics().get(0);
            long firstNanos = 0;
            long firstSends = 0;
            StallWatch stall = new StallWatch(STALL, "the Postfix join", "sends", child);
            while (true) {
                long written = committedRecords(sends);
                long now = System.nanoTime();
                if (written > 0 && firstNanos == 0) {
                    firstNanos = now;
                    firstSends = written;
                }
                if (written >= messages) {
                    double seconds = (now - firstNanos) / 1e9;
                    postfixLinesPerSecond =
                            seconds <= 0
                                    ? Double.POSITIVE_INFINITY
                                    : (written - firstSends) * PostfixLines.PER_MESSAGE / seconds;
                    break;
                }
                stall.reached(written, messages, now);
                ChildProcess.pause(Duration.ofMillis(50));
            }
        }
        out.println(
                String.format(
                        Locale.ROOT,
                        "  Postfix join: %,d lines of %,d messages (from=, to= status=sent,"
                                + " removed; unkeyed) read from the start; %,.0f lines/s from its"
                                + " first send to its last; budget >= 50,000 lines/s: %s",
                        messages * PostfixLines.PER_MESSAGE,
                        messages,
                        postfixLinesPerSecond,
                        met(postfixLinesPerSecond >= 50_000)));
    }

    /** Records of a topic that a {@code read_committed} consumer can read. */
    private long committedRecords(String topic) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        try {
            return admin
                    .listOffsets(
                            request,
                            new org.apache.kafka.clients.admin.ListOffsetsOptions(
                                    org.apache.kafka.common.IsolationLevel.READ_COMMITTED))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .values()
                    .stream()
                    .mapToLong(
                            org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo
                                    ::offset)
                    .sum();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted");
        }
    }

    /** Seconds from {@code startNanos} until the group has committed every record of the inputs. */
    private double awaitCommitted(
            String groupId, Inputs inputs, ChildProcess child, long startNanos) {
        StallWatch stall = new StallWatch(STALL, "the monitor", "ingested records", child);
        while (true) {
            long committed = committed(groupId, inputs.endOffsets());
            long now = System.nanoTime();
            if (committed >= inputs.total()) {
                return (now - startNanos) / 1e9;
            }
            stall.reached(committed, inputs.total(), now);
            ChildProcess.pause(Duration.ofMillis(50));
        }
    }

    // ---------------------------------------------------------------- report

    @SuppressWarnings(
            "ReferenceEquality") // the header goes above the limit's own row, not one equal to it
    private void printRow(Result r, Result limit, Result minimal) {
        if (r == limit) {
            out.println(
                    String.format(
                            Locale.ROOT,
                            "  %-34s %12s %9s %11s %10s %14s",
                            "",
                            "events/s",
                            "vs limit",
                            "vs minimal",
                            "peak RSS",
                            "CPU s/M events"));
        }
        out.println(
                String.format(
                        Locale.ROOT,
                        "  %-34s %,12.0f %9.2f %11s %10s %14.2f",
                        r.what(),
                        r.eventsPerSecond(),
                        r.eventsPerSecond() / limit.eventsPerSecond(),
                        minimal == null
                                ? ""
                                : String.format(
                                        Locale.ROOT,
                                        "%.2f",
                                        r.eventsPerSecond() / minimal.eventsPerSecond()),
                        r.peakRss() < 0 ? "n/a" : (r.peakRss() >> 20) + " MiB",
                        r.cpuSecondsPerMillion()));
        if (!r.cpuSplit().isEmpty()) {
            out.println("      its CPU: " + r.cpuSplit());
        }
    }

    private void summary() {
        out.println("Targets (2-core machine, broker co-located)");
        Optional<Result> eos =
                results.stream()
                        .filter(r -> r.what().equals("bouncewatch, exactly-once"))
                        .findFirst();
        eos.ifPresent(
                r ->
                        target(
                                "throughput with exactly-once >= 100,000 events/s",
                                String.format(Locale.ROOT, "%,.0f", r.eventsPerSecond()),
                                r.eventsPerSecond() >= 100_000));
        if (!Double.isNaN(latencyP99)) {
            target(
                    "p99 latency at the offered rate < 500 ms",
                    String.format(Locale.ROOT, "%.0f ms", latencyP99),
                    latencyP99 < 500);
        }
        if (!Double.isNaN(largestStoreBytesPerMailbox)) {
            target(
                    "store <= 200 bytes per mailbox (largest scale step)",
                    String.format(Locale.ROOT, "%.0f B", largestStoreBytesPerMailbox),
                    largestStoreBytesPerMailbox <= 200);
        }
        if (!Double.isNaN(restoreSeconds)) {
            target(
                    "restore of the largest fleet < 60 s",
                    String.format(Locale.ROOT, "%.1f s", restoreSeconds),
                    restoreSeconds < 60);
        }
        if (!Double.isNaN(importSeconds)) {
            target(
                    String.format(
                            Locale.ROOT, "import of a %,d-line file < 60 s", options.suppressed()),
                    String.format(Locale.ROOT, "%.1f s", importSeconds),
                    importSeconds < 60);
        }
        if (!Double.isNaN(suppressionBytesPerEntry)) {
            target(
                    "suppression store <= 120 live bytes per entry",
                    String.format(Locale.ROOT, "%.0f B", suppressionBytesPerEntry),
                    suppressionBytesPerEntry <= 120);
        }
        if (!Double.isNaN(suppressionRestoreSeconds)) {
            target(
                    "restore of the suppression list < 30 s",
                    String.format(Locale.ROOT, "%.1f s", suppressionRestoreSeconds),
                    suppressionRestoreSeconds < 30);
        }
        if (!Double.isNaN(ingestP99)) {
            target(
                    String.format(
                            Locale.ROOT,
                            "ingest of %,d-event batches at %,d requests/s, p99 < 100 ms",
                            options.ingestBatch(),
                            options.ingestRate()),
                    Double.isInfinite(ingestP99)
                            ? "refused"
                            : String.format(Locale.ROOT, "%.0f ms", ingestP99),
                    ingestP99 < 100);
        }
        if (!Double.isNaN(postfixLinesPerSecond)) {
            target(
                    "Postfix lines through the join >= 50,000 lines/s",
                    String.format(Locale.ROOT, "%,.0f", postfixLinesPerSecond),
                    postfixLinesPerSecond >= 50_000);
        }
        if (!Double.isNaN(checkP99)) {
            target(
                    "check of 10,000 recipients, two instances, p99 < 250 ms",
                    String.format(Locale.ROOT, "%.0f ms", checkP99),
                    checkP99 < 250);
        }
    }

    private void target(String what, String measured, boolean met) {
        out.println(String.format(Locale.ROOT, "  %-56s %14s  %s", what, measured, met(met)));
    }

    // ---------------------------------------------------------------- inputs

    /** Input topics of one phase, with their end offsets once loaded. */
    record Inputs(
            String prefix, List<String> topics, Map<TopicPartition, Long> endOffsets, long total) {}

    private Inputs createInputs(String phase) {
        return createInputs(phase, List.of());
    }

    /**
     * @param more names of further input topics of the phase, after sends, bounces, complaints
     */
    private Inputs createInputs(String phase, List<String> more) {
        String prefix = runId + "." + phase + ".";
        List<String> topics =
                new ArrayList<>(
                        List.of(
                                prefix + "email.sends",
                                prefix + "email.bounces",
                                prefix + "email.complaints"));
        more.forEach(name -> topics.add(prefix + name));
        List<NewTopic> newTopics =
                topics.stream()
                        .map(t -> new NewTopic(t, Optional.of(partitions), Optional.empty()))
                        .toList();
        try {
            admin.createTopics(newTopics).all().get(60, TimeUnit.SECONDS);
            awaitLeaders(topics);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new BenchmarkException("cannot create the input topics: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted");
        }
        return new Inputs(prefix, List.copyOf(topics), Map.of(), 0);
    }

    /**
     * New partitions take a moment to get a leader; writing before that only makes the producer
     * retry.
     */
    private void awaitLeaders(List<String> topics)
            throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            boolean ready;
            try {
                ready =
                        admin
                                .describeTopics(topics)
                                .allTopicNames()
                                .get(60, TimeUnit.SECONDS)
                                .values()
                                .stream()
                                .allMatch(
                                        d ->
                                                d.partitions().size() == partitions
                                                        && d.partitions().stream()
                                                                .allMatch(
                                                                        p ->
                                                                                p.leader() != null
                                                                                        && !p.leader()
                                                                                                .isEmpty()));
            } catch (ExecutionException e) {
                // A broker of a real cluster may not know a topic the controller has just created.
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                ready = false;
            }
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new BenchmarkException(
                        "the input topics " + topics + " got no leader within 60 s");
            }
            ChildProcess.pause(Duration.ofMillis(100));
        }
    }

    private Inputs preload(String phase, long events, int mailboxes, int domains, TrafficMix mix) {
        Inputs inputs = createInputs(phase);
        Workload workload = new Workload(mailboxes, domains, mix, options.seed(), "");
        Preloader.Loaded loaded = Preloader.load(bootstrap, inputs.topics(), workload, events);
        out.println(
                String.format(
                        Locale.ROOT,
                        "Preloaded %,d events (%,d sends, %,d bounces, %,d complaints) for %,d"
                                + " mailboxes in %,d domains, %,d of them going bad, in %.1f s",
                        events,
                        loaded.sends(),
                        loaded.bounces(),
                        loaded.complaints(),
                        mailboxes,
                        domains,
                        workload.badMailboxes(),
                        loaded.seconds()));
        out.println(
                "  bounces by category: "
                        + loaded.bouncesByCategory().entrySet().stream()
                                .map(
                                        e ->
                                                String.format(
                                                        Locale.ROOT,
                                                        "%s %,d",
                                                        e.getKey(),
                                                        e.getValue()))
                                .collect(Collectors.joining(", ")));
        return withEnds(inputs);
    }

    private Inputs preloadQuietly(
            String phase, long events, int mailboxes, int domains, TrafficMix mix) {
        Inputs inputs = createInputs(phase);
        Preloader.load(
                bootstrap,
                inputs.topics(),
                new Workload(mailboxes, domains, mix, options.seed(), ""),
                events);
        return withEnds(inputs);
    }

    private Inputs withEnds(Inputs inputs) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (String topic : inputs.topics()) {
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        }
        try {
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(request)
                    .all()
                    .get(60, TimeUnit.SECONDS)
                    .forEach((tp, info) -> ends.put(tp, info.offset()));
            long total = ends.values().stream().mapToLong(Long::longValue).sum();
            return new Inputs(inputs.prefix(), inputs.topics(), ends, total);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new BenchmarkException(
                    "cannot read the end offsets of the inputs: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted");
        }
    }

    private void deleteOwnTopics() {
        try {
            List<String> own =
                    admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                            .filter(t -> t.startsWith(runId))
                            .toList();
            admin.deleteTopics(own).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            out.println(
                    "could not delete the benchmark's topics (" + runId + "*): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- helpers

    static String label(String guarantee) {
        return guarantee.equals("at_least_once") ? "at-least-once" : "exactly-once";
    }

    private static String field(String line, String name) {
        for (String part : line.split(" ")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        throw new BenchmarkException("no " + name + " in '" + line + "'");
    }

    private static Path createTemp() {
        try {
            return Files.createTempDirectory("bouncewatch-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(
                            p -> {
                                try {
                                    Files.deleteIfExists(p);
                                } catch (IOException e) {
                                    // best effort: a file still open by a stopping process
                                }
                            });
        } catch (IOException e) {
            // best effort
        }
    }
}
