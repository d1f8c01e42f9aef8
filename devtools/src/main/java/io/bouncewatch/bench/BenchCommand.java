package io.bouncewatch.bench;

import io.bouncewatch.broker.BrokerStartException;
import io.bouncewatch.cli.Main;
import io.bouncewatch.cli.Tool;
import io.bouncewatch.config.ConfigException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code bench}: its options, with their defaults, their validation into {@link BenchOptions}, and
 * the run of the {@link Benchmark}.
 */
public final class BenchCommand implements Tool {

    private record Option(String name, String defaultValue, String description) {}

    private static final List<Option> OPTIONS =
            List.of(
                    new Option(
                            "--events",
                            "2000000",
                            "events preloaded for the throughput comparison"),
                    new Option(
                            "--rounds",
                            "1",
                            "throughput rounds, the minimal processor and bouncewatch alternated; the"
                                    + " medians are the figures"),
                    new Option("--mailboxes", "50000", "mailboxes the events are spread over"),
                    new Option("--domains", "500", "sender domains of those mailboxes"),
                    new Option(
                            "--bounce-rate",
                            "0.01",
                            "share of a healthy mailbox's events that are bounces"),
                    new Option("--bad-mailboxes", "0.03", "share of mailboxes going bad"),
                    new Option(
                            "--bad-bounce-rate",
                            "0.12",
                            "share of a bad mailbox's events that are bounces"),
                    new Option(
                            "--bounce-mix",
                            BounceMix.DEFAULT.toString(),
                            "what the bounces mean: a weight per category, each bounce a realistic"
                                    + " reply of its category (see docs/benchmarks.md)"),
                    new Option(
                            "--complaint-rate",
                            "0.0005",
                            "share of events that are spam complaints"),
                    new Option("--guarantee", "both", "exactly_once_v2, at_least_once or both"),
                    new Option(
                            "--bootstrap-servers",
                            "",
                            "Kafka cluster to use (default: an embedded broker)"),
                    new Option("--threads", "2", "stream threads of the measured programs"),
                    new Option("--seed", "42", "seed of the workload"),
                    new Option(
                            "--latency-rate",
                            "10000",
                            "events per second offered in the latency phase"),
                    new Option("--latency-seconds", "120", "length of the latency phase"),
                    new Option(
                            "--warmup-seconds",
                            "60",
                            "first seconds of the latency phase, reported apart: the monitor's"
                                    + " JVM is still compiling and every mailbox is new"),
                    new Option(
                            "--scale",
                            "10000,100000,1000000",
                            "mailbox counts of the scale phase (the largest is restored)"),
                    new Option(
                            "--suppressed",
                            "1000000",
                            "lines of the suppression phase's import file; a tenth as many more"
                                    + " recipients are suppressed by LIST bounces"),
                    new Option(
                            "--checks",
                            "200",
                            "timed checks of 10,000 recipients in the suppression phase, after a"
                                    + " tenth as many not timed"),
                    new Option(
                            "--ingest-rate",
                            "1000",
                            "webhook requests per second offered in the ingest phase"),
                    new Option("--ingest-batch", "100", "events per webhook request"),
                    new Option(
                            "--ingest-seconds", "40", "how long the ingest phase offers its rate"),
                    new Option(
                            "--postfix-lines",
                            "1500000",
                            "Postfix log lines (three a message) the ingest phase joins"),
                    new Option(
                            "--phases",
                            "throughput,latency,scale,suppression,ingest",
                            "phases to run"),
                    new Option(
                            "--subject-jvm-options",
                            "-Xmx1g",
                            "JVM options of every measured program, space-separated"),
                    new Option(
                            "--monitor-options",
                            "",
                            "options of every bouncewatch run, space-separated, e.g."
                                    + " \"--commit-interval 50ms --kafka producer.linger.ms=5\""),
                    new Option(
                            "--work-dir",
                            "",
                            "directory for the broker, state and logs (default: a temporary one,"
                                    + " deleted after the run)"));

    @Override
    public CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name("bench").mixinStandardHelpOptions(true);
        spec.usageMessage()
                .description(
                        "Benchmark: preloads a seeded workload and measures, on the same records,"
                                + " a plain consumer that reads and parses (the limit), a minimal Kafka Streams processor, and"
                                + " bouncewatch with each guarantee; then latency at a steady rate, throughput, store size and"
                                + " restore time as the fleet grows, and the suppression list's import, size, restore and"
                                + " check. See docs/benchmarks.md.");
        spec.usageMessage().sortOptions(false);
        for (Option o : OPTIONS) {
            spec.addOption(
                    OptionSpec.builder(o.name())
                            .paramLabel("VALUE")
                            .type(String.class)
                            .description(
                                    o.description()
                                            + (o.defaultValue().isEmpty()
                                                    ? ""
                                                    : " (default: " + o.defaultValue() + ")"))
                            .build());
        }
        return spec;
    }

    @Override
    public int run(ParseResult parsed, PrintStream out, PrintStream err) {
        BenchOptions options;
        try {
            options = options(parsed);
        } catch (ConfigException e) {
            err.println("bouncewatch: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        try {
            new Benchmark(options, out).run();
            return Main.EXIT_OK;
        } catch (BenchmarkException | BrokerStartException e) {
            err.println("bouncewatch bench: " + e.getMessage());
            return Main.EXIT_FAILED;
        }
    }

    static BenchOptions options(ParseResult parsed) {
        Map<String, String> values = new LinkedHashMap<>();
        OPTIONS.forEach(o -> values.put(o.name(), o.defaultValue()));
        for (OptionSpec matched : parsed.matchedOptions()) {
            if (values.containsKey(matched.longestName())) {
                values.put(matched.longestName(), ((String) matched.getValue()).trim());
            }
        }
        long events = number(values, "--events", 1, 1_000_000_000L);
        int mailboxes = (int) number(values, "--mailboxes", 1, 100_000_000L);
        int domains = (int) number(values, "--domains", 1, mailboxes);
        BounceMix bounces;
        try {
            bounces = BounceMix.parse(values.get("--bounce-mix"));
        } catch (IllegalArgumentException e) {
            throw invalid("--bounce-mix", values.get("--bounce-mix"), BounceMix.ALLOWED);
        }
        TrafficMix mix;
        try {
            mix =
                    new TrafficMix(
                            share(values, "--bounce-rate"),
                            share(values, "--bad-mailboxes"),
                            share(values, "--bad-bounce-rate"),
                            bounces,
                            share(values, "--complaint-rate"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("bench", "invalid bench traffic mix: " + e.getMessage());
        }
        String guarantee = values.get("--guarantee");
        List<String> guarantees =
                switch (guarantee) {
                    case "both" -> BenchOptions.GUARANTEES;
                    case "exactly_once_v2", "at_least_once" -> List.of(guarantee);
                    default ->
                            throw invalid(
                                    "--guarantee",
                                    guarantee,
                                    "exactly_once_v2, at_least_once or both");
                };
        String bootstrap = values.get("--bootstrap-servers");
        if (!bootstrap.matches("|[^\\s,]+:\\d{1,5}(,[^\\s,]+:\\d{1,5})*")) {
            throw invalid("--bootstrap-servers", bootstrap, "empty or host:port[,host:port...]");
        }
        int latencySeconds = (int) number(values, "--latency-seconds", 1, 86_400);
        int warmup = (int) number(values, "--warmup-seconds", 0, 86_400);
        if (warmup >= latencySeconds) {
            throw invalid(
                    "--warmup-seconds",
                    values.get("--warmup-seconds"),
                    "fewer seconds than --latency-seconds=" + latencySeconds);
        }
        List<Integer> scale =
                list(values, "--scale", s -> (int) parse("--scale", s, 100, 100_000_000L));
        List<String> phases =
                list(
                        values,
                        "--phases",
                        p -> {
                            if (!BenchOptions.PHASES.contains(p)) {
                                throw invalid(
                                        "--phases",
                                        values.get("--phases"),
                                        "a comma-separated list of "
                                                + String.join(", ", BenchOptions.PHASES));
                            }
                            return p;
                        });
        List<String> jvm = words(values.get("--subject-jvm-options"));
        List<String> monitor = words(values.get("--monitor-options"));
        String workDir = values.get("--work-dir");
        return new BenchOptions(
                events,
                (int) number(values, "--rounds", 1, 50),
                mailboxes,
                domains,
                mix,
                guarantees,
                bootstrap,
                (int) number(values, "--threads", 1, 64),
                parse("--seed", values.get("--seed"), Long.MIN_VALUE, Long.MAX_VALUE),
                (int) number(values, "--latency-rate", 1, 10_000_000),
                latencySeconds,
                warmup,
                scale,
                (int) number(values, "--suppressed", SuppressionWorkload.CHECK_SIZE, 100_000_000L),
                (int) number(values, "--checks", 1, 1_000_000),
                (int) number(values, "--ingest-rate", 1, 100_000),
                (int) number(values, "--ingest-batch", 1, 10_000),
                (int) number(values, "--ingest-seconds", 2, 86_400),
                (int) number(values, "--postfix-lines", 3, 300_000_000),
                phases,
                jvm,
                monitor,
                workDir.isEmpty() ? null : Path.of(workDir));
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    private static long number(Map<String, String> values, String name, long min, long max) {
        return parse(name, values.get(name), min, max);
    }

    private static long parse(String name, String text, long min, long max) {
        long value;
        try {
            value = Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw invalid(name, text, "a whole number from " + min + " to " + max);
        }
        if (value < min || value > max) {
            throw invalid(name, text, "a whole number from " + min + " to " + max);
        }
        return value;
    }

    private static double share(Map<String, String> values, String name) {
        String text = values.get(name);
        try {
            double value = Double.parseDouble(text);
            if (value >= 0 && value <= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(name, text, "a share from 0 to 1, e.g. 0.02");
    }

    private static <T> List<T> list(
            Map<String, String> values, String name, Function<String, T> item) {
        List<T> out = new ArrayList<>();
        for (String part : values.get(name).split(",")) {
            if (!part.isBlank()) {
                out.add(item.apply(part.trim()));
            }
        }
        if (out.isEmpty()) {
            throw invalid(name, values.get(name), "at least one value");
        }
        return out;
    }

    private static ConfigException invalid(String name, String value, String allowed) {
        return new ConfigException(
                name, "invalid bench option " + name + "=" + value + ": " + allowed);
    }
}
