package io.bouncewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.testing.Repository;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code classify} in process, as {@code java -jar bouncewatch.jar classify} runs it: files or
 * standard input in, one Classification JSON line per recipient out, exit 1 at unreadable input.
 */
class ClassifyCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CORPUS = "core/src/test/resources/corpus/sisimai/eml/";

    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        return Main.execute(
                args,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<JsonNode> results() {
        return out.toString(StandardCharsets.UTF_8)
                .lines()
                .map(
                        line -> {
                            try {
                                return JSON.readTree(line);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        })
                .toList();
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aRawBounceIsExplainedWithEveryFieldInOrder() {
        String file = Repository.path(CORPUS + "rhost-google-02.eml").toString();
        assertThat(run("", "classify", file)).isEqualTo(Main.EXIT_OK);
        assertThat(errors()).isEmpty();
        List<JsonNode> results = results();
        assertThat(results).hasSize(1);
        JsonNode result = results.get(0);
        assertThat(result.fieldNames())
                .toIterable()
                .containsExactly(
                        "source",
                        "recipient",
                        "mailbox",
                        "enhancedStatus",
                        "smtpCode",
                        "diagnostic",
                        "category",
                        "class",
                        "provider",
                        "matchedBy");
        assertThat(result.get("source").asText())
                .as("the file's name, without the directories it was named with")
                .isEqualTo("rhost-google-02.eml");
        assertThat(result.get("recipient").asText()).isEqualTo("neko-nyaan@example.org");
        assertThat(result.get("mailbox").asText()).isEqualTo("kijitora@example.com");
        assertThat(result.get("category").asText()).isEqualTo("LIST");
        assertThat(result.get("class").asText()).isEqualTo("USER_UNKNOWN");
        assertThat(result.get("provider").asText()).isEqualTo("google");
    }

    /** The README's example prints what the README shows. */
    @Test
    void theReadmesExampleIsWhatClassifyPrints() throws IOException {
        String file = CORPUS + "rhost-google-02.eml";
        List<String> readme = Files.readAllLines(Repository.path("README.md"));
        int command = readme.indexOf("java -jar target/bouncewatch.jar classify " + file);
        assertThat(command).as("the command in the README").isPositive();
        int json = readme.subList(command, readme.size()).indexOf("```json") + command;
        assertThat(run("", "classify", Repository.path(file).toString())).isEqualTo(Main.EXIT_OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(readme.get(json + 1) + "\n");
    }

    @Test
    void severalFilesAreClassifiedInTheirOrder() throws IOException {
        Path events = dir.resolve("events.jsonl");
        Files.writeString(
                events,
                "{\"eventId\":\"b-1\",\"mailbox\":\"alice@acme.io\",\"type\":\"SOFT\"}\n"
                        + "{\"eventId\":\"b-2\",\"mailbox\":\"alice@acme.io\",\"enhancedStatus\":\"5.1.1\"}\n");
        String message = Repository.path(CORPUS + "arf-11.eml").toString();
        assertThat(run("", "classify", events.toString(), message)).isEqualTo(Main.EXIT_OK);
        List<JsonNode> results = results();
        assertThat(results).hasSizeGreaterThanOrEqualTo(3);
        assertThat(results.get(0).get("source").asText()).isEqualTo("events.jsonl");
        assertThat(results.get(0).get("category").asText()).isEqualTo("TRANSIENT");
        assertThat(results.get(1).get("category").asText()).isEqualTo("LIST");
        assertThat(results.get(2).get("source").asText()).isEqualTo("arf-11.eml");
        assertThat(results.get(2).get("category").asText()).isEqualTo("COMPLAINT");
    }

    @Test
    void withoutAFileStandardInputIsReadAndTheSourceIsNull() {
        assertThat(
                        run(
                                "{\"eventId\":\"b-1\",\"mailbox\":\"alice@acme.io\",\"recipient\":\"bob@gmail.com\","
                                        + "\"diagnostic\":\"421 4.7.28 Our system has detected an unusual rate of unsolicited mail\"}\n",
                                "classify"))
                .isEqualTo(Main.EXIT_OK);
        JsonNode result = results().get(0);
        assertThat(result.get("source").isNull()).isTrue();
        assertThat(result.get("category").asText()).isEqualTo("THROTTLE");
        assertThat(result.get("provider").asText()).isEqualTo("google");
    }

    @Test
    void aBadLineStopsWithExit1NamingTheFileTheLineAndTheReason() throws IOException {
        Path events = dir.resolve("events.jsonl");
        Files.writeString(
                events,
                "{\"eventId\":\"b-1\",\"mailbox\":\"alice@acme.io\"}\n{\"eventId\":\"b-2\"}\n");
        assertThat(run("", "classify", events.toString())).isEqualTo(Main.EXIT_FAILED);
        assertThat(results()).as("the line before it").hasSize(1);
        assertThat(errors())
                .isEqualTo(
                        "bouncewatch classify: "
                                + events
                                + " line 2: missing required field 'mailbox'"
                                + System.lineSeparator());
    }

    @Test
    void aMissingFileOrAnUnreadableMessageExits1() throws IOException {
        Path missing = dir.resolve("missing.eml");
        assertThat(run("", "classify", missing.toString())).isEqualTo(Main.EXIT_FAILED);
        assertThat(errors())
                .startsWith("bouncewatch classify: " + missing + ": cannot read: no such file");

        err.reset();
        assertThat(run("just some words\n", "classify")).isEqualTo(Main.EXIT_FAILED);
        assertThat(errors()).startsWith("bouncewatch classify: standard input: not a mail message");
        assertThat(errors().lines()).hasSize(1);
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(run("", "classify", "--verbose")).isEqualTo(Main.EXIT_USAGE);
        assertThat(errors())
                .contains("unknown option '--verbose'")
                .contains("java -jar target/bouncewatch.jar classify --help");
    }

    @Test
    void helpDescribesTheCommand() {
        assertThat(run("", "classify", "--help")).isEqualTo(Main.EXIT_OK);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("classify [-hV] [FILE...]")
                .contains("one Classification JSON line per recipient");
        out.reset();
        assertThat(run("", "--help")).isEqualTo(Main.EXIT_OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("classify");
    }
}
