package io.bouncewatch.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bouncewatch.broker.EmbeddedKafkaBroker;
import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.runtime.Monitor;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ready means able to process: while the only broker is down nothing is processed, so /health/ready
 * answers 503 and says why, and 200 again once the broker is back. /health/live answers 200
 * throughout.
 */
class ReadinessIT {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir Path dir;

    @Test
    void readyFollowsTheReachabilityOfTheCluster() throws Exception {
        Path brokerDir = dir.resolve("broker");
        int port = freePort();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(brokerDir, port);
        Monitor monitor = null;
        try {
            monitor =
                    Monitor.start(
                            MonitorConfig.resolve(
                                    new MonitorConfig.Sources()
                                            .commandLine(
                                                    Map.of(
                                                            "bootstrap.servers",
                                                                    broker.bootstrapServers(),
                                                            "http.port", "0",
                                                            "data.dir",
                                                                    dir.resolve("monitor")
                                                                            .toString(),
                                                            "application.id", "readiness-it",
                                                            "health.cluster-timeout", "3s"))));
            int http = monitor.httpPort();
            await("ready")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> get(http, "/health/ready").statusCode() == 200);

            AtomicBoolean liveFailed = new AtomicBoolean();
            broker.close();
            AtomicReference<String> notReady = new AtomicReference<>();
            await("not ready while the broker is down")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(250))
                    .until(
                            () -> {
                                liveFailed.compareAndSet(
                                        false, get(http, "/health/live").statusCode() != 200);
                                HttpResponse<String> ready = get(http, "/health/ready");
                                notReady.set(ready.body());
                                return ready.statusCode() == 503;
                            });
            assertThat(notReady.get())
                    .startsWith("{\"error\":\"not ready: the Kafka cluster has not answered for");

            broker = EmbeddedKafkaBroker.start(brokerDir, port);
            await("ready again once the broker is back")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(250))
                    .until(
                            () -> {
                                liveFailed.compareAndSet(
                                        false, get(http, "/health/live").statusCode() != 200);
                                return get(http, "/health/ready").statusCode() == 200;
                            });
            assertThat(liveFailed).as("/health/live answered something else than 200").isFalse();
        } finally {
            if (monitor != null) {
                monitor.close();
            }
            broker.close();
        }
    }

    private static HttpResponse<String> get(int port, String path)
            throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(5))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
