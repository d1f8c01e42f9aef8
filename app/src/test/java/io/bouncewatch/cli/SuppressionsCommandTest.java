package io.bouncewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code suppressions} says before it reaches a cluster: usage, options, a missing file. */
class SuppressionsCommandTest {

    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int execute(String... args) {
        return Main.execute(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutImportOrExportItPrintsItsUsage() {
        assertThat(execute("suppressions")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).contains("Usage: bouncewatch suppressions", "import", "export");
    }

    @Test
    void aBadFormatIsAUsageError() {
        assertThat(execute("suppressions", "export", "--format", "xml")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err())
                .isEqualTo(
                        "bouncewatch: invalid export option --format=xml: json or csv"
                                + System.lineSeparator());
    }

    @Test
    void aBadSettingIsAUsageErrorWordedAsRunWordsIt() {
        assertThat(execute("suppressions", "import", "list.csv", "--set", "topic.nope=x"))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).startsWith("bouncewatch: ").contains("topic.nope");
    }

    @Test
    void standardInputIsReadAndLeftOpenForTheCaller() {
        boolean[] closed = {false};
        InputStream stdin =
                new ByteArrayInputStream("email\nnobody\n".getBytes(StandardCharsets.UTF_8)) {
                    @Override
                    public void close() {
                        closed[0] = true;
                    }
                };
        int code =
                Main.execute(
                        new String[] {
                            "suppressions", "import", "-", "--bootstrap-servers", "127.0.0.1:1"
                        },
                        stdin,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(Main.EXIT_OK);
        assertThat(err())
                .isEqualTo(
                        "bouncewatch suppressions import: standard input line 2: recipient"
                                + " 'nobody' has no @"
                                + System.lineSeparator());
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("read 1 lines of standard input: 0 imported, 1 rejected (");
        assertThat(closed[0]).isFalse();
    }

    @Test
    void aMissingFileFailsBeforeAnythingIsWritten() {
        Path missing = dir.resolve("none.csv");
        assertThat(
                        execute(
                                "suppressions",
                                "import",
                                missing.toString(),
                                "--bootstrap-servers",
                                "127.0.0.1:1"))
                .isEqualTo(Main.EXIT_FAILED);
        assertThat(err())
                .isEqualTo(
                        "bouncewatch suppressions import: "
                                + missing
                                + ": no such file"
                                + System.lineSeparator());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
