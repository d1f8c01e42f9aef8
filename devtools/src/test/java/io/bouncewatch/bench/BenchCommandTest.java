package io.bouncewatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.bouncewatch.cli.Main;
import io.bouncewatch.rules.Category;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class BenchCommandTest {

    private static BenchOptions parse(String... args) {
        return BenchCommand.options(new CommandLine(new BenchCommand().spec()).parseArgs(args));
    }

    @Test
    void defaultsAreTheIssuesWorkload() {
        BenchOptions o = parse();
        assertThat(o.events()).isEqualTo(2_000_000);
        assertThat(o.rounds()).isEqualTo(1);
        assertThat(o.mailboxes()).isEqualTo(50_000);
        assertThat(o.domains()).isEqualTo(500);
        assertThat(o.mix()).isEqualTo(TrafficMix.DEFAULT);
        assertThat(o.guarantees()).containsExactly("exactly_once_v2", "at_least_once");
        assertThat(o.bootstrapServers()).isEmpty();
        assertThat(o.latencyRate()).isEqualTo(10_000);
        assertThat(o.latencySeconds()).isEqualTo(120);
        assertThat(o.warmupSeconds()).isEqualTo(60);
        assertThat(o.scaleMailboxes()).containsExactly(10_000, 100_000, 1_000_000);
        assertThat(o.suppressed()).isEqualTo(1_000_000);
        assertThat(o.checks()).isEqualTo(200);
        assertThat(o.ingestRate()).isEqualTo(1000);
        assertThat(o.ingestBatch()).isEqualTo(100);
        assertThat(o.ingestSeconds()).isEqualTo(40);
        assertThat(o.postfixLines()).isEqualTo(1_500_000);
        assertThat(o.phases()).containsExactlyElementsOf(BenchOptions.PHASES);
        assertThat(o.workDir()).isNull();
        assertThat(o.monitorOptions()).isEmpty();
    }

    @Test
    void optionsReachTheBenchmark() {
        BenchOptions o =
                parse(
                        "--events",
                        "1_000",
                        "--rounds",
                        "5",
                        "--mailboxes",
                        "100",
                        "--domains",
                        "4",
                        "--guarantee",
                        "at_least_once",
                        "--bounce-rate",
                        "0.02",
                        "--bounce-mix",
                        " list=3, Throttle=1 ",
                        "--scale",
                        "1000, 5000",
                        "--suppressed",
                        "20_000",
                        "--checks",
                        "10",
                        "--ingest-rate",
                        "50",
                        "--ingest-batch",
                        "20",
                        "--ingest-seconds",
                        "8",
                        "--postfix-lines",
                        "30000",
                        "--phases",
                        "latency,suppression",
                        "--bootstrap-servers",
                        "kafka-1:9092,kafka-2:9092",
                        "--subject-jvm-options",
                        "-Xmx2g -XX:+UseG1GC",
                        "--monitor-options",
                        " --commit-interval 50ms  --kafka producer.linger.ms=5 ");
        assertThat(o.events()).isEqualTo(1_000);
        assertThat(o.rounds()).isEqualTo(5);
        assertThat(o.guarantees()).containsExactly("at_least_once");
        assertThat(o.mix().bounceRate()).isEqualTo(0.02);
        assertThat(o.mix().bounces().weights())
                .containsExactly(entry(Category.LIST, 3), entry(Category.THROTTLE, 1));
        assertThat(o.mix().bounces().share(Category.THROTTLE)).isEqualTo(0.25);
        assertThat(o.scaleMailboxes()).containsExactly(1_000, 5_000);
        assertThat(o.suppressed()).isEqualTo(20_000);
        assertThat(o.checks()).isEqualTo(10);
        assertThat(o.ingestRate()).isEqualTo(50);
        assertThat(o.ingestBatch()).isEqualTo(20);
        assertThat(o.ingestSeconds()).isEqualTo(8);
        assertThat(o.postfixLines()).isEqualTo(30_000);
        assertThat(o.phases()).containsExactly("latency", "suppression");
        assertThat(o.bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(o.subjectJvmOptions()).isEqualTo(List.of("-Xmx2g", "-XX:+UseG1GC"));
        assertThat(o.monitorOptions())
                .isEqualTo(List.of("--commit-interval", "50ms", "--kafka", "producer.linger.ms=5"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--events|lots|invalid bench option --events=lots: a whole number from 1 to 1000000000",
                "--domains|600|invalid bench option --domains=600: a whole number from 1 to 100",
                "--bounce-rate|2|invalid bench option --bounce-rate=2: a share from 0 to 1, e.g. 0.02",
                "--bounce-mix|LIST=50,SPAM=5|invalid bench option --bounce-mix=LIST=50,SPAM=5: comma-separated CATEGORY=WEIGHT of LIST, REPUTATION, CONFIG, THROTTLE, TRANSIENT, IGNORE, UNKNOWN, e.g. LIST=50,TRANSIENT=20",
                "--bounce-mix|LIST=0|invalid bench option --bounce-mix=LIST=0: comma-separated CATEGORY=WEIGHT of LIST, REPUTATION, CONFIG, THROTTLE, TRANSIENT, IGNORE, UNKNOWN, e.g. LIST=50,TRANSIENT=20",
                "--guarantee|maybe|invalid bench option --guarantee=maybe: exactly_once_v2, at_least_once or both",
                "--phases|warp|invalid bench option --phases=warp: a comma-separated list of throughput, latency, scale, suppression, ingest",
                "--suppressed|5000|invalid bench option --suppressed=5000: a whole number from 10000 to 100000000",
                "--checks|0|invalid bench option --checks=0: a whole number from 1 to 1000000",
                "--ingest-rate|0|invalid bench option --ingest-rate=0: a whole number from 1 to 100000",
                "--rounds|0|invalid bench option --rounds=0: a whole number from 1 to 50",
                "--warmup-seconds|120|invalid bench option --warmup-seconds=120: fewer seconds than --latency-seconds=120",
            })
    void aBadOptionStopsWithOneLineNamingOptionValueAndWhatIsAllowed(
            String option, String value, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // A small fleet, so that --domains 600 is out of range; every row must fail before the run
        // starts.
        List<String> args = new java.util.ArrayList<>(List.of("bench", "--mailboxes", "100"));
        if (!option.equals("--domains")) {
            args.addAll(List.of("--domains", "4"));
        }
        args.addAll(List.of(option, value));
        int code =
                Main.execute(
                        args.toArray(String[]::new),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("bouncewatch: " + message + System.lineSeparator());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void helpNamesEveryOptionWithItsDefault() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code =
                Main.execute(
                        new String[] {"bench", "--help"},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(code).isZero();
        String help = out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        assertThat(help)
                .contains(
                        "--events=VALUE events preloaded for the throughput comparison (default: 2000000)",
                        "--bad-mailboxes=VALUE",
                        "--bounce-mix=VALUE",
                        "--guarantee=VALUE",
                        "(default: both)",
                        "docs/benchmarks.md");
        // Help wraps the mix after its commas
        assertThat(help.replace(" ", ""))
                .contains(
                        "(default:LIST=50,REPUTATION=10,CONFIG=5,THROTTLE=10,TRANSIENT=20,IGNORE=2,UNKNOWN=3)");
    }
}
