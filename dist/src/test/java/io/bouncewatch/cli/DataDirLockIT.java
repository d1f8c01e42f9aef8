package io.bouncewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bouncewatch.testing.LocalHttp;
import io.bouncewatch.testing.Repository;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two programs on one data directory: the second is turned away with one line naming the directory
 * and the holder, before its HTTP server, broker or streams start; the first goes on.
 */
class DataDirLockIT {

    private static final Path JAR = Repository.path("target", "bouncewatch.jar");
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir Path workDir;

    @Test
    void aSecondProgramOnTheSameDataDirExitsWithOneLineAndTouchesNothing() throws Exception {
        assertThat(JAR).as("the packaged program; run 'mvn package' first").isRegularFile();
        Path data = workDir.resolve("data");
        int httpPort = freePort();
        Process first = start(httpPort, freePort(), "first.log");
        try {
            await("the first program is ready")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> LocalHttp.status(http, httpPort, "/health/ready") == 200);
            Path metadata = data.resolve("kafka").resolve("__cluster_metadata-0");
            List<String> metadataFiles = names(metadata);
            String metaProperties =
                    Files.readString(data.resolve("kafka").resolve("meta.properties"));
            List<String> dataFiles = names(data);

            int otherHttpPort = freePort();
            Process second = start(otherHttpPort, freePort(), "second.log");
            assertThat(second.waitFor(60, TimeUnit.SECONDS))
                    .as("the second program stopped")
                    .isTrue();
            assertThat(second.exitValue()).isEqualTo(1);
            List<String> output = Files.readAllLines(workDir.resolve("second.log"));
            assertThat(output)
                    .containsExactly(
                            "bouncewatch: cannot start: data.dir="
                                    + data.toAbsolutePath()
                                    + " is in use by another bouncewatch (process "
                                    + first.pid()
                                    + "); stop it or choose another data.dir");
            assertThat(LocalHttp.status(http, otherHttpPort, "/health/live"))
                    .as("no HTTP server was started")
                    .isEqualTo(-1);

            assertThat(Files.readString(data.resolve(".lock")).strip())
                    .isEqualTo(Long.toString(first.pid()));
            assertThat(names(metadata)).isEqualTo(metadataFiles);
            assertThat(Files.readString(data.resolve("kafka").resolve("meta.properties")))
                    .isEqualTo(metaProperties);
            assertThat(names(data)).isEqualTo(dataFiles);

            assertThat(LocalHttp.status(http, httpPort, "/health/ready")).isEqualTo(200);
            assertThat(LocalHttp.status(http, httpPort, "/api/mailboxes/nobody@example.org"))
                    .isEqualTo(404);
            first.destroy();
            assertThat(first.waitFor(60, TimeUnit.SECONDS))
                    .as("the first stopped on SIGTERM")
                    .isTrue();
            assertThat(first.exitValue()).isZero();
        } finally {
            first.destroyForcibly();
        }
    }

    private Process start(int httpPort, int kafkaPort, String logName) throws IOException {
        return new ProcessBuilder(
                        List.of(
                                java(),
                                "-jar",
                                JAR.toAbsolutePath().toString(),
                                "run",
                                "--http-port",
                                Integer.toString(httpPort),
                                "--embedded-kafka-port",
                                Integer.toString(kafkaPort),
                                "--data-dir",
                                workDir.resolve("data").toString()))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve(logName).toFile())
                .start();
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
