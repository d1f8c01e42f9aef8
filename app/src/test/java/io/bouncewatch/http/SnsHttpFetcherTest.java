package io.bouncewatch.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SNS source's GETs against a local server and local files: nothing leaves this machine. */
class SnsHttpFetcherTest {

    private final SnsHttpFetcher fetcher = new SnsHttpFetcher();
    private final List<String> requested = new ArrayList<>();
    private HttpServer server;
    @TempDir Path dir;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    requested.add(exchange.getRequestURI().toString());
                    String path = exchange.getRequestURI().getPath();
                    byte[] body =
                            switch (path) {
                                case "/confirm" ->
                                        "<ConfirmSubscriptionResponse/>"
                                                .getBytes(StandardCharsets.UTF_8);
                                case "/large" -> new byte[SnsHttpFetcher.MAX_BYTES + 1];
                                default -> new byte[0];
                            };
                    if (path.equals("/moved")) {
                        exchange.getResponseHeaders().add("Location", "/confirm");
                        exchange.sendResponseHeaders(302, -1);
                    } else if (path.equals("/missing")) {
                        exchange.sendResponseHeaders(404, -1);
                    } else {
                        exchange.sendResponseHeaders(200, body.length);
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(body);
                        }
                    }
                    exchange.close();
                });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void aSuccessfulGetIsItsBody() throws IOException {
        assertThat(new String(fetcher.get(url("/confirm?Token=abc")), StandardCharsets.UTF_8))
                .isEqualTo("<ConfirmSubscriptionResponse/>");
        assertThat(requested).containsExactly("/confirm?Token=abc");
    }

    @Test
    void aRedirectIsNotFollowed() {
        assertThatThrownBy(() -> fetcher.get(url("/moved")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("302");
        assertThat(requested).containsExactly("/moved");
    }

    @Test
    void anErrorStatusOrAnOversizedAnswerFails() {
        assertThatThrownBy(() -> fetcher.get(url("/missing")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("404");
        assertThatThrownBy(() -> fetcher.get(url("/large")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("larger than");
    }

    @Test
    void aFileUrlIsReadWithoutItsQuery() throws IOException {
        Path cert = Files.writeString(dir.resolve("sns.pem"), "PEM");

        assertThat(fetcher.get(URI.create(cert.toUri() + "?Token=abc")))
                .isEqualTo("PEM".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> fetcher.get(dir.resolve("gone.pem").toUri()))
                .isInstanceOf(IOException.class);
    }
}
