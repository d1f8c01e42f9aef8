package io.bouncewatch.cli;

import io.bouncewatch.bench.BenchOptions;
import io.bouncewatch.bench.Benchmark;
import io.bouncewatch.bench.BenchmarkException;
import io.bouncewatch.broker.BrokerStartException;
import io.bouncewatch.config.ConfigException;
import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.config.Setting;
import io.bouncewatch.config.Settings;
import io.bouncewatch.runtime.Monitor;
import io.bouncewatch.runtime.StartupException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code java -jar bouncewatch.jar run|demo [options]}. Every setting of {@link Settings} is an
 * option named after its key ({@code --http-port}); --help lists them with their defaults and
 * environment variables. A bad setting prints one line and exits 2; a failed start exits 1.
 */
public final class Main {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        int code = execute(args, System.out, System.err);
        if (code != EXIT_OK || args.length == 0 || isHelp(args) || List.of(args).contains("bench")) {
            System.exit(code);
        }
    }

    private static boolean isHelp(String[] args) {
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
                return true;
            }
        }
        return false;
    }

    /** Parses and runs; returns the exit code. {@code run} and {@code demo} block until stopped. */
    static int execute(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(root());
        cli.addSubcommand("run", command("run", "Run the monitor (embedded Kafka unless --bootstrap-servers is given)."));
        cli.addSubcommand("demo", command("demo",
                "Run the monitor plus a simulated fleet of senders, some mailboxes going bad (1-minute cooldowns)."));
        cli.addSubcommand("bench", BenchCommand.spec());
        // The console's encoding, as System.out has it.
        cli.setOut(new PrintWriter(new OutputStreamWriter(out, Charset.defaultCharset()), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(err, Charset.defaultCharset()), true));
        ParseResult parsed;
        try {
            parsed = cli.parseArgs(args);
        } catch (CommandLine.UnmatchedArgumentException e) {
            String unknown = e.getUnmatched().isEmpty() ? "" : e.getUnmatched().get(0);
            List<String> suggestions = e.getSuggestions();
            err.println("bouncewatch: unknown option '" + unknown + "'"
                    + (suggestions.isEmpty() ? "" : " (did you mean " + String.join(" or ", suggestions) + "?)"));
            err.println("Run 'java -jar target/bouncewatch.jar " + subcommandOf(args) + " --help' for every option.");
            return EXIT_USAGE;
        } catch (CommandLine.ParameterException e) {
            err.println("bouncewatch: " + e.getMessage());
            err.println("Run 'java -jar target/bouncewatch.jar " + subcommandOf(args) + " --help' for every option.");
            return EXIT_USAGE;
        }
        if (CommandLine.printHelpIfRequested(parsed)) {
            return EXIT_OK;
        }
        if (!parsed.hasSubcommand()) {
            cli.usage(out);
            return EXIT_USAGE;
        }
        ParseResult sub = parsed.subcommand();
        String mode = sub.commandSpec().name();
        if (mode.equals("bench")) {
            return bench(sub, out, err);
        }
        MonitorConfig config;
        try {
            config = configFrom(sub, mode);
        } catch (ConfigException e) {
            err.println("bouncewatch: " + e.getMessage());
            return EXIT_USAGE;
        }
        return new Launcher(config, mode.equals("demo"), out, err).call();
    }

    private static int bench(ParseResult sub, PrintStream out, PrintStream err) {
        BenchOptions options;
        try {
            options = BenchCommand.options(sub);
        } catch (ConfigException e) {
            err.println("bouncewatch: " + e.getMessage());
            return EXIT_USAGE;
        }
        try {
            new Benchmark(options, out).run();
            return EXIT_OK;
        } catch (BenchmarkException | BrokerStartException e) {
            err.println("bouncewatch bench: " + e.getMessage());
            return EXIT_FAILED;
        }
    }

    static MonitorConfig configFrom(ParseResult sub, String mode) {
        Map<String, String> options = new LinkedHashMap<>();
        Path file = null;
        for (OptionSpec option : sub.matchedOptions()) {
            String name = option.longestName();
            if (name.equals("--config")) {
                file = Path.of((String) option.getValue());
            } else if (name.equals("--kafka")) {
                Map<String, String> kafka = option.getValue();
                kafka.forEach((k, v) -> options.put(Settings.KAFKA_PREFIX + k, v));
            } else if (option.userObject() instanceof Setting setting) {
                options.put(setting.key(), (String) option.getValue());
            }
        }
        MonitorConfig.Sources sources = new MonitorConfig.Sources()
                .file(file)
                .environment(System.getenv())
                .commandLine(options);
        if (mode.equals("demo")) {
            sources.modeDefaults(Map.of("cooldown.duration", "1m", "cooldown.max", "10m"));
        }
        return MonitorConfig.resolve(sources);
    }

    private static CommandSpec root() {
        CommandSpec spec = CommandSpec.create().name("bouncewatch").mixinStandardHelpOptions(true)
                .version("bouncewatch " + version());
        spec.usageMessage().description("Real-time protection of mailbox and domain sending reputation on Kafka.");
        return spec;
    }

    private static CommandSpec command(String name, String description) {
        CommandSpec spec = CommandSpec.create().name(name).mixinStandardHelpOptions(true);
        UsageMessageSpec usage = spec.usageMessage();
        usage.description(description, "",
                "Every option is also a property (--config FILE) and an environment variable;",
                "precedence: defaults < file < environment < command line.");
        usage.sortOptions(false);
        usage.abbreviateSynopsis(true);
        spec.addOption(OptionSpec.builder("--config").paramLabel("FILE").type(String.class)
                .description("Properties file with settings (keys as in the README, e.g. http.port=8081).").build());
        for (Setting setting : Settings.ALL) {
            spec.addOption(OptionSpec.builder(setting.option())
                    .paramLabel("VALUE")
                    .type(String.class)
                    .userObject(setting)
                    // The default starts a line of its own: picocli wraps at any line-break opportunity,
                    // even inside a value ("./data" came out as ". /data"), and this line has room for it.
                    .description(setting.doc(), "(default: "
                            + (setting.defaultValue().isEmpty() ? "none" : setting.defaultValue())
                            + "; env " + setting.environmentVariable() + ")")
                    .build());
        }
        spec.addOption(OptionSpec.builder("--kafka").paramLabel("KEY=VALUE").type(Map.class)
                .auxiliaryTypes(String.class, String.class)
                .description("A Kafka client or Kafka Streams setting, repeatable (e.g. --kafka security.protocol=SSL);"
                        + " same as kafka.KEY in the file or BOUNCEWATCH_KAFKA_KEY in the environment.")
                .build());
        return spec;
    }

    private static String subcommandOf(String[] args) {
        for (String a : args) {
            if (a.equals("run") || a.equals("demo") || a.equals("bench")) {
                return a;
            }
        }
        return "run";
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Starts the monitor, prints where it listens, and waits for a signal or a failure. */
    static final class Launcher implements Callable<Integer> {
        private final MonitorConfig config;
        private final boolean demo;
        private final PrintStream out;
        private final PrintStream err;

        Launcher(MonitorConfig config, boolean demo, PrintStream out, PrintStream err) {
            this.config = config;
            this.demo = demo;
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call() {
            Monitor monitor;
            try {
                monitor = Monitor.start(config);
            } catch (StartupException e) {
                err.println("bouncewatch: cannot start: " + e.getMessage());
                return EXIT_FAILED;
            }
            Banner.print(out, monitor, demo);
            AutoCloseable fleet = demo ? DemoMode.start(monitor, out) : () -> { };
            Thread hook = new Thread(() -> {
                err.println("bouncewatch: stopping");
                closeQuietly(fleet);
                monitor.close();
                err.println("bouncewatch: stopped");
                // A clean stop on SIGTERM or Ctrl-C exits 0, not the JVM's 143.
                Runtime.getRuntime().halt(monitor.failed() ? EXIT_FAILED : EXIT_OK);
            }, "bouncewatch-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                boolean failed = monitor.awaitStreamsStopped();
                err.println("bouncewatch: the streams stopped" + (failed ? " after an error" : ""));
                return failed ? EXIT_FAILED : EXIT_OK;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return EXIT_OK;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is already running and will finish the stop
                }
                closeQuietly(fleet);
                monitor.close();
            }
        }

        private static void closeQuietly(AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // nothing more to do while stopping
            }
        }
    }
}
