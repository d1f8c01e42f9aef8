package io.bouncewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The program without devtools on its class path: {@code run} alone, and no trace of the tools. */
class ToolsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int execute(String... args) {
        return Main.execute(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsRunAndNoTool() {
        assertThat(execute("--help")).isEqualTo(Main.EXIT_OK);
        String help = out.toString(StandardCharsets.UTF_8);
        assertThat(help).contains("Commands:", "  run ").doesNotContain("demo", "bench");
    }

    @Test
    void aToolThatIsNotThereIsAnUnknownCommand() {
        assertThat(execute("demo")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("bouncewatch: unknown option 'demo'")
                .contains("Run 'java -jar target/bouncewatch.jar run --help' for every option.");
    }
}
