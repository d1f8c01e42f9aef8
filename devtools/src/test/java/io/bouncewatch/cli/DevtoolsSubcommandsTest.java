package io.bouncewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** With devtools on the class path, the command line finds demo and bench as tools, after run. */
class DevtoolsSubcommandsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int execute(String... args) {
        return Main.execute(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsRunThenDemoThenBench() {
        assertThat(execute("--help")).isEqualTo(Main.EXIT_OK);
        String help = out.toString(StandardCharsets.UTF_8);
        assertThat(help.indexOf("\n  run ")).isPositive().isLessThan(help.indexOf("\n  demo "));
        assertThat(help.indexOf("\n  demo ")).isLessThan(help.indexOf("\n  bench "));
    }

    @Test
    void demoHasEverySettingOfRun() {
        assertThat(execute("run", "--help")).isEqualTo(Main.EXIT_OK);
        String run = out.toString(StandardCharsets.UTF_8);
        out.reset();
        assertThat(execute("demo", "--help")).isEqualTo(Main.EXIT_OK);
        String demo = out.toString(StandardCharsets.UTF_8);
        assertThat(demo.substring(demo.indexOf("--config")))
                .isEqualTo(run.substring(run.indexOf("--config")));
    }

    @Test
    void aBadOptionOfAToolNamesTheToolsHelp() {
        assertThat(execute("demo", "--no-such-option")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Run 'java -jar target/bouncewatch.jar demo --help' for every option.");
    }
}
