package io.bouncewatch.cli;

import io.bouncewatch.config.ConfigException;
import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.rules.RuleSettings;
import io.bouncewatch.whatif.BounceRateSimulation;
import io.bouncewatch.whatif.RateOutcome;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code evaluate}: what the rule settings do to mailboxes of known bounce rates, before they are
 * deployed. Runs a {@link BounceRateSimulation} per rate with the settings in force (defaults <
 * --config file < environment, as {@code run} resolves them) and, when {@code --set} is given, with
 * those settings changed by every {@code --set}. Starts neither Kafka nor HTTP.
 */
final class EvaluateCommand {

    static final String NAME = "evaluate";

    private static final String RATES = "0.005,0.01,0.02,0.03,0.05,0.1";
    private static final int MAX_MAILBOXES = 1_000_000;

    /** The columns of one setting; {@link #cells} fills them. */
    private static final String HEADER = "   paused   sends to pause";

    /** An option with a value, as --help and docs/interface.md §4 show it. */
    record Option(String name, String label, String defaultValue, String description) {}

    static final List<Option> OPTIONS =
            List.of(
                    new Option(
                            "--rates",
                            "RATE[,RATE...]",
                            RATES,
                            "bounce rates to simulate: the probability that a send bounces, each"
                                    + " above 0 and at most 1"),
                    new Option(
                            "--mailboxes",
                            "N",
                            "1000",
                            "simulated mailboxes per rate, from 1 to " + MAX_MAILBOXES),
                    new Option(
                            "--sends",
                            "N",
                            "3000",
                            "sends per mailbox, from 1 to " + BounceRateSimulation.MAX_SENDS),
                    new Option(
                            "--seed",
                            "N",
                            "1",
                            "seed of the bounces; the same seed simulates the same mailboxes"));

    private EvaluateCommand() {}

    static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(NAME).mixinStandardHelpOptions(true);
        spec.usageMessage()
                .description(
                        "What-if on simulated mailboxes: how often the rule settings pause mailboxes of known bounce"
                                + " rates, and how soon.",
                        "Each send bounces with the rate's probability and the mailbox rules decide as the monitor"
                                + " would. Prints per rate the share of mailboxes paused at least once within --sends"
                                + " sends and the median sends to the first pause, for the settings in force (defaults"
                                + " < --config file < environment) and, with --set, for those settings changed.",
                        "Exit 0 when done; 2 for a bad option or setting.")
                .sortOptions(false);
        for (Option o : OPTIONS) {
            spec.addOption(
                    OptionSpec.builder(o.name())
                            .paramLabel(o.label())
                            .type(String.class)
                            .description(o.description() + " (default: " + o.defaultValue() + ")")
                            .build());
        }
        WhatIfSettings.addSet(spec, "; the candidate is the settings in force with every --set");
        WhatIfSettings.addConfig(spec);
        WhatIfSettings.addJson(spec);
        return spec;
    }

    static int run(
            ParseResult parsed, Map<String, String> environment, PrintStream out, PrintStream err) {
        Evaluation evaluation;
        try {
            evaluation = evaluation(parsed, environment);
        } catch (ConfigException e) {
            err.println("bouncewatch: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        long started = System.nanoTime();
        List<Row> rows = evaluation.simulate();
        double seconds = (System.nanoTime() - started) / 1e9;
        long simulated = rows.stream().mapToLong(Row::sendsSimulated).sum();
        String speed =
                String.format(
                        Locale.ROOT,
                        "%,d mailbox-sends simulated in %.1f s (%,.0f per second)",
                        simulated,
                        seconds,
                        simulated / Math.max(seconds, 1e-9));
        if (evaluation.json()) {
            out.println(json(rows));
            err.println("bouncewatch evaluate: " + speed);
        } else {
            out.print(table(evaluation, rows));
            out.println(speed);
        }
        out.flush();
        return Main.EXIT_OK;
    }

    /** What to simulate, with the settings of each side; the candidate is null without --set. */
    private record Evaluation(
            List<Double> rates,
            int mailboxes,
            int sends,
            long seed,
            RuleSettings current,
            RuleSettings candidate,
            Map<String, String> changes,
            boolean json) {

        List<Row> simulate() {
            BounceRateSimulation inForce =
                    new BounceRateSimulation(current, mailboxes, sends, seed);
            BounceRateSimulation changed =
                    candidate == null
                            ? null
                            : new BounceRateSimulation(candidate, mailboxes, sends, seed);
            List<Row> rows = new ArrayList<>();
            for (double rate : rates) {
                rows.add(new Row(inForce.run(rate), changed == null ? null : changed.run(rate)));
            }
            return rows;
        }
    }

    /** One rate under both settings; {@code candidate} is null without --set. */
    private record Row(RateOutcome current, RateOutcome candidate) {
        long sendsSimulated() {
            return current.sendsSimulated() + (candidate == null ? 0 : candidate.sendsSimulated());
        }
    }

    private static Evaluation evaluation(ParseResult parsed, Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        OPTIONS.forEach(o -> values.put(o.name(), o.defaultValue()));
        Path file = null;
        Map<String, String> changes = new LinkedHashMap<>();
        boolean json = false;
        for (OptionSpec matched : parsed.matchedOptions()) {
            String name = matched.longestName();
            switch (name) {
                case "--config" -> file = Path.of((String) matched.getValue());
                case "--set" -> {
                    Map<String, String> set = matched.getValue();
                    set.forEach((k, v) -> changes.put(k.trim(), v));
                }
                case "--json" -> json = true;
                default -> values.put(name, ((String) matched.getValue()).trim());
            }
        }
        List<Double> rates = rates(values.get("--rates"));
        int mailboxes = (int) number(values, "--mailboxes", 1, MAX_MAILBOXES);
        int sends = (int) number(values, "--sends", 1, BounceRateSimulation.MAX_SENDS);
        long seed = number(values, "--seed", Long.MIN_VALUE, Long.MAX_VALUE);
        MonitorConfig current = WhatIfSettings.inForce(file, environment);
        RuleSettings candidate =
                changes.isEmpty() ? null : WhatIfSettings.candidate(file, environment, changes);
        return new Evaluation(
                rates, mailboxes, sends, seed, current.rules(), candidate, changes, json);
    }

    private static List<Double> rates(String text) {
        String allowed =
                "a comma-separated list of bounce rates, each above 0 and at most 1, e.g. " + RATES;
        List<Double> rates = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            double rate;
            try {
                rate = Double.parseDouble(part.trim());
            } catch (NumberFormatException e) {
                throw invalid("--rates", text, allowed);
            }
            if (!(rate > 0 && rate <= 1)) {
                throw invalid("--rates", text, allowed);
            }
            rates.add(rate);
        }
        return rates;
    }

    private static long number(Map<String, String> values, String name, long min, long max) {
        String text = values.get(name);
        String allowed = "a whole number from " + min + " to " + max;
        long value;
        try {
            value = Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw invalid(name, text, allowed);
        }
        if (value < min || value > max) {
            throw invalid(name, text, allowed);
        }
        return value;
    }

    private static ConfigException invalid(String name, String value, String allowed) {
        return new ConfigException(
                name, "invalid evaluate option " + name + "=" + value + ": " + allowed);
    }

    // ---- output

    private static String table(Evaluation e, List<Row> rows) {
        boolean both = e.candidate() != null;
        StringBuilder t = new StringBuilder();
        line(
                t,
                "%,d simulated mailboxes per bounce rate, %,d sends each (seed %d).",
                e.mailboxes(),
                e.sends(),
                e.seed());
        line(
                t,
                "Every send bounces with the rate's probability; a mailbox stops at its first pause.");
        if (both) {
            line(
                    t,
                    "candidate: the settings in force with %s",
                    e.changes().entrySet().stream()
                            .map(c -> c.getKey() + "=" + c.getValue())
                            .collect(Collectors.joining(", ")));
        }
        line(t, "");
        line(t, "%-14s%-26s%s", "", "current", both ? "candidate" : "");
        line(t, "bounce rate%s%s", HEADER, both ? HEADER : "");
        for (Row row : rows) {
            line(
                    t,
                    "%11s%s%s",
                    percent(row.current().rate()),
                    cells(row.current()),
                    both ? cells(row.candidate()) : "");
        }
        line(t, "");
        line(t, "paused: the share of mailboxes paused at least once within %,d sends", e.sends());
        line(t, "sends to pause: of those, the median sends up to the first pause");
        return t.toString();
    }

    private static String cells(RateOutcome o) {
        return String.format(
                Locale.ROOT,
                "   %5.1f%%   %14s",
                o.pausedShare() * 100,
                o.medianSendsToPause().isPresent()
                        ? String.format(Locale.ROOT, "%,d", o.medianSendsToPause().getAsInt())
                        : "-");
    }

    /** One line of the table, trailing spaces trimmed. */
    private static void line(StringBuilder t, String format, Object... args) {
        t.append(String.format(Locale.ROOT, format, args).stripTrailing())
                .append(System.lineSeparator());
    }

    /** 0.005 as 0.5%, without a binary fraction's tail. */
    private static String percent(double rate) {
        return BigDecimal.valueOf(rate).movePointRight(2).stripTrailingZeros().toPlainString()
                + "%";
    }

    private static String json(List<Row> rows) {
        StringBuilder j = new StringBuilder("{\"results\":[");
        String separator = "";
        for (Row row : rows) {
            j.append(separator);
            json(j, row.current(), "current");
            separator = ",";
            if (row.candidate() != null) {
                j.append(separator);
                json(j, row.candidate(), "candidate");
            }
        }
        return j.append("]}").toString();
    }

    private static void json(StringBuilder j, RateOutcome o, String settings) {
        j.append("{\"rate\":")
                .append(plain(o.rate()))
                .append(",\"settings\":\"")
                .append(settings)
                .append("\",\"mailboxes\":")
                .append(o.mailboxes())
                .append(",\"sends\":")
                .append(o.sends())
                .append(",\"pausedShare\":")
                .append(plain(o.pausedShare()))
                .append(",\"medianSendsToPause\":")
                .append(
                        o.medianSendsToPause().isPresent()
                                ? Integer.toString(o.medianSendsToPause().getAsInt())
                                : "null")
                .append('}');
    }

    /** A JSON number without an exponent: 0.0001, not 1.0E-4. */
    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
