package io.bouncewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.whatif.FleetHistory;
import io.bouncewatch.whatif.FleetHistory.Recorded;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay --input} in process, as {@code java -jar bouncewatch.jar replay} runs it: the
 * comparison of two settings on an exported history, its JSON, the status changes it writes, and
 * what it says of bad lines and bad options.
 */
class ReplayCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    private Path history;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void export() throws IOException {
        List<String> lines = new ArrayList<>();
        for (Recorded r : FleetHistory.of(3, Instant.parse("2026-11-22T10:00:00Z"), 4_000)) {
            lines.add(
                    "{\"topic\":\""
                            + r.topic()
                            + "\",\"timestamp\":\""
                            + Instant.ofEpochMilli(r.timestamp())
                            + "\",\"key\":\""
                            + r.key()
                            + "\",\"value\":"
                            + (r.value().startsWith("{\"eventId\":\"")
                                            || r.value().startsWith("{\"commandId\"")
                                    ? r.value()
                                    : JSON.writeValueAsString(r.value()))
                            + "}");
        }
        lines.add(7, "this line is not JSON");
        lines.add(9, "");
        history = dir.resolve("history.jsonl");
        Files.write(history, lines);
    }

    private int execute(String... args) {
        return execute(new ByteArrayInputStream(new byte[0]), args);
    }

    private int execute(ByteArrayInputStream in, String... args) {
        return Main.execute(
                args,
                in,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aLaxerCandidatePausesFewerAndTheJsonSaysWhoAndWhen() throws IOException {
        int code =
                execute(
                        "replay",
                        "--input",
                        history.toString(),
                        "--set",
                        "threshold.pause-bounce-rate=0.5",
                        "--set",
                        "threshold.pause-bounces=40",
                        "--json");

        assertThat(code).as(errors()).isZero();
        assertThat(output().lines()).hasSize(1);
        JsonNode result = JSON.readTree(output());
        assertThat(fieldNames(result))
                .containsExactly(
                        "events",
                        "unreadable",
                        "current",
                        "candidate",
                        "onlyCurrent",
                        "onlyCandidate");
        assertThat(fieldNames(result.get("current")))
                .containsExactly(
                        "mailboxesWarned",
                        "mailboxesPaused",
                        "domainsWarned",
                        "domainsPaused",
                        "statusChanges",
                        "bouncesAfterPause",
                        "pausedMailboxHours");
        assertThat(result.get("events").asLong()).isGreaterThan(3_500);
        // The line that is no JSON (line 8) and the unreadable events of the history.
        assertThat(result.get("unreadable").asLong()).isGreaterThan(1);
        assertThat(errors()).contains("line 8: invalid JSON");
        assertThat(result.get("current").get("mailboxesPaused").asInt())
                .isGreaterThan(result.get("candidate").get("mailboxesPaused").asInt());
        assertThat(result.get("onlyCandidate")).isEmpty();
        assertThat(result.get("onlyCurrent")).isNotEmpty();
        JsonNode first = result.get("onlyCurrent").get(0);
        assertThat(fieldNames(first)).containsExactly("mailbox", "firstPausedAt", "reason");
        assertThat(Instant.parse(first.get("firstPausedAt").asText()))
                .isAfter(Instant.parse("2026-11-22T10:00:00Z"));
        assertThat(result.get("current").get("pausedMailboxHours").asDouble())
                .isGreaterThan(result.get("candidate").get("pausedMailboxHours").asDouble());
        assertThat(errors()).contains("records per second");
    }

    @Test
    void theTableShowsBothSettingsSideBySideAndTheChangesFileHoldsEveryChange() throws IOException {
        Path changes = dir.resolve("changes.jsonl");
        int code =
                execute(
                        "replay",
                        "--input",
                        history.toString(),
                        "--set",
                        "threshold.pause-bounce-rate=0.05",
                        "--changes",
                        changes.toString());

        assertThat(code).as(errors()).isZero();
        assertThat(output())
                .contains("candidate: the settings in force with threshold.pause-bounce-rate=0.05")
                .containsPattern("mailboxes paused +\\d+ +\\d+")
                .containsPattern("mailbox-hours stopped +[\\d.]+ +[\\d.]+")
                .contains("Paused under the settings in force only:")
                .contains("records per second");
        List<String> written = Files.readAllLines(changes);
        assertThat(written).isNotEmpty();
        assertThat(written).allMatch(l -> l.startsWith("{\"entity\":\""));
        String count =
                output().lines()
                        .filter(l -> l.startsWith("status changes"))
                        .findFirst()
                        .orElseThrow();
        assertThat(count.split(" +")[2])
                .isEqualTo(String.format(Locale.ROOT, "%,d", written.size()));
    }

    @Test
    void aHistoryOnStandardInputWithoutACandidateIsTheSettingsInForceAlone() {
        byte[] lines;
        try {
            lines = Files.readAllBytes(history);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        int code = execute(new ByteArrayInputStream(lines), "replay", "--input", "-");

        assertThat(code).as(errors()).isZero();
        assertThat(output())
                .contains("from standard input")
                .contains("No candidate given")
                .doesNotContain("Paused under the candidate only");
    }

    @Test
    void linesLongerThanABlockAndWindowsLineEndsReadAsTheSameHistory() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(history));
        // One line of 1.5 MB, longer than the blocks the file is read in, then a broken line.
        lines.add(
                3,
                "{\"topic\":\"email.sends\",\"timestamp\":\"2026-11-22T10:00:00Z\","
                        + "\"key\":\"m0@alpha.io\",\"value\":{\"eventId\":\"s-long\","
                        + "\"mailbox\":\"m0@alpha.io\",\"note\":\""
                        + "x".repeat(1_500_000)
                        + "\"}}");
        lines.add("{\"topic\":\"email.sends\",");
        Path unix = dir.resolve("unix.jsonl");
        Files.writeString(unix, String.join("\n", lines) + "\n");
        Path windows = dir.resolve("windows.jsonl");
        Files.writeString(windows, String.join("\r\n", lines));

        assertThat(execute("replay", "--input", history.toString(), "--json")).isZero();
        long events = JSON.readTree(output()).get("events").asLong();
        out.reset();
        err.reset();
        assertThat(execute("replay", "--input", unix.toString(), "--json")).isZero();
        String fromUnix = output();
        String unixErrors = errors();
        out.reset();
        err.reset();
        assertThat(execute("replay", "--input", windows.toString(), "--json")).isZero();

        assertThat(output()).isEqualTo(fromUnix);
        // The long send counts, besides the history's events.
        assertThat(JSON.readTree(fromUnix).get("events").asLong()).isEqualTo(events + 1);
        for (String errors : List.of(unixErrors, errors())) {
            assertThat(errors)
                    .contains("line 9: invalid JSON")
                    .contains("line " + lines.size() + ": invalid JSON");
        }
    }

    @Test
    void badOptionsGetOneLineAndExitTwo() {
        assertThat(execute("replay", "--input", history.toString(), "--set", "threshold.nope=1"))
                .isEqualTo(2);
        assertThat(errors().lines()).hasSize(1);
        assertThat(errors()).contains("threshold.nope");

        err.reset();
        assertThat(
                        execute(
                                "replay",
                                "--input",
                                history.toString(),
                                "--set",
                                "threshold.pause-bounce-rate=7"))
                .isEqualTo(2);
        assertThat(errors().lines()).hasSize(1);
        assertThat(errors()).contains("threshold.pause-bounce-rate").contains("7");

        err.reset();
        assertThat(execute("replay")).isEqualTo(2);
        assertThat(errors()).contains("--input FILE").contains("--bootstrap-servers");

        err.reset();
        assertThat(execute("replay", "--input", history.toString(), "--from", "yesterday"))
                .isEqualTo(2);
        assertThat(errors()).contains("--from=yesterday").contains("ISO-8601");

        err.reset();
        assertThat(
                        execute(
                                "replay",
                                "--input",
                                history.toString(),
                                "--from",
                                "2026-11-23T00:00:00Z",
                                "--to",
                                "2026-11-22T00:00:00Z"))
                .isEqualTo(2);
        assertThat(errors()).contains("must be before --to");
    }

    @Test
    void aMissingFileIsAFailureNamingIt() {
        assertThat(execute("replay", "--input", dir.resolve("none.jsonl").toString())).isEqualTo(1);
        assertThat(errors()).contains("cannot read the history").contains("none.jsonl");
    }

    @Test
    void timesAreIsoInstantsOrDurationsBeforeNow() {
        long now = Instant.parse("2026-11-22T12:00:00Z").toEpochMilli();
        assertThat(ReplayCommand.time("--from", "7d", now))
                .isEqualTo(Instant.parse("2026-11-15T12:00:00Z").toEpochMilli());
        assertThat(ReplayCommand.time("--from", "90m", now))
                .isEqualTo(Instant.parse("2026-11-22T10:30:00Z").toEpochMilli());
        assertThat(ReplayCommand.time("--to", "2026-11-22T10:16:02Z", now))
                .isEqualTo(Instant.parse("2026-11-22T10:16:02Z").toEpochMilli());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }
}
