package io.bouncewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bouncewatch.runtime.KafkaTestClients;
import io.bouncewatch.testing.Repository;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's commands as a newcomer runs them: the packaged jar starts its embedded broker,
 * becomes ready, takes events from a plain producer and from the Kafka console producer, answers,
 * stops cleanly with exit 0 on SIGTERM, and starts again on the same data where it stopped.
 */
class ProgramIT {

    private static final Path JAR = Repository.path("target", "bouncewatch.jar");
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir Path workDir;

    @Test
    void theRunCommandStartsAnswersStopsCleanlyAndContinuesAfterARestart() throws Exception {
        assertThat(JAR).as("the packaged program; run 'mvn package' first").isRegularFile();
        int httpPort = freePort();
        int kafkaPort = freePort();
        String kafka = "127.0.0.1:" + kafkaPort;

        Process first = start(httpPort, kafkaPort, "first.log");
        String banner = Files.readString(workDir.resolve("first.log"));
        assertThat(banner)
                .contains(
                        "is running",
                        "Webhooks    none (each of ses, sendgrid, mailgun, postmark is on once its"
                                + " ingest.* settings are set)\n",
                        "Reads       email.sends, email.bounces, email.complaints, mailbox.commands,"
                                + " email.dsn, ingest.kumomta, ingest.postfix\n",
                        kafka,
                        "http://localhost:" + httpPort + "/",
                        "kcat -P -X partitioner=murmur2_random -b " + kafka,
                        "kafka-console-producer.sh --bootstrap-server " + kafka);
        Matcher dashboard =
                Pattern.compile(
                                "Dashboard +http://localhost:"
                                        + httpPort
                                        + "/\\?token=([A-Za-z0-9_-]{43})\n")
                        .matcher(banner);
        assertThat(dashboard.find())
                .as("the dashboard's address with the token made for this run")
                .isTrue();
        String token = dashboard.group(1);
        assertThat(banner.split(token, -1)).as("the token is printed once").hasSize(2);
        assertThat(workDir.resolve("data").resolve("kafka"))
                .as("the embedded broker's data under ./data")
                .isDirectory();

        try (KafkaTestClients clients = new KafkaTestClients(kafka)) {
            clients.sends("email.sends", "newcomer@example.org", 3);
            clients.flush();
        }
        consoleProducer(
                kafka,
                "email.bounces",
                "alice@acme.io|{\"eventId\":\"b-1\",\"mailbox\":\"alice@acme.io\",\"type\":\"HARD\",\"smtpCode\":550,"
                        + "\"enhancedStatus\":\"5.1.1\"}");
        await("the first events are visible over HTTP")
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> {
                            assertThat(body(httpPort, "/api/mailboxes/newcomer@example.org"))
                                    .contains("\"totalSends\":3");
                            assertThat(body(httpPort, "/api/mailboxes/alice@acme.io"))
                                    .contains("\"totalBounces\":1");
                        });
        assertThat(status(httpPort, "/api/mailboxes/nobody@example.org")).isEqualTo(404);
        String pause = "/api/mailboxes/newcomer@example.org/pause";
        assertThat(
                        post(
                                httpPort,
                                pause,
                                "{\"reason\":\"x\"}",
                                "Origin",
                                "http://evil.example",
                                "Content-Type",
                                "text/plain"))
                .as("a cross-site page's POST")
                .isEqualTo(403);
        assertThat(post(httpPort, pause, null))
                .as("from 127.0.0.1 without the token")
                .isEqualTo(401);
        assertThat(
                        post(
                                httpPort,
                                pause,
                                "{\"reason\":\"x\"}",
                                "Authorization",
                                "Bearer " + token,
                                "Content-Type",
                                "application/json"))
                .as("with the printed token")
                .isEqualTo(202);
        stop(first, "first.log");

        // More free space asked for than any disk has: the start warns in one line and goes on.
        Process second =
                start(httpPort, kafkaPort, "second.log", "--data-dir-min-free", "1000000TB");
        assertThat(Files.readString(workDir.resolve("second.log")))
                .containsPattern(
                        "WARN .*data\\.dir=\\S+ has .* free, under data\\.dir\\.min-free=\\S+ PB");
        try (KafkaTestClients clients = new KafkaTestClients(kafka)) {
            assertThat(body(httpPort, "/api/mailboxes/newcomer@example.org"))
                    .contains("\"totalSends\":3");
            clients.sends("email.sends", "newcomer@example.org", 2);
            clients.flush();
        }
        await("the counts continue where they stopped")
                .atMost(Duration.ofSeconds(60))
                .until(
                        () -> body(httpPort, "/api/mailboxes/newcomer@example.org"),
                        b -> b.contains("\"totalSends\":5"));
        stop(second, "second.log");
    }

    private Process start(int httpPort, int kafkaPort, String logName, String... options)
            throws IOException {
        Path log = workDir.resolve(logName);
        List<String> command =
                new ArrayList<>(
                        List.of(
                                java(),
                                "-jar",
                                JAR.toAbsolutePath().toString(),
                                "run",
                                "--http-port",
                                Integer.toString(httpPort),
                                "--embedded-kafka-port",
                                Integer.toString(kafkaPort)));
        command.addAll(List.of(options));
        Process program =
                new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        try {
            await("the program is ready")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> status(httpPort, "/health/ready") == 200);
        } catch (RuntimeException e) {
            program.destroyForcibly();
            throw new AssertionError("not ready; its output:\n" + Files.readString(log), e);
        }
        return program;
    }

    private void stop(Process program, String logName) throws Exception {
        try {
            program.destroy();
            assertThat(program.waitFor(60, TimeUnit.SECONDS))
                    .as("stopped within a minute")
                    .isTrue();
            assertThat(program.exitValue()).as("exit code after SIGTERM").isZero();
            assertThat(Files.readString(workDir.resolve(logName))).contains("bouncewatch: stopped");
        } finally {
            program.destroyForcibly();
        }
    }

    /** The README's console-producer command, run from the Kafka tools on the test classpath. */
    private static void consoleProducer(String bootstrap, String topic, String line)
            throws Exception {
        Process producer =
                new ProcessBuilder(
                                List.of(
                                        java(),
                                        "-cp",
                                        System.getProperty("java.class.path"),
                                        "org.apache.kafka.tools.ConsoleProducer",
                                        "--bootstrap-server",
                                        bootstrap,
                                        "--topic",
                                        topic,
                                        "--property",
                                        "parse.key=true",
                                        "--property",
                                        "key.separator=|"))
                        .redirectErrorStream(true)
                        .start();
        try (OutputStream in = producer.getOutputStream()) {
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(producer.waitFor(60, TimeUnit.SECONDS))
                .as("the console producer finished")
                .isTrue();
        assertThat(producer.exitValue())
                .as(new String(producer.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private int status(int port, String path) {
        try {
            return http.send(request(port, path), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private int post(int port, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .POST(
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String body(int port, String path) throws IOException, InterruptedException {
        return http.send(request(port, path), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static HttpRequest request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
