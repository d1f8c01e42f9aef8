package io.bouncewatch.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What one instance sends another when it asks for keys and lists that instance holds. */
class PeerClientTest {

    private final List<String> authorizations = new ArrayList<>();
    private final List<String> forwarded = new ArrayList<>();
    private HttpServer peer;

    @BeforeEach
    void startPeer() throws Exception {
        peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        peer.createContext(
                "/",
                exchange -> {
                    authorizations.add(
                            String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                    forwarded.add(exchange.getRequestHeaders().getFirst(PeerClient.FORWARDED));
                    byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        peer.start();
    }

    @AfterEach
    void stopPeer() {
        peer.stop(0);
    }

    private HostInfo peerHost() {
        return new HostInfo("127.0.0.1", peer.getAddress().getPort());
    }

    @Test
    void aConfiguredTokenIsSentToTheOtherInstance() throws Exception {
        assertThat(
                        new PeerClient("shared-token-0123456789")
                                .get(peerHost(), "/api/domains")
                                .statusCode())
                .isEqualTo(200);
        assertThat(authorizations).containsExactly("Bearer shared-token-0123456789");
        assertThat(forwarded).containsExactly("1");
    }

    @Test
    void withoutAConfiguredTokenNoneIsSent() throws Exception {
        new PeerClient("").get(peerHost(), "/api/domains");
        assertThat(authorizations).containsExactly("null");
    }

    @Test
    void anInstanceThatDoesNotAnswerIsUnavailable() {
        HostInfo gone = peerHost();
        peer.stop(0);
        assertThatThrownBy(() -> new PeerClient("").get(gone, "/api/domains"))
                .isInstanceOf(InstanceUnavailable.class)
                .hasMessageContaining("did not answer");
    }
}
