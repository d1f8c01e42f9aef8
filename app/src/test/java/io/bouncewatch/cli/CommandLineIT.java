package io.bouncewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bouncewatch.broker.EmbeddedKafkaBroker;
import io.bouncewatch.config.Setting;
import io.bouncewatch.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every bad setting stops the program at start with one line naming the setting, the value and what
 * is allowed, and a non-zero exit; never a stack trace as the only message.
 */
class CommandLineIT {

    @TempDir Path dataDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.execute(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--threshold-pause-bounces|-1|invalid setting threshold.pause-bounces=-1 (from command line): a number greater than 0",
                "--threshold-warning-bounces|7|invalid setting threshold.warning-bounces=7 (from command line): a warning threshold must not be above its pause threshold threshold.pause-bounces=5",
                "--window-retain-fraction|1.5|invalid setting window.retain-fraction=1.5 (from command line): a number greater than 0 and below 1",
                "--domain-pause-ratio|0|invalid setting domain.pause-ratio=0 (from command line): a number greater than 0 and at most 1",
                "--domain-config-warning|11|invalid setting domain.config-warning=11 (from command line): a warning threshold must not be above its pause threshold domain.config-pause=10",
                "--domain-config-cooldown|0s|invalid setting domain.config-cooldown=0s (from command line): a duration of at least 1s",
                "--http-port|70000|invalid setting http.port=70000 (from command line): a whole number from 0 to 65535",
                "--cooldown-duration|soon|invalid setting cooldown.duration=soon (from command line): a duration of at least 1s",
                "--processing-guarantee|maybe|invalid setting processing.guarantee=maybe (from command line): one of exactly_once_v2, at_least_once",
                "--bootstrap-servers|nohostport|invalid setting bootstrap.servers=nohostport (from command line)",
                "--data-dir-min-free|lots|invalid setting data.dir.min-free=lots (from command line): a size such as 500MB",
                "--data-dir-min-free|9000000TB|invalid setting data.dir.min-free=9000000TB (from command line): a size such as 500MB",
            })
    void aBadValueStopsWithOneLineNamingSettingValueAndWhatIsAllowed(
            String option, String value, String message) {
        assertThat(run("run", option, value, "--data-dir", dataDir.toString()))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(errors()).startsWith("bouncewatch: " + message);
        assertThat(errors().lines().count()).isEqualTo(1);
        assertThat(errors()).doesNotContain("Exception");
    }

    @Test
    void anUnknownKeyInTheConfigFileIsNamed() throws IOException {
        Path file = dataDir.resolve("bouncewatch.properties");
        Files.writeString(file, "http.port=8081\nwindow.max-send=100\n");
        assertThat(run("run", "--config", file.toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(errors())
                .startsWith(
                        "bouncewatch: unknown setting window.max-send (from file " + file + ")");
    }

    @Test
    void anUnknownOptionIsNamed() {
        assertThat(run("run", "--window-max-send", "100")).isEqualTo(Main.EXIT_USAGE);
        assertThat(errors())
                .startsWith(
                        "bouncewatch: unknown option '--window-max-send' (did you mean --window-max-sends");
    }

    @Test
    void helpNeverWrapsInsideADefaultValue() {
        assertThat(run("run", "--help")).isZero();
        String help = out.toString(StandardCharsets.UTF_8);
        for (Setting setting : Settings.ALL) {
            assertThat(help)
                    .as(setting.key())
                    .contains(
                            "(default: "
                                    + (setting.defaultValue().isEmpty()
                                            ? "none"
                                            : setting.defaultValue())
                                    + ";");
        }
        assertThat(help).contains("(default: ./data;");
    }

    @Test
    void helpListsEverySettingWithItsDefault() {
        assertThat(run("run", "--help")).isZero();
        String help = out.toString(StandardCharsets.UTF_8);
        assertThat(help)
                .contains(
                        "--threshold-pause-bounces=VALUE",
                        "(default: 5;",
                        "BOUNCEWATCH_THRESHOLD_PAUSE_BOUNCES",
                        "--window-retain-fraction=VALUE",
                        "(default: 0.5;",
                        "--bootstrap-servers=VALUE",
                        "--kafka=KEY=VALUE");
    }

    @Test
    void aBusyHttpPortStopsTheStart() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
            int code =
                    run(
                            "run",
                            "--http-port",
                            Integer.toString(busy.getLocalPort()),
                            "--bootstrap-servers",
                            "127.0.0.1:1",
                            "--data-dir",
                            dataDir.toString());
            assertThat(code).isEqualTo(Main.EXIT_FAILED);
            assertThat(errors())
                    .contains(
                            "bouncewatch: cannot start: http.port "
                                    + busy.getLocalPort()
                                    + " is already in use");
        }
    }

    @Test
    void aBusyEmbeddedKafkaPortStopsTheStart() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int code =
                    run(
                            "run",
                            "--embedded-kafka-port",
                            Integer.toString(busy.getLocalPort()),
                            "--http-port",
                            "0",
                            "--data-dir",
                            dataDir.toString());
            assertThat(code).isEqualTo(Main.EXIT_FAILED);
            assertThat(errors())
                    .contains("embedded.kafka.port " + busy.getLocalPort() + " is already in use");
        }
    }

    @Test
    void anUnreachableClusterStopsTheStartWithinTheStartupTimeout() {
        int code =
                run(
                        "run",
                        "--bootstrap-servers",
                        "127.0.0.1:1",
                        "--startup-timeout",
                        "3s",
                        "--http-port",
                        "0",
                        "--data-dir",
                        dataDir.toString());
        assertThat(code).isEqualTo(Main.EXIT_FAILED);
        assertThat(errors())
                .contains(
                        "bootstrap.servers=127.0.0.1:1: no Kafka broker answered within startup.timeout=3s");
    }

    /** The admin client's close used to wait a minute for its pending calls. */
    @Test
    void aShortStartupTimeoutBoundsTheWholeFailedStart() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        CompletableFuture<Integer> code =
                CompletableFuture.supplyAsync(
                        () ->
                                run(
                                        "run",
                                        "--bootstrap-servers",
                                        "127.0.0.1:" + closedPort,
                                        "--startup-timeout",
                                        "2s",
                                        "--http-port",
                                        "0",
                                        "--data-dir",
                                        dataDir.toString()));
        await("the failed start ends").atMost(Duration.ofSeconds(20)).until(code::isDone);
        assertThat(code.get()).isEqualTo(Main.EXIT_FAILED);
        assertThat(errors())
                .contains(
                        "bouncewatch: cannot start: bootstrap.servers=127.0.0.1:"
                                + closedPort
                                + ": no Kafka broker answered within startup.timeout=2s");
        assertThat(errors().lines()).hasSize(1);
    }

    @Test
    void missingTopicsAreNamedWhenTheProgramMayNotCreateThem() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir.resolve("broker"), 0)) {
            int code =
                    run(
                            "run",
                            "--bootstrap-servers",
                            broker.bootstrapServers(),
                            "--topics-create",
                            "false",
                            "--http-port",
                            "0",
                            "--data-dir",
                            dataDir.toString());
            assertThat(code).isEqualTo(Main.EXIT_FAILED);
            assertThat(errors())
                    .contains(
                            "topics.create=false and these topics do not exist: email.sends, "
                                    + "email.bounces, email.complaints, mailbox.commands");
        }
    }
}
