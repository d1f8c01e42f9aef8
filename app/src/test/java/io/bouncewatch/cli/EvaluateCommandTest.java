package io.bouncewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.config.ConfigException;
import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.testing.Repository;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code evaluate} in process, as {@code java -jar bouncewatch.jar evaluate} runs it: the settings
 * in force and the candidate resolved as {@code run} resolves settings, the table and the JSON, and
 * one line and exit 2 for anything bad.
 */
class EvaluateCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int execute(String... args) {
        return Main.execute(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** Runs evaluate with the given environment instead of the process's. */
    private int evaluate(Map<String, String> environment, String... args) {
        CommandLine.ParseResult parsed = new CommandLine(EvaluateCommand.spec()).parseArgs(args);
        return EvaluateCommand.run(
                parsed,
                environment,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private List<JsonNode> results() throws IOException {
        assertThat(output().lines()).hasSize(1);
        List<JsonNode> results = new ArrayList<>();
        JSON.readTree(output()).get("results").forEach(results::add);
        return results;
    }

    @Test
    void jsonHasOneResultPerRateAndSettingInTheDocumentedShape() throws IOException {
        assertThat(
                        execute(
                                "evaluate",
                                "--json",
                                "--mailboxes",
                                "200",
                                "--rates",
                                "0.01,0.1",
                                "--set",
                                "threshold.pause-bounce-rate=0.05"))
                .isEqualTo(Main.EXIT_OK);
        assertThat(JSON.readTree(output()).fieldNames()).toIterable().containsExactly("results");
        List<JsonNode> results = results();
        assertThat(results).hasSize(4);
        assertThat(results.get(0).fieldNames())
                .toIterable()
                .containsExactly(
                        "rate",
                        "settings",
                        "mailboxes",
                        "sends",
                        "pausedShare",
                        "medianSendsToPause");
        assertThat(results)
                .extracting(r -> r.get("rate").asDouble(), r -> r.get("settings").asText())
                .containsExactly(
                        tuple(0.01, "current"),
                        tuple(0.01, "candidate"),
                        tuple(0.1, "current"),
                        tuple(0.1, "candidate"));
        for (JsonNode r : results) {
            assertThat(r.get("mailboxes").asInt()).isEqualTo(200);
            assertThat(r.get("sends").asInt()).isEqualTo(3000);
            assertThat(r.get("medianSendsToPause").isInt()).isTrue();
        }
        assertThat(results.get(1).get("pausedShare").asDouble())
                .isLessThan(results.get(0).get("pausedShare").asDouble());
        assertThat(results.get(3).get("pausedShare").asDouble()).isEqualTo(1.0);
        // The rate of the run goes to standard error, which keeps standard output one JSON object.
        assertThat(errors())
                .matches(
                        "bouncewatch evaluate: [\\d,]+ mailbox-sends simulated in .*"
                                + " per second\\)\\R");
    }

    @Test
    void withoutSetOnlyTheSettingsInForceAreSimulated() throws IOException {
        assertThat(execute("evaluate", "--json", "--mailboxes", "50", "--rates", "0.02"))
                .isEqualTo(Main.EXIT_OK);
        assertThat(results())
                .extracting(r -> r.get("settings").asText())
                .containsExactly("current");
    }

    @Test
    void aRateNoMailboxIsPausedAtHasANullMedian() throws IOException {
        assertThat(execute("evaluate", "--json", "--mailboxes", "20", "--rates", "0.000000001"))
                .isEqualTo(Main.EXIT_OK);
        JsonNode result = results().get(0);
        // Written out, as a person would read it, not 1.0E-9.
        assertThat(output()).contains("{\"rate\":0.000000001,");
        assertThat(result.get("pausedShare").asDouble()).isZero();
        assertThat(result.get("medianSendsToPause").isNull()).isTrue();
    }

    @Test
    void theTableShowsBothSettingsPerRateAndTheRunsRate() {
        assertThat(
                        execute(
                                "evaluate",
                                "--mailboxes",
                                "100",
                                "--rates",
                                "0.005,1",
                                "--set",
                                "threshold.pause-bounces=3"))
                .isEqualTo(Main.EXIT_OK);
        assertThat(errors()).isEmpty();
        assertThat(output())
                .contains("candidate: the settings in force with threshold.pause-bounces=3")
                .contains("bounce rate   paused   sends to pause   paused   sends to pause")
                .containsPattern("\\R       0\\.5%   ")
                // Every send bouncing: paused at the fifth bounce, and at the third with the
                // candidate.
                .containsPattern(
                        "\\R       100%   100\\.0%                5   100\\.0%                3\\R")
                .containsPattern("\\R[\\d,]+ mailbox-sends simulated in .* per second\\)\\R$");
    }

    @Test
    void theSettingsInForceComeFromTheFileAndTheEnvironmentAndSetChangesThem() throws IOException {
        Path file = dir.resolve("bouncewatch.properties");
        Files.writeString(file, "threshold.pause-bounces=3\n");
        String[] args = {"--json", "--mailboxes", "5", "--rates", "1", "--config", file.toString()};
        assertThat(evaluate(Map.of(), args)).isEqualTo(Main.EXIT_OK);
        assertThat(results().get(0).get("medianSendsToPause").asInt()).isEqualTo(3);

        out.reset();
        assertThat(evaluate(Map.of("BOUNCEWATCH_THRESHOLD_PAUSE_BOUNCES", "4"), args))
                .isEqualTo(Main.EXIT_OK);
        assertThat(results().get(0).get("medianSendsToPause").asInt()).isEqualTo(4);

        out.reset();
        String[] withSet = {
            "--json",
            "--mailboxes",
            "5",
            "--rates",
            "1",
            "--config",
            file.toString(),
            "--set",
            "threshold.pause-bounces=6"
        };
        assertThat(evaluate(Map.of("BOUNCEWATCH_THRESHOLD_PAUSE_BOUNCES", "4"), withSet))
                .isEqualTo(Main.EXIT_OK);
        assertThat(results())
                .extracting(r -> r.get("medianSendsToPause").asInt())
                .containsExactly(4, 6);
    }

    @Test
    void aBadSetValueGetsTheLineRunPrintsForIt() {
        assertThat(execute("run", "--threshold-pause-bounce-rate", "2")).isEqualTo(Main.EXIT_USAGE);
        String runs = errors();
        err.reset();
        assertThat(execute("evaluate", "--set", "threshold.pause-bounce-rate=2"))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(errors())
                .isEqualTo(runs)
                .isEqualTo(
                        "bouncewatch: invalid setting threshold.pause-bounce-rate=2 (from command"
                                + " line): a number greater than 0 and at most 1"
                                + System.lineSeparator());
        assertThat(output()).isEmpty();
    }

    @Test
    void anUnknownSetKeyGetsTheLineRunPrintsForIt() {
        String key = "threshold.pause-bounce-rat";
        assertThatThrownBy(
                        () ->
                                MonitorConfig.resolve(
                                        new MonitorConfig.Sources()
                                                .commandLine(Map.of(key, "0.05"))))
                .isInstanceOf(ConfigException.class)
                .satisfies(
                        e -> {
                            assertThat(execute("evaluate", "--set", key + "=0.05"))
                                    .isEqualTo(Main.EXIT_USAGE);
                            assertThat(errors())
                                    .isEqualTo(
                                            "bouncewatch: "
                                                    + e.getMessage()
                                                    + System.lineSeparator());
                        });
        assertThat(output()).isEmpty();
    }

    @Test
    void aSettingTheRulesDoNotReadIsRefused() {
        assertThat(execute("evaluate", "--set", "http.port=8081")).isEqualTo(Main.EXIT_USAGE);
        assertThat(errors().lines()).hasSize(1);
        assertThat(errors())
                .startsWith("bouncewatch: --set http.port: not a rule setting")
                .contains("threshold.*");
        assertThat(output()).isEmpty();
    }

    @Test
    void badOptionsGetOneLineAndExit2() {
        for (String[] bad :
                List.of(
                        new String[] {"--rates", "0.01,abc"},
                        new String[] {"--rates", "0"},
                        new String[] {"--rates", "1.5"},
                        new String[] {"--rates", "0.01,"},
                        new String[] {"--mailboxes", "0"},
                        new String[] {"--sends", "100001"},
                        new String[] {"--seed", "x"})) {
            err.reset();
            String[] args = new String[] {"evaluate", bad[0], bad[1]};
            assertThat(execute(args)).as(String.join(" ", args)).isEqualTo(Main.EXIT_USAGE);
            assertThat(errors().lines()).as(String.join(" ", args)).hasSize(1);
            assertThat(errors())
                    .startsWith("bouncewatch: invalid evaluate option " + bad[0] + "=" + bad[1]);
        }
        assertThat(output()).isEmpty();
    }

    @Test
    void helpListsEvaluateAndItsOptions() {
        assertThat(execute("--help")).isEqualTo(Main.EXIT_OK);
        assertThat(output()).contains("  evaluate ");
        out.reset();
        assertThat(execute("evaluate", "--help")).isEqualTo(Main.EXIT_OK);
        assertThat(output())
                .contains(
                        "--rates",
                        "--mailboxes",
                        "--sends",
                        "--seed",
                        "--set",
                        "--config",
                        "--json");
    }

    @Test
    void theInterfaceDocumentsEveryOptionWithItsDefault() throws IOException {
        String docs = Files.readString(Repository.path("docs/interface.md"));
        for (EvaluateCommand.Option o : EvaluateCommand.OPTIONS) {
            assertThat(docs).contains("| `" + o.name() + "` | `" + o.defaultValue() + "` |");
        }
        assertThat(docs).contains("| `--set KEY=VALUE` |", "| `--config FILE` |", "| `--json` |");
    }

    /**
     * The README's example is what evaluate prints with the defaults; after a change to the rules,
     * run the README's command and paste its table there.
     */
    @Test
    void theReadmesExampleIsWhatEvaluatePrints() throws IOException {
        String command =
                "java -jar target/bouncewatch.jar evaluate --set threshold.pause-bounce-rate=0.05";
        List<String> readme = Files.readAllLines(Repository.path("README.md"));
        int at = readme.indexOf(command);
        assertThat(at).as("the command in the README").isPositive();
        int start = readme.subList(at, readme.size()).indexOf("```text") + at;
        int end = readme.subList(start, readme.size()).indexOf("```") + start;
        List<String> shown = readme.subList(start + 1, end);
        assertThat(execute(command.substring(command.indexOf("evaluate")).split(" ")))
                .isEqualTo(Main.EXIT_OK);
        List<String> printed = output().lines().toList();
        // All but the last line, which says how fast this run was.
        assertThat(shown.subList(0, shown.size() - 1))
                .isEqualTo(printed.subList(0, printed.size() - 1));
        assertThat(shown.get(shown.size() - 1)).contains("mailbox-sends simulated in");
    }
}
