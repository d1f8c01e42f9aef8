package io.bouncewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bouncewatch.runtime.KafkaTestClients;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command as a newcomer runs it: the packaged jar starts its embedded broker,
 * becomes ready, answers, and stops cleanly with exit 0 on SIGTERM.
 */
class ProgramIT {

    private static final Path JAR = Path.of("target", "bouncewatch.jar");
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path workDir;

    @Test
    void theRunCommandStartsBecomesReadyAnswersAndStopsCleanly() throws Exception {
        assertThat(JAR).as("the packaged program; run 'mvn package' first").isRegularFile();
        int httpPort = freePort();
        int kafkaPort = freePort();
        Path log = workDir.resolve("program.log");
        Process program = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString(), "run",
                "--http-port", Integer.toString(httpPort), "--embedded-kafka-port", Integer.toString(kafkaPort)))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            await("the program is ready").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> status(httpPort, "/health/ready") == 200);
            assertThat(Files.readString(log)).contains("is running", "127.0.0.1:" + kafkaPort,
                    "http://localhost:" + httpPort + "/", "kcat -P -b 127.0.0.1:" + kafkaPort);
            assertThat(workDir.resolve("data").resolve("kafka")).as("the embedded broker's data under ./data").isDirectory();

            try (KafkaTestClients kafka = new KafkaTestClients("127.0.0.1:" + kafkaPort)) {
                kafka.sends("email.sends", "newcomer@example.org", 3);
                kafka.flush();
            }
            await("the first events are visible over HTTP").atMost(Duration.ofSeconds(60))
                    .until(() -> body(httpPort, "/api/mailboxes/newcomer@example.org"),
                            b -> b.contains("\"totalSends\":3"));
            assertThat(status(httpPort, "/api/mailboxes/nobody@example.org")).isEqualTo(404);

            program.destroy();
            assertThat(program.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
            assertThat(program.exitValue()).as("exit code after SIGTERM").isZero();
            assertThat(Files.readString(log)).contains("bouncewatch: stopped");
        } finally {
            program.destroyForcibly();
        }
    }

    private int status(int port, String path) {
        try {
            return http.send(request(port, path), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String body(int port, String path) throws IOException, InterruptedException {
        return http.send(request(port, path), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static HttpRequest request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
