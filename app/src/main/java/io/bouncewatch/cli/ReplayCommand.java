package io.bouncewatch.cli;

import io.bouncewatch.config.ConfigException;
import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.dsn.BounceMessageParser;
import io.bouncewatch.input.Decoded;
import io.bouncewatch.input.InputDecoder;
import io.bouncewatch.input.InputKind;
import io.bouncewatch.input.RecordLine;
import io.bouncewatch.payload.PayloadWriter;
import io.bouncewatch.payload.StatusChange;
import io.bouncewatch.rules.RuleSettings;
import io.bouncewatch.runtime.TopicHistory;
import io.bouncewatch.whatif.FleetReplay;
import io.bouncewatch.whatif.Replay;
import io.bouncewatch.whatif.ReplayOutcome;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code replay}: what candidate rule settings would have done to the history the monitor saw.
 * Reads the input records of a time range from the cluster's topics, or from an exported JSON-lines
 * file, and runs them through the monitor's rules on their recorded time ({@link Replay}) with the
 * settings in force and with the candidate, side by side. Starts no monitor and writes nothing to
 * Kafka.
 */
final class ReplayCommand {

    static final String NAME = "replay";

    /** Problems printed one by one; the rest are counted. */
    private static final int PROBLEMS_SHOWN = 20;

    /** Bytes of whole lines read from a file before they are parsed, a block at a time. */
    private static final int BLOCK_BYTES = 1 << 20;

    private ReplayCommand() {}

    static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(NAME).mixinStandardHelpOptions(true);
        spec.usageMessage()
                .description(
                        "What-if on history: the input records the monitor saw, through the rules with the"
                                + " settings in force and with candidate settings, side by side.",
                        "Reads the input topics of a cluster (--bootstrap-servers, --from, --to) or an"
                                + " exported JSON-lines file (--input), one record a line:"
                                + " {\"topic\":...,\"timestamp\":...,\"key\":...,\"value\":{...}}. Each record is"
                                + " decided at its own timestamp, as the monitor decided it when it read it;"
                                + " cooldowns and routes end at their own times.",
                        "Prints the mailboxes and domains warned and paused under each, those paused under"
                                + " one only, the bounces that came from mailboxes already stopped and the"
                                + " mailbox-hours of sending stopped.",
                        "Exit 0 when done; 1 when the history cannot be read; 2 for a bad option or setting.")
                .sortOptions(false);
        option(spec, "--input", "FILE", "an exported history, JSON lines ('-' for standard input)");
        option(
                spec,
                "--bootstrap-servers",
                "HOST:PORT",
                "the cluster whose input topics to read (default: bootstrap.servers of the"
                        + " settings in force)");
        option(
                spec,
                "--from",
                "TIME",
                "first record time read: ISO-8601 (2026-11-22T00:00:00Z) or a duration before now"
                        + " (7d, 12h, 30m); default: the oldest record kept");
        option(
                spec,
                "--to",
                "TIME",
                "end of the range, exclusive, in the same forms; default: now. Deadlines up to it"
                        + " end, and mailboxes still stopped count up to it");
        WhatIfSettings.addSet(spec, "");
        option(
                spec,
                "--candidate",
                "FILE",
                "a properties file of candidate rule settings; --set wins over it");
        WhatIfSettings.addConfig(spec);
        option(
                spec,
                "--changes",
                "FILE",
                "write every status change under the settings in force, as JSON lines in the form"
                        + " of health.status-changes");
        option(
                spec,
                "--candidate-changes",
                "FILE",
                "write every status change under the candidate, as JSON lines");
        WhatIfSettings.addJson(spec);
        return spec;
    }

    private static void option(CommandSpec spec, String name, String label, String description) {
        spec.addOption(
                OptionSpec.builder(name)
                        .paramLabel(label)
                        .type(String.class)
                        .description(description)
                        .build());
    }

    /** What to replay, where from, and with which settings. */
    private record Request(
            Path input,
            String bootstrapServers,
            Map<String, String> kafka,
            Long from,
            Long to,
            RuleSettings current,
            RuleSettings candidate,
            Map<String, String> changes,
            Map<String, InputKind> kinds,
            int dsnMaxBytes,
            Path currentChanges,
            Path candidateChanges,
            boolean json) {}

    static int run(
            ParseResult parsed,
            Map<String, String> environment,
            InputStream in,
            PrintStream out,
            PrintStream err) {
        Request request;
        try {
            request = request(parsed, environment, System.currentTimeMillis());
        } catch (ConfigException e) {
            err.println("bouncewatch: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        Problems problems = new Problems(err);
        long started = System.nanoTime();
        History history;
        try {
            history = read(request, in, problems, err);
        } catch (IOException | RuntimeException e) {
            err.println("bouncewatch replay: cannot read the history: " + e.getMessage());
            return Main.EXIT_FAILED;
        }
        problems.summary(history.where());
        Replay.order(history.inputs());
        long end =
                request.to() != null
                        ? request.to()
                        : history.inputs().isEmpty()
                                ? 0
                                : history.inputs().get(history.inputs().size() - 1).timestamp();
        Replay.Comparison comparison;
        try (ChangeFile currentFile = ChangeFile.of(request.currentChanges());
                ChangeFile candidateFile = ChangeFile.of(request.candidateChanges())) {
            comparison =
                    Replay.compare(
                            history.inputs(),
                            end,
                            request.current(),
                            // Without a candidate both sides are the settings in force.
                            request.candidate() == null ? request.current() : request.candidate(),
                            currentFile,
                            candidateFile);
        } catch (IOException | UncheckedIOException e) {
            err.println("bouncewatch replay: cannot write the status changes: " + e.getMessage());
            return Main.EXIT_FAILED;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        String speed =
                String.format(
                        Locale.ROOT,
                        "%,d records read and replayed under two settings in %.2f s (%,.0f records"
                                + " per second)",
                        history.records(),
                        seconds,
                        history.records() / Math.max(seconds, 1e-9));
        if (request.json()) {
            out.println(json(comparison, problems.count()));
            err.println("bouncewatch replay: " + speed);
        } else {
            out.print(table(request, history, comparison, problems.count(), end));
            out.println(speed);
        }
        out.flush();
        return Main.EXIT_OK;
    }

    // ---- the settings

    private static Request request(ParseResult parsed, Map<String, String> environment, long now) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> changes = new LinkedHashMap<>();
        boolean json = false;
        for (OptionSpec matched : parsed.matchedOptions()) {
            String name = matched.longestName();
            switch (name) {
                case "--set" -> {
                    Map<String, String> set = matched.getValue();
                    set.forEach((k, v) -> changes.put(k.trim(), v));
                }
                case "--json" -> json = true;
                default -> values.put(name, ((String) matched.getValue()).trim());
            }
        }
        Path file = values.containsKey("--config") ? Path.of(values.get("--config")) : null;
        MonitorConfig current = WhatIfSettings.inForce(file, environment);
        Map<String, String> candidateValues = new LinkedHashMap<>();
        if (values.containsKey("--candidate")) {
            candidateValues.putAll(properties(Path.of(values.get("--candidate"))));
        }
        candidateValues.putAll(changes);
        RuleSettings candidate =
                candidateValues.isEmpty()
                        ? null
                        : WhatIfSettings.candidate(file, environment, candidateValues);
        Path input = values.containsKey("--input") ? Path.of(values.get("--input")) : null;
        String servers = values.getOrDefault("--bootstrap-servers", current.bootstrapServers());
        if (input != null && values.containsKey("--bootstrap-servers")) {
            throw new ConfigException(
                    "--input",
                    "replay reads either --input FILE or the topics of --bootstrap-servers, not"
                            + " both");
        }
        if (input == null && servers.isEmpty()) {
            throw new ConfigException(
                    "--input",
                    "replay needs a history: --input FILE (JSON lines) or --bootstrap-servers"
                            + " HOST:PORT with --from and --to");
        }
        Long from = values.containsKey("--from") ? time("--from", values.get("--from"), now) : null;
        Long to = values.containsKey("--to") ? time("--to", values.get("--to"), now) : null;
        if (from != null && to != null && from >= to) {
            throw new ConfigException(
                    "--from",
                    "invalid replay option --from="
                            + values.get("--from")
                            + ": it must be before --to="
                            + values.get("--to"));
        }
        return new Request(
                input,
                input == null ? servers : null,
                current.kafkaOverrides(),
                from,
                to,
                current.rules(),
                candidate,
                candidateValues,
                current.topics().inputKinds(),
                Math.toIntExact(current.size("dsn.max-bytes")),
                values.containsKey("--changes") ? Path.of(values.get("--changes")) : null,
                values.containsKey("--candidate-changes")
                        ? Path.of(values.get("--candidate-changes"))
                        : null,
                json);
    }

    private static Map<String, String> properties(Path path) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(path)) {
            p.load(in);
        } catch (IOException e) {
            throw new ConfigException(
                    "--candidate",
                    "invalid replay option --candidate=" + path + ": cannot read it (" + e + ")");
        }
        Map<String, String> values = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k.trim(), p.getProperty(k).trim()));
        return values;
    }

    /** An ISO-8601 instant, or a duration before {@code now} such as 7d, 12h or 30m. */
    static long time(String option, String text, long now) {
        String allowed =
                "an ISO-8601 time such as 2026-11-22T00:00:00Z, or a duration before now such as"
                        + " 7d, 12h or 30m";
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeException e) {
            // A duration, then.
        }
        String lower = text.toLowerCase(Locale.ROOT);
        try {
            Duration ago =
                    Duration.parse(
                            lower.endsWith("d")
                                    ? "P" + lower.toUpperCase(Locale.ROOT)
                                    : "PT" + lower.toUpperCase(Locale.ROOT));
            if (ago.isNegative()) {
                throw new DateTimeException("negative");
            }
            return now - ago.toMillis();
        } catch (DateTimeException | ArithmeticException e) {
            throw new ConfigException(
                    option, "invalid replay option " + option + "=" + text + ": " + allowed);
        }
    }

    // ---- reading the history

    /** The inputs read, in the order read, how many records they came from, and from where. */
    private record History(List<Replay.Input> inputs, long records, String where) {}

    private static History read(Request request, InputStream in, Problems problems, PrintStream err)
            throws IOException {
        InputDecoder decoder = new InputDecoder(new BounceMessageParser(request.dsnMaxBytes()));
        long from = request.from() == null ? Long.MIN_VALUE : request.from();
        long to = request.to() == null ? Long.MAX_VALUE : request.to();
        if (request.input() != null) {
            boolean stdin = request.input().toString().equals("-");
            try (InputStream lines = stdin ? in : Files.newInputStream(request.input())) {
                return readLines(
                        lines,
                        stdin ? "standard input" : request.input().toString(),
                        request,
                        decoder,
                        from,
                        to,
                        problems);
            }
        }
        Map<String, Object> props = new HashMap<>(request.kafka());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, request.bootstrapServers());
        List<Replay.Input> inputs = new ArrayList<>();
        long[] records = {0};
        List<String> missing =
                TopicHistory.read(
                        props,
                        List.copyOf(request.kinds().keySet()),
                        from,
                        request.to() == null ? System.currentTimeMillis() : to,
                        r -> {
                            records[0]++;
                            TopicPosition position =
                                    new TopicPosition(r.topic(), r.partition(), r.offset());
                            byte[] value = r.value();
                            decode(
                                    decoder,
                                    request.kinds(),
                                    r.topic(),
                                    r.key(),
                                    value,
                                    0,
                                    value == null ? 0 : value.length,
                                    r.timestamp(),
                                    inputs,
                                    (topic, reason) ->
                                            problems.add(
                                                    position
                                                            + (topic == null
                                                                    ? ""
                                                                    : " (" + topic + ")"),
                                                    reason));
                        });
        for (String topic : missing) {
            err.println(
                    "bouncewatch replay: topic " + topic + " does not exist; nothing read from it");
        }
        return new History(inputs, records[0], "the topics of " + request.bootstrapServers());
    }

    /** Receives why a record cannot be counted: its topic (null for a topic that is no input). */
    private interface Rejections {
        void reject(String topic, String reason);
    }

    /** Decodes a record's value, {@code length} bytes of {@code value} from {@code offset}. */
    private static void decode(
            InputDecoder decoder,
            Map<String, InputKind> kinds,
            String topic,
            byte[] key,
            byte[] value,
            int offset,
            int length,
            long timestamp,
            List<Replay.Input> into,
            Rejections rejections) {
        InputKind kind = kinds.get(topic);
        if (kind == null) {
            rejections.reject(null, "a record of " + topic + ", which is not an input topic");
            return;
        }
        for (Decoded d : decoder.decode(kind, key, value, offset, length, timestamp, timestamp)) {
            if (d instanceof Decoded.Rejected rejected) {
                rejections.reject(topic, rejected.reason());
            } else {
                into.add(new Replay.Input(timestamp, d));
            }
        }
    }

    /** Where a record of a topic is, written only for a record that has a problem. */
    private record TopicPosition(String topic, int partition, long offset) {
        @Override
        public String toString() {
            return topic + "-" + partition + "@" + offset;
        }
    }

    /**
     * A problem of a line of a block: its index among the block's lines, the topic of a record that
     * cannot be counted (null when the line itself is the problem), and why.
     */
    private record Problem(int line, String topic, String reason) {}

    /** What one block of lines holds, its problems in line order. */
    private record Chunk(
            List<Replay.Input> inputs, List<Problem> problems, long records, int lines) {}

    /**
     * Reads JSON lines a block of bytes at a time, parsing the blocks on every core while the next
     * is read, a few blocks ahead at most so that the file is not held; the blocks are joined in
     * file order.
     */
    private static History readLines(
            InputStream in,
            String where,
            Request request,
            InputDecoder decoder,
            long from,
            long to,
            Problems problems)
            throws IOException {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Deque<Future<Chunk>> pending = new ArrayDeque<>();
            BlockReader reader = new BlockReader(in);
            List<Replay.Input> inputs = new ArrayList<>();
            long[] joined = {0, 0}; // records, lines
            Block block;
            while ((block = reader.next()) != null) {
                Block b = block;
                pending.add(pool.submit(() -> parse(b, request.kinds(), decoder, from, to)));
                if (pending.size() > 2 * threads) {
                    join(pending.poll().get(), inputs, problems, joined);
                }
            }
            while (!pending.isEmpty()) {
                join(pending.poll().get(), inputs, problems, joined);
            }
            return new History(inputs, joined[0], where);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Adds a block's inputs and problems to those of the blocks before it. */
    private static void join(
            Chunk chunk, List<Replay.Input> inputs, Problems problems, long[] joined) {
        inputs.addAll(chunk.inputs());
        for (Problem p : chunk.problems()) {
            problems.add(
                    "line "
                            + (joined[1] + p.line() + 1)
                            + (p.topic() == null ? "" : " (" + p.topic() + ")"),
                    p.reason());
        }
        joined[0] += chunk.records();
        joined[1] += chunk.lines();
    }

    /** The lines of a block, each read where it lies. */
    private static Chunk parse(
            Block block, Map<String, InputKind> kinds, InputDecoder decoder, long from, long to) {
        List<Replay.Input> inputs = new ArrayList<>(block.length() / 128);
        List<Problem> problems = new ArrayList<>();
        byte[] bytes = block.bytes();
        long records = 0;
        int line = 0;
        int start = 0;
        while (start < block.length()) {
            int end = start;
            while (end < block.length() && bytes[end] != '\n') {
                end++;
            }
            int index = line++;
            int lineStart = start;
            start = end + 1;
            if (isBlank(bytes, lineStart, end)) {
                continue;
            }
            RecordLine record;
            try {
                record = RecordLine.parse(bytes, lineStart, end);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(index, null, e.getMessage()));
                continue;
            }
            if (record.timestamp() < from || record.timestamp() >= to) {
                continue;
            }
            records++;
            decode(
                    decoder,
                    kinds,
                    record.topic(),
                    record.key(),
                    record.valueBytes(),
                    record.valueOffset(),
                    record.valueLength(),
                    record.timestamp(),
                    inputs,
                    (topic, reason) -> problems.add(new Problem(index, topic, reason)));
        }
        return new Chunk(inputs, problems, records, line);
    }

    private static boolean isBlank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Whole lines of a stream, in {@code length} bytes of {@code bytes}. */
    private record Block(byte[] bytes, int length) {}

    /**
     * Splits a stream into blocks of whole lines of about {@link #BLOCK_BYTES}, without decoding
     * them; a line longer than that makes its block as long as it.
     */
    private static final class BlockReader {
        private final InputStream in;
        private byte[] carry = new byte[0];
        private boolean eof;

        BlockReader(InputStream in) {
            this.in = in;
        }

        /** The next block; null at the end of the stream. */
        Block next() throws IOException {
            if (eof) {
                return null;
            }
            byte[] buffer = Arrays.copyOf(carry, Math.max(BLOCK_BYTES, 2 * carry.length));
            int filled = carry.length;
            int scanned = filled;
            while (true) {
                int read = in.readNBytes(buffer, filled, buffer.length - filled);
                filled += read;
                if (filled < buffer.length) {
                    eof = true;
                    carry = new byte[0];
                    return filled == 0 ? null : new Block(buffer, filled);
                }
                int lastLineEnd = filled - 1;
                while (lastLineEnd >= scanned && buffer[lastLineEnd] != '\n') {
                    lastLineEnd--;
                }
                if (lastLineEnd >= scanned) {
                    carry = Arrays.copyOfRange(buffer, lastLineEnd + 1, filled);
                    return new Block(buffer, lastLineEnd + 1);
                }
                // One line longer than the block so far: the block grows to hold it.
                scanned = filled;
                buffer = Arrays.copyOf(buffer, 2 * buffer.length);
            }
        }
    }

    /** Records that could not be read or counted: the first printed, all counted. */
    private static final class Problems {
        private final PrintStream err;
        private long count;

        Problems(PrintStream err) {
            this.err = err;
        }

        void add(String position, String reason) {
            count++;
            if (count <= PROBLEMS_SHOWN) {
                err.println("bouncewatch replay: " + position + ": " + reason);
            }
        }

        long count() {
            return count;
        }

        void summary(String where) {
            if (count > PROBLEMS_SHOWN) {
                err.println(
                        "bouncewatch replay: "
                                + (count - PROBLEMS_SHOWN)
                                + " more records of "
                                + where
                                + " could not be read or counted");
            }
        }
    }

    /** Status changes written as JSON lines; nowhere when no file is named. */
    private static final class ChangeFile implements Consumer<StatusChange>, AutoCloseable {
        private final OutputStream out;

        private ChangeFile(OutputStream out) {
            this.out = out;
        }

        static ChangeFile of(Path path) throws IOException {
            return new ChangeFile(
                    path == null ? null : new BufferedOutputStream(Files.newOutputStream(path)));
        }

        @Override
        public void accept(StatusChange change) {
            if (out == null) {
                return;
            }
            try {
                out.write(PayloadWriter.write(change));
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            if (out != null) {
                out.close();
            }
        }
    }

    // ---- output

    private static String table(
            Request request, History history, Replay.Comparison c, long problems, long end) {
        boolean both = request.candidate() != null;
        StringBuilder t = new StringBuilder();
        List<Replay.Input> inputs = history.inputs();
        line(
                t,
                "Replayed %,d inputs of %,d records from %s%s.",
                c.inputs(),
                history.records(),
                history.where(),
                inputs.isEmpty()
                        ? ""
                        : ", "
                                + Instant.ofEpochMilli(inputs.get(0).timestamp())
                                + " to "
                                + Instant.ofEpochMilli(end));
        if (problems > 0) {
            line(
                    t,
                    "%,d records could not be read or counted (listed on standard error).",
                    problems);
        }
        if (both) {
            line(
                    t,
                    "candidate: the settings in force with %s",
                    request.changes().entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(", ")));
        } else {
            line(t, "No candidate given (--set, --candidate): the settings in force alone.");
        }
        line(t, "");
        line(
                t,
                "%-24s%12s%s",
                "",
                "current",
                both ? String.format(Locale.ROOT, "%12s", "candidate") : "");
        row(
                t,
                both,
                "mailboxes warned",
                c.current().mailboxesWarned(),
                c.candidate().mailboxesWarned());
        row(
                t,
                both,
                "mailboxes paused",
                c.current().mailboxesPaused(),
                c.candidate().mailboxesPaused());
        row(t, both, "domains warned", c.current().domainsWarned(), c.candidate().domainsWarned());
        row(t, both, "domains paused", c.current().domainsPaused(), c.candidate().domainsPaused());
        row(t, both, "status changes", c.current().statusChanges(), c.candidate().statusChanges());
        row(
                t,
                both,
                "bounces after pause",
                c.current().bouncesAfterPause(),
                c.candidate().bouncesAfterPause());
        line(
                t,
                "%-24s%12s%s",
                "mailbox-hours stopped",
                hours(c.current().pausedMailboxHours()),
                both
                        ? String.format(
                                Locale.ROOT, "%12s", hours(c.candidate().pausedMailboxHours()))
                        : "");
        if (both) {
            pausedOnly(t, "Paused under the settings in force only", c.onlyCurrent());
            pausedOnly(t, "Paused under the candidate only", c.onlyCandidate());
        }
        line(t, "");
        line(t, "bounces after pause: bounces that came from a mailbox already paused or blocked");
        line(t, "by its domain; mailbox-hours stopped: the time mailboxes could not send, summed.");
        return t.toString();
    }

    private static void row(
            StringBuilder t, boolean both, String name, long current, long candidate) {
        line(
                t,
                "%-24s%,12d%s",
                name,
                current,
                both ? String.format(Locale.ROOT, "%,12d", candidate) : "");
    }

    private static void pausedOnly(
            StringBuilder t, String title, List<FleetReplay.FirstPause> paused) {
        line(t, "");
        line(t, "%s: %,d", title, paused.size());
        int shown = 0;
        for (FleetReplay.FirstPause p : paused) {
            if (++shown > 50) {
                line(t, "  ... and %,d more (--json lists them all)", paused.size() - 50);
                break;
            }
            line(
                    t,
                    "  %-40s first paused %s  %s",
                    p.mailbox(),
                    Instant.ofEpochMilli(p.at()),
                    p.reason());
        }
    }

    private static String hours(double hours) {
        return BigDecimal.valueOf(hours).setScale(1, RoundingMode.HALF_UP).toPlainString();
    }

    /** One line of the table, trailing spaces trimmed. */
    private static void line(StringBuilder t, String format, Object... args) {
        t.append(String.format(Locale.ROOT, format, args).stripTrailing())
                .append(System.lineSeparator());
    }

    private static String json(Replay.Comparison c, long problems) {
        StringBuilder j = new StringBuilder();
        j.append("{\"events\":").append(c.inputs());
        j.append(",\"unreadable\":").append(problems);
        j.append(",\"current\":");
        outcome(j, c.current());
        j.append(",\"candidate\":");
        outcome(j, c.candidate());
        j.append(",\"onlyCurrent\":");
        paused(j, c.onlyCurrent());
        j.append(",\"onlyCandidate\":");
        paused(j, c.onlyCandidate());
        return j.append('}').toString();
    }

    private static void outcome(StringBuilder j, ReplayOutcome o) {
        j.append("{\"mailboxesWarned\":")
                .append(o.mailboxesWarned())
                .append(",\"mailboxesPaused\":")
                .append(o.mailboxesPaused())
                .append(",\"domainsWarned\":")
                .append(o.domainsWarned())
                .append(",\"domainsPaused\":")
                .append(o.domainsPaused())
                .append(",\"statusChanges\":")
                .append(o.statusChanges())
                .append(",\"bouncesAfterPause\":")
                .append(o.bouncesAfterPause())
                .append(",\"pausedMailboxHours\":")
                .append(
                        BigDecimal.valueOf(o.pausedMailboxHours())
                                .setScale(2, RoundingMode.HALF_UP)
                                .stripTrailingZeros()
                                .toPlainString())
                .append('}');
    }

    private static void paused(StringBuilder j, List<FleetReplay.FirstPause> paused) {
        j.append('[');
        String separator = "";
        for (FleetReplay.FirstPause p : paused) {
            j.append(separator)
                    .append("{\"mailbox\":")
                    .append(quoted(p.mailbox()))
                    .append(",\"firstPausedAt\":\"")
                    .append(Instant.ofEpochMilli(p.at()))
                    .append("\",\"reason\":\"")
                    .append(p.reason())
                    .append("\"}");
            separator = ",";
        }
        j.append(']');
    }

    private static String quoted(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        q.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        q.append(ch);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
