package io.bouncewatch.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bouncewatch.testing.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packaged program ({@code target/bouncewatch.jar}) as a child process: started with a command
 * line, awaited until {@code /health/ready} answers 200, killed with SIGKILL (verified) or stopped
 * with SIGTERM. Its output goes to a log file whose tail is shown when something fails. Closing it
 * kills it if it still runs.
 */
public final class MonitorProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorProcess.class);

    /** Exit status of a process ended by SIGKILL (128 + 9). */
    public static final int SIGKILL_EXIT = 137;

    public static final Path JAR = Repository.path("target", "bouncewatch.jar");

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int httpPort;
    private final Path log;
    private final long startedAt;
    private long readyAfterMs = -1;

    private MonitorProcess(Process process, int httpPort, Path log, long startedAt) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
        this.startedAt = startedAt;
    }

    /**
     * Starts {@code jar} (see {@link #copyOfPackagedJar}) with the program's {@code run} command
     * and the given options (without {@code --http-port}, which is chosen here), e.g. {@code
     * List.of("--bootstrap-servers", b, "--data-dir", d, ...)}. Returns once the program answers
     * {@code /health/ready} with 200.
     */
    public static MonitorProcess start(
            Path jar, List<String> runOptions, Path log, Duration readyWithin) {
        assertThat(jar).as("the packaged program").isRegularFile();
        int port = freePort();
        List<String> command =
                new ArrayList<>(
                        List.of(
                                java(),
                                "-XX:TieredStopAtLevel=1",
                                "-Xmx1g",
                                "-jar",
                                jar.toAbsolutePath().toString(),
                                "run",
                                "--http-port",
                                Integer.toString(port)));
        command.addAll(runOptions);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("BOUNCEWATCH_"));
        long startedAt = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
        MonitorProcess monitor = new MonitorProcess(process, port, log, startedAt);
        try {
            monitor.awaitReady(readyWithin);
        } catch (RuntimeException | AssertionError e) {
            process.destroyForcibly();
            throw new AssertionError(
                    "the program (pid "
                            + process.pid()
                            + ") did not become ready within "
                            + readyWithin
                            + "; the end of its output:\n"
                            + monitor.logTail(60),
                    e);
        }
        LOG.info(
                "program pid {} ready on http port {} after {} ms",
                process.pid(),
                port,
                monitor.readyAfterMs);
        return monitor;
    }

    /**
     * A private copy of {@code target/bouncewatch.jar} in {@code dir}, so that a build running
     * meanwhile (which rewrites the jar) cannot hand a restart a half-written program. Waits up to
     * two minutes for a complete jar, as one may be being packaged right now.
     */
    public static Path copyOfPackagedJar(Path dir) {
        Path copy = dir.resolve("bouncewatch.jar");
        await("a complete " + JAR + " (run 'mvn package' first)")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(
                        () -> {
                            Files.copy(JAR, copy, StandardCopyOption.REPLACE_EXISTING);
                            try (JarFile jar = new JarFile(copy.toFile())) {
                                return "io.bouncewatch.cli.Main"
                                                .equals(
                                                        jar.getManifest()
                                                                .getMainAttributes()
                                                                .getValue("Main-Class"))
                                        && jar.getEntry("io/bouncewatch/cli/Main.class") != null
                                        && jar.getEntry(
                                                        "org/apache/kafka/streams/KafkaStreams.class")
                                                != null;
                            }
                        });
        return copy;
    }

    private void awaitReady(Duration within) {
        await("program pid " + process.pid() + " answers /health/ready with 200")
                .atMost(within)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            if (!process.isAlive()) {
                                throw new IllegalStateException(
                                        "the program exited with " + process.exitValue());
                            }
                            return status("/health/ready") == 200;
                        });
        readyAfterMs = (System.nanoTime() - startedAt) / 1_000_000;
    }

    /** Milliseconds from the start of the process until {@code /health/ready} answered 200. */
    public long readyAfterMs() {
        return readyAfterMs;
    }

    public int httpPort() {
        return httpPort;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Kills the program with SIGKILL, no shutdown hook runs, and verifies that it is gone: the exit
     * status is 137 (killed by signal 9) and no live process has its pid.
     */
    public void kill() {
        long pid = process.pid();
        assertThat(process.isAlive()).as("pid %d is running before the kill", pid).isTrue();
        assertThat(process.supportsNormalTermination())
                .as("destroy() is SIGTERM here, so destroyForcibly() is SIGKILL")
                .isTrue();
        process.destroyForcibly();
        try {
            assertThat(process.waitFor(30, TimeUnit.SECONDS))
                    .as("pid %d ended after SIGKILL", pid)
                    .isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for pid " + pid, e);
        }
        assertThat(process.exitValue())
                .as("exit status of pid %d: killed by SIGKILL", pid)
                .isEqualTo(SIGKILL_EXIT);
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        assertThat(handle.map(ProcessHandle::isAlive).orElse(false))
                .as("pid %d is gone", pid)
                .isFalse();
        assertThat(logText())
                .as("no orderly shutdown ran in pid %d", pid)
                .doesNotContain("bouncewatch: stopped");
    }

    /** Stops the program with SIGTERM and expects a clean exit 0. */
    public void stop() {
        process.destroy();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as("pid %d stopped within a minute", process.pid())
                    .isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for pid " + process.pid(), e);
        } finally {
            process.destroyForcibly();
        }
        assertThat(process.exitValue())
                .as("exit status after SIGTERM; output:\n%s", logTail(30))
                .isZero();
    }

    /** HTTP status of a GET on this program, -1 when it does not answer. */
    public int status(String path) {
        try {
            return HTTP.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Body of a GET on this program. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(request(path), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(5))
                .build();
    }

    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    public String logTail(int lines) {
        List<String> all = logText().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Kills the program if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
