package io.bouncewatch.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.runtime.Monitor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live-feed client that stops reading blocks only itself: the others keep receiving changes,
 * /api/changes keeps answering, and the stalled one is dropped. Clients past the cap get 503.
 */
class LiveFeedIT {

    private static final int CHANGES = 3_000;
    private static final int STEP = 100;
    private static final String PADDING = "x".repeat(8_000);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir Path dir;

    @Test
    void aStalledClientDoesNotHoldUpTheOthersAndIsDropped() throws Exception {
        try (Monitor monitor =
                        Monitor.start(
                                MonitorConfig.resolve(
                                        new MonitorConfig.Sources()
                                                .commandLine(
                                                        Map.of(
                                                                "embedded.kafka.port", "0",
                                                                "http.port", "0",
                                                                "data.dir", dir.toString(),
                                                                "http.sse.max-clients", "2"))));
                Socket stalled = subscribe(monitor.httpPort(), 1024);
                Socket reader = subscribe(monitor.httpPort(), 64 * 1024);
                Socket refused = connect(monitor.httpPort(), 64 * 1024);
                KafkaProducer<String, String> producer =
                        new KafkaProducer<>(
                                Map.of(
                                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                        monitor.bootstrapServers()),
                                new StringSerializer(),
                                new StringSerializer())) {
            BufferedReader refusedIn = reader(refused);
            assertThat(refusedIn.readLine())
                    .as("a third client past http.sse.max-clients=2")
                    .startsWith("HTTP/1.1 503");

            Queue<String> received = new ConcurrentLinkedQueue<>();
            Thread reading = new Thread(() -> readLines(reader, received), "sse-reader");
            reading.setDaemon(true);
            reading.start();

            // In steps that a reading client keeps up with, while the stalled one's queue fills up.
            String topic = monitor.config().topics().statusChanges();
            for (int step = 0; step < CHANGES / STEP; step++) {
                for (int i = step * STEP; i < (step + 1) * STEP; i++) {
                    producer.send(new ProducerRecord<>(topic, "m" + i + "@example.org", change(i)));
                }
                producer.flush();
                String last = "\"id\":\"m" + ((step + 1) * STEP - 1) + "@example.org\"";
                await("the reading client receives " + last)
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> received.stream().anyMatch(l -> l.contains(last)));
                // Partitions interleave: the step's last change is among the latest, not always the
                // very last.
                HttpResponse<String> recent = get(monitor.httpPort(), "/api/changes?limit=" + STEP);
                assertThat(recent.statusCode()).isEqualTo(200);
                assertThat(recent.body().contains(last)).as("/api/changes has " + last).isTrue();
            }

            AtomicBoolean ended = new AtomicBoolean();
            Thread draining =
                    new Thread(
                            () -> {
                                try (InputStream in = stalled.getInputStream()) {
                                    byte[] buffer = new byte[64 * 1024];
                                    while (in.read(buffer) != -1) {
                                        // the stalled client catches up on what it was sent before
                                        // it was dropped
                                    }
                                } catch (IOException e) {
                                    // reset: dropped too
                                }
                                ended.set(true);
                            },
                            "sse-stalled");
            draining.setDaemon(true);
            draining.start();
            await("the stalled client's connection is ended")
                    .atMost(Duration.ofSeconds(30))
                    .untilTrue(ended);
        }
    }

    private static String change(int i) {
        return "{\"entity\":\"MAILBOX\",\"id\":\"m"
                + i
                + "@example.org\",\"from\":\"HEALTHY\",\"to\":\"WARNING\","
                + "\"note\":\""
                + PADDING
                + "\"}";
    }

    /** Opens the live feed and waits until the server says it is subscribed. */
    private static Socket subscribe(int port, int receiveBuffer) throws IOException {
        Socket socket = connect(port, receiveBuffer);
        BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8), 1);
        assertThat(in.readLine()).startsWith("HTTP/1.1 200");
        String line;
        do {
            line = in.readLine();
        } while (line != null && !line.equals(": connected"));
        assertThat(line).as("the subscription is confirmed").isNotNull();
        return socket;
    }

    private static Socket connect(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBuffer);
        socket.setSoTimeout(60_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        String request =
                "GET /api/changes/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void readLines(Socket socket, Queue<String> into) {
        try {
            BufferedReader in = reader(socket);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("data:")) {
                    // The start, with the id; not the padding.
                    into.add(line.substring(0, Math.min(100, line.length())));
                }
            }
        } catch (IOException e) {
            // the test ends the connection
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
}
