package io.bouncewatch.cli;

import io.bouncewatch.config.ConfigException;
import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.config.Setting;
import io.bouncewatch.config.Settings;
import io.bouncewatch.runtime.Monitor;
import io.bouncewatch.runtime.StartupException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code java -jar bouncewatch.jar run [options]}, {@code classify [FILE...]}, {@code evaluate
 * [options]}, {@code replay [options]}, {@code suppressions import|export}, and the subcommands of
 * the {@link Tool}s on the class path ({@code demo}, {@code bench}). Every setting of {@link
 * Settings} is an option named after its key ({@code --http-port}); --help lists them with their
 * defaults and environment variables. A bad setting prints one line and exits 2; a failed start
 * exits 1.
 */
public final class Main {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;

    /**
     * Marks the subcommands that run the monitor: after one stops cleanly, main returns rather than
     * exits.
     */
    private static final Object RUNS_MONITOR = new Object();

    private Main() {}

    public static void main(String[] args) {
        Map<String, Tool> tools = tools();
        CommandLine cli = commandLine(tools);
        int code = execute(cli, tools, args, System.in, System.out, System.err);
        if (code != EXIT_OK || isHelp(args) || !ranMonitor(cli)) {
            System.exit(code);
        }
    }

    private static boolean ranMonitor(CommandLine cli) {
        ParseResult parsed = cli.getParseResult();
        return parsed != null
                && parsed.hasSubcommand()
                && parsed.subcommand().commandSpec().userObject() == RUNS_MONITOR;
    }

    private static boolean isHelp(String[] args) {
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses and runs; returns the exit code. {@code run} (and {@code demo}) block until stopped.
     */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        return execute(args, System.in, out, err);
    }

    /** As {@link #execute(String[], PrintStream, PrintStream)}, reading {@code in} as stdin. */
    public static int execute(String[] args, InputStream in, PrintStream out, PrintStream err) {
        Map<String, Tool> tools = tools();
        return execute(commandLine(tools), tools, args, in, out, err);
    }

    /** The tools on the class path by subcommand name, in the order of their service files. */
    private static Map<String, Tool> tools() {
        Map<String, Tool> tools = new LinkedHashMap<>();
        for (Tool tool : ServiceLoader.load(Tool.class)) {
            tools.put(tool.spec().name(), tool);
        }
        return tools;
    }

    private static CommandLine commandLine(Map<String, Tool> tools) {
        CommandLine cli = new CommandLine(root());
        cli.addSubcommand(
                "run",
                monitorCommand(
                        "run",
                        "Run the monitor (embedded Kafka unless --bootstrap-servers is given)."));
        cli.addSubcommand(ClassifyCommand.NAME, ClassifyCommand.spec());
        cli.addSubcommand(EvaluateCommand.NAME, EvaluateCommand.spec());
        cli.addSubcommand(ReplayCommand.NAME, ReplayCommand.spec());
        cli.addSubcommand(SuppressionsCommand.NAME, SuppressionsCommand.spec());
        tools.forEach((name, tool) -> cli.addSubcommand(name, tool.spec()));
        return cli;
    }

    private static int execute(
            CommandLine cli,
            Map<String, Tool> tools,
            String[] args,
            InputStream in,
            PrintStream out,
            PrintStream err) {
        // The console's encoding, as System.out has it.
        cli.setOut(new PrintWriter(new OutputStreamWriter(out, Charset.defaultCharset()), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(err, Charset.defaultCharset()), true));
        ParseResult parsed;
        try {
            parsed = cli.parseArgs(args);
        } catch (CommandLine.UnmatchedArgumentException e) {
            String unknown = e.getUnmatched().isEmpty() ? "" : e.getUnmatched().get(0);
            List<String> suggestions = e.getSuggestions();
            err.println(
                    "bouncewatch: unknown option '"
                            + unknown
                            + "'"
                            + (suggestions.isEmpty()
                                    ? ""
                                    : " (did you mean " + String.join(" or ", suggestions) + "?)"));
            err.println(
                    "Run 'java -jar target/bouncewatch.jar "
                            + subcommandOf(cli, args)
                            + " --help' for every option.");
            return EXIT_USAGE;
        } catch (CommandLine.ParameterException e) {
            err.println("bouncewatch: " + e.getMessage());
            err.println(
                    "Run 'java -jar target/bouncewatch.jar "
                            + subcommandOf(cli, args)
                            + " --help' for every option.");
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
        if (sub.commandSpec().name().equals(ClassifyCommand.NAME)) {
            return ClassifyCommand.run(sub, in, out, err);
        }
        if (sub.commandSpec().name().equals(EvaluateCommand.NAME)) {
            return EvaluateCommand.run(sub, System.getenv(), out, err);
        }
        if (sub.commandSpec().name().equals(ReplayCommand.NAME)) {
            return ReplayCommand.run(sub, System.getenv(), in, out, err);
        }
        if (sub.commandSpec().name().equals(SuppressionsCommand.NAME)) {
            return SuppressionsCommand.run(sub, System.getenv(), in, out, err);
        }
        Tool tool = tools.get(sub.commandSpec().name());
        if (tool != null) {
            return tool.run(sub, out, err);
        }
        return runMonitor(sub, Map.of(), "", monitor -> () -> {}, out, err);
    }

    /**
     * Runs the monitor with the parsed settings over the given defaults of the mode, prints where
     * it listens (the banner says it is running {@code runningAs}), then starts what runs beside it
     * and blocks until the monitor stops; returns the exit code.
     */
    public static int runMonitor(
            ParseResult parsed,
            Map<String, String> modeDefaults,
            String runningAs,
            Function<Monitor, AutoCloseable> beside,
            PrintStream out,
            PrintStream err) {
        MonitorConfig config;
        try {
            config = configFrom(parsed, modeDefaults);
        } catch (ConfigException e) {
            err.println("bouncewatch: " + e.getMessage());
            return EXIT_USAGE;
        }
        return new Launcher(config, runningAs, beside, out, err).call();
    }

    private static MonitorConfig configFrom(ParseResult sub, Map<String, String> modeDefaults) {
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
        return MonitorConfig.resolve(
                new MonitorConfig.Sources()
                        .modeDefaults(modeDefaults)
                        .file(file)
                        .environment(System.getenv())
                        .commandLine(options));
    }

    private static CommandSpec root() {
        CommandSpec spec =
                CommandSpec.create()
                        .name("bouncewatch")
                        .mixinStandardHelpOptions(true)
                        .version("bouncewatch " + version());
        spec.usageMessage()
                .description(
                        "Real-time protection of mailbox and domain sending reputation on Kafka.");
        return spec;
    }

    /** A subcommand that runs the monitor, with every setting as an option. */
    public static CommandSpec monitorCommand(String name, String description) {
        CommandSpec spec =
                CommandSpec.wrapWithoutInspection(RUNS_MONITOR)
                        .name(name)
                        .mixinStandardHelpOptions(true);
        UsageMessageSpec usage = spec.usageMessage();
        usage.description(
                description,
                "",
                "Every option is also a property (--config FILE) and an environment variable;",
                "precedence: defaults < file < environment < command line.");
        usage.sortOptions(false);
        usage.abbreviateSynopsis(true);
        spec.addOption(
                OptionSpec.builder("--config")
                        .paramLabel("FILE")
                        .type(String.class)
                        .description(
                                "Properties file with settings (keys as in the README, e.g. http.port=8081).")
                        .build());
        for (Setting setting : Settings.ALL) {
            spec.addOption(
                    OptionSpec.builder(setting.option())
                            .paramLabel("VALUE")
                            .type(String.class)
                            .userObject(setting)
                            // The default starts a line of its own: picocli wraps at any line-break
                            // opportunity, even inside a value ("./data" came out as ". /data"),
                            // and this line has room for it.
                            .description(
                                    setting.doc(),
                                    "(default: "
                                            + (setting.defaultValue().isEmpty()
                                                    ? "none"
                                                    : setting.defaultValue())
                                            + "; env "
                                            + setting.environmentVariable()
                                            + ")")
                            .build());
        }
        spec.addOption(
                OptionSpec.builder("--kafka")
                        .paramLabel("KEY=VALUE")
                        .type(Map.class)
                        .auxiliaryTypes(String.class, String.class)
                        .description(
                                "A Kafka client or Kafka Streams setting, repeatable (e.g. --kafka security.protocol=SSL);"
                                        + " same as kafka.KEY in the file or BOUNCEWATCH_KAFKA_KEY in the environment.")
                        .build());
        return spec;
    }

    private static String subcommandOf(CommandLine cli, String[] args) {
        for (String a : args) {
            if (cli.getSubcommands().containsKey(a)) {
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
        private final String runningAs;
        private final Function<Monitor, AutoCloseable> beside;
        private final PrintStream out;
        private final PrintStream err;

        Launcher(
                MonitorConfig config,
                String runningAs,
                Function<Monitor, AutoCloseable> beside,
                PrintStream out,
                PrintStream err) {
            this.config = config;
            this.runningAs = runningAs;
            this.beside = beside;
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
            Banner.print(out, monitor, runningAs);
            AutoCloseable alongside = beside.apply(monitor);
            Thread hook =
                    new Thread(
                            () -> {
                                err.println("bouncewatch: stopping");
                                closeQuietly(alongside);
                                monitor.close();
                                err.println("bouncewatch: stopped");
                                // A clean stop on SIGTERM or Ctrl-C exits 0, not the JVM's 143.
                                Runtime.getRuntime().halt(monitor.failed() ? EXIT_FAILED : EXIT_OK);
                            },
                            "bouncewatch-shutdown");
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
                closeQuietly(alongside);
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
