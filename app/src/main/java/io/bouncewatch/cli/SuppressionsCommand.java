package io.bouncewatch.cli;

import io.bouncewatch.config.ConfigException;
import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.runtime.TopicHistory;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code suppressions import FILE} and {@code suppressions export [FILE]}: the suppression list in
 * bulk, against a running cluster. An import writes one {@code SUPPRESS} command per line to the
 * commands topic, which the monitor applies like an operator's; an export reads the compacted
 * suppressions topic to its end. Neither starts a monitor.
 */
final class SuppressionsCommand {

    static final String NAME = "suppressions";
    static final String IMPORT = "import";
    static final String EXPORT = "export";

    private SuppressionsCommand() {}

    static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(NAME).mixinStandardHelpOptions(true);
        spec.usageMessage()
                .description(
                        "The suppression list in bulk: import another provider's list, export ours.");
        spec.addSubcommand(IMPORT, importSpec());
        spec.addSubcommand(EXPORT, exportSpec());
        return spec;
    }

    private static CommandSpec exportSpec() {
        CommandSpec spec = CommandSpec.create().name(EXPORT).mixinStandardHelpOptions(true);
        spec.usageMessage()
                .description(
                        "Writes every suppressed recipient, read from the compacted suppressions"
                                + " topic up to its end, ordered by address: JSON lines of"
                                + " Suppression (the topic's own values), or CSV with a header row.",
                        "'suppressions import' reads either back.",
                        "Exit 0 when written; 1 when the cluster or the file fails; 2 for a bad"
                                + " option.")
                .sortOptions(false);
        spec.addPositional(
                PositionalParamSpec.builder()
                        .paramLabel("FILE")
                        .arity("0..1")
                        .type(String.class)
                        .description("where to write (default: standard output)")
                        .build());
        option(spec, "--format", "json|csv", "JSON lines (default) or CSV");
        clusterOptions(spec);
        return spec;
    }

    private static CommandSpec importSpec() {
        CommandSpec spec = CommandSpec.create().name(IMPORT).mixinStandardHelpOptions(true);
        spec.usageMessage()
                .description(
                        "Suppresses every address of FILE: CSV with a header row (an email, address,"
                                + " recipient or EmailAddress column; optional reason, type,"
                                + " category, status, code, created_at, until) or JSON lines with"
                                + " the same fields, as Amazon SES, SendGrid, Mailgun, Postmark and"
                                + " 'suppressions export' write them.",
                        "Each line becomes a SUPPRESS command with source IMPORT; importing the same"
                                + " file again changes nothing. A bad line is reported with its"
                                + " number and the rest is imported.",
                        "Exit 0 when every good line is written; 1 when the file or the cluster"
                                + " fails; 2 for a bad option.")
                .sortOptions(false);
        spec.addPositional(
                PositionalParamSpec.builder()
                        .paramLabel("FILE")
                        .arity("1")
                        .type(String.class)
                        .description("the list to import ('-' for standard input)")
                        .build());
        option(
                spec,
                "--operator",
                "NAME",
                "who imports, recorded on every entry (default: import)");
        clusterOptions(spec);
        return spec;
    }

    private static void clusterOptions(CommandSpec spec) {
        option(
                spec,
                "--bootstrap-servers",
                "HOST:PORT",
                "the cluster (default: bootstrap.servers of the settings in force, else the"
                        + " embedded broker's 127.0.0.1:9092)");
        WhatIfSettings.addConfig(spec);
        spec.addOption(
                OptionSpec.builder("--set")
                        .paramLabel("KEY=VALUE")
                        .type(Map.class)
                        .auxiliaryTypes(String.class, String.class)
                        .description(
                                "a setting, repeatable, as run takes it (e.g. --set"
                                        + " topic.commands=ops.commands)")
                        .build());
    }

    private static void option(CommandSpec spec, String name, String label, String description) {
        spec.addOption(
                OptionSpec.builder(name)
                        .paramLabel(label)
                        .type(String.class)
                        .description(description)
                        .build());
    }

    static int run(
            ParseResult parsed,
            Map<String, String> environment,
            InputStream in,
            PrintStream out,
            PrintStream err) {
        if (!parsed.hasSubcommand()) {
            parsed.commandSpec().commandLine().usage(err);
            return Main.EXIT_USAGE;
        }
        ParseResult sub = parsed.subcommand();
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> settings = new LinkedHashMap<>();
        for (OptionSpec matched : sub.matchedOptions()) {
            if (matched.longestName().equals("--set")) {
                Map<String, String> set = matched.getValue();
                set.forEach((k, v) -> settings.put(k.trim(), v));
            } else {
                values.put(matched.longestName(), ((String) matched.getValue()).trim());
            }
        }
        Cluster cluster;
        try {
            cluster = cluster(values, settings, environment);
        } catch (ConfigException e) {
            err.println("bouncewatch: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        String file = sub.matchedPositionalValue(0, null);
        if (sub.commandSpec().name().equals(EXPORT)) {
            String format = values.getOrDefault("--format", "json").toLowerCase(Locale.ROOT);
            if (!format.equals("json") && !format.equals("csv")) {
                err.println(
                        "bouncewatch: invalid export option --format="
                                + values.get("--format")
                                + ": json or csv");
                return Main.EXIT_USAGE;
            }
            return export(cluster, file, format.equals("csv"), out, err);
        }
        return importFile(cluster, file, values.getOrDefault("--operator", "import"), in, out, err);
    }

    /** Where the cluster is, how to reach it, and its topics' names. */
    private record Cluster(Map<String, Object> client, MonitorConfig config) {}

    private static Cluster cluster(
            Map<String, String> values, Map<String, String> settings, Map<String, String> env) {
        Path file = values.containsKey("--config") ? Path.of(values.get("--config")) : null;
        MonitorConfig config =
                MonitorConfig.resolve(
                        new MonitorConfig.Sources()
                                .file(file)
                                .environment(env)
                                .commandLine(settings));
        String servers = values.get("--bootstrap-servers");
        if (servers == null) {
            servers =
                    config.bootstrapServers().isEmpty()
                            ? "127.0.0.1:" + config.integer("embedded.kafka.port")
                            : config.bootstrapServers();
        }
        Map<String, Object> client = new HashMap<>(config.kafkaOverrides());
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers);
        return new Cluster(client, config);
    }

    // ---- import

    private static int importFile(
            Cluster cluster,
            String file,
            String operator,
            InputStream stdin,
            PrintStream out,
            PrintStream err) {
        boolean fromStdin = file.equals("-");
        String name = fromStdin ? "standard input" : file;
        String prefix = "bouncewatch suppressions import: ";
        String topic = cluster.config().topics().commands();
        long started = System.nanoTime();
        AtomicLong written = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long[] counts = new long[2]; // read, rejected
        // The file first: a missing one fails before a producer is made. Standard input is the
        // caller's to close.
        try (InputStream lines =
                        fromStdin
                                ? new FilterInputStream(stdin) {
                                    @Override
                                    public void close() {}
                                }
                                : Files.newInputStream(Path.of(file));
                KafkaProducer<String, byte[]> producer = producer(cluster.client())) {
            new SuppressionFile(
                            fromStdin ? "standard input" : Path.of(file).getFileName().toString())
                    .read(
                            lines,
                            new SuppressionFile.Sink() {
                                @Override
                                public void entry(SuppressionFile.Entry entry) {
                                    counts[0]++;
                                    if (failure.get() != null) {
                                        return;
                                    }
                                    producer.send(
                                            new ProducerRecord<>(
                                                    topic,
                                                    entry.recipient(),
                                                    entry.command(operator)),
                                            (metadata, e) -> {
                                                if (e == null) {
                                                    written.incrementAndGet();
                                                } else {
                                                    failure.compareAndSet(null, e);
                                                }
                                            });
                                }

                                @Override
                                public void rejected(long line, String reason) {
                                    counts[0]++;
                                    counts[1]++;
                                    err.println(prefix + name + " line " + line + ": " + reason);
                                }
                            });
            producer.flush();
        } catch (NoSuchFileException e) {
            err.println(prefix + name + ": no such file");
            return Main.EXIT_FAILED;
        } catch (IOException | UncheckedIOException e) {
            err.println(prefix + name + ": cannot read: " + e.getMessage());
            return Main.EXIT_FAILED;
        } catch (RuntimeException e) {
            err.println(prefix + "cannot write to " + topic + ": " + e.getMessage());
            return Main.EXIT_FAILED;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        out.println(
                String.format(
                        Locale.ROOT,
                        "read %,d lines of %s: %,d imported, %,d rejected (%.1f s)",
                        counts[0],
                        name,
                        written.get(),
                        counts[1],
                        seconds));
        if (failure.get() != null) {
            err.println(
                    prefix
                            + "cannot write to "
                            + topic
                            + ": "
                            + failure.get().getMessage()
                            + "; importing the file again is safe");
            return Main.EXIT_FAILED;
        }
        return Main.EXIT_OK;
    }

    // ---- export

    private static int export(
            Cluster cluster, String file, boolean csv, PrintStream stdout, PrintStream err) {
        String prefix = "bouncewatch suppressions export: ";
        String topic = cluster.config().topics().suppressions();
        Map<String, Object> client = new HashMap<>(cluster.client());
        client.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, "bouncewatch-export");
        SuppressionList list = new SuppressionList();
        List<String> missing;
        try {
            missing =
                    TopicHistory.read(
                            client,
                            List.of(topic),
                            0,
                            Long.MAX_VALUE,
                            r -> list.apply(r.key(), r.value()));
        } catch (RuntimeException e) {
            err.println(prefix + "cannot read " + topic + ": " + e.getMessage());
            return Main.EXIT_FAILED;
        }
        if (!missing.isEmpty()) {
            err.println(prefix + "topic " + topic + " does not exist; nothing to export");
        }
        try (OutputStream out =
                file == null
                        ? new FilterOutputStream(stdout) {
                            @Override
                            public void close() throws IOException {
                                flush();
                            }
                        }
                        : new BufferedOutputStream(Files.newOutputStream(Path.of(file)))) {
            if (csv) {
                list.writeCsv(out);
            } else {
                list.writeJsonLines(out);
            }
        } catch (IOException e) {
            err.println(prefix + file + ": cannot write: " + e.getMessage());
            return Main.EXIT_FAILED;
        }
        list.problems().forEach(p -> err.println(prefix + p));
        err.println(
                String.format(
                        Locale.ROOT,
                        "%s%,d suppressed recipients%s",
                        prefix,
                        list.size(),
                        file == null ? "" : " written to " + file));
        return Main.EXIT_OK;
    }

    /**
     * Idempotent and acknowledged by every replica; batches of a quarter MiB, as a million lines
     * must go out in seconds.
     */
    private static KafkaProducer<String, byte[]> producer(Map<String, Object> client) {
        Map<String, Object> props = new HashMap<>(client);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "bouncewatch-import");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
