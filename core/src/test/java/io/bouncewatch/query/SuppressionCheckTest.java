package io.bouncewatch.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.bouncewatch.payload.InputParser;
import io.bouncewatch.payload.PayloadWriter;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.Suppression;
import io.bouncewatch.rules.SuppressionSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A check of many recipients against several instances: each owner is asked once, for its share
 * only, all at once; the answer is every owner's suppressed recipients or, if any owner fails,
 * none.
 */
class SuppressionCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HostInfo SELF = new HostInfo("127.0.0.1", 1);

    private final List<HttpServer> peers = new ArrayList<>();
    private final List<String> asked = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stopPeers() {
        peers.forEach(p -> p.stop(0));
    }

    private static Suppression suppressed(String recipient) {
        return new Suppression(
                recipient,
                Category.LIST,
                null,
                SuppressionSource.OPERATOR,
                1_795_000_000_000L,
                null,
                null,
                "op-1",
                "ops@acme.io",
                null);
    }

    /**
     * A peer that answers every check with {@code status} and the given entries, after {@code gate}
     * opens.
     */
    private HostInfo peer(int status, CountDownLatch gate, Suppression... entries)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext(
                RemoteQueries.CHECK_PATH,
                exchange -> {
                    asked.add(
                            exchange.getRequestHeaders().getFirst(RemoteQueries.FORWARDED)
                                    + " "
                                    + new String(
                                            exchange.getRequestBody().readAllBytes(),
                                            StandardCharsets.UTF_8));
                    boolean opened;
                    try {
                        opened = gate.await(3, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        opened = false;
                    }
                    List<RemoteQueries.Item> items = new ArrayList<>();
                    for (Suppression s : entries) {
                        String json =
                                new String(PayloadWriter.suppression(s), StandardCharsets.UTF_8);
                        items.add(
                                new RemoteQueries.Item(s.recipient(), g -> g.writeRawValue(json)));
                    }
                    byte[] body =
                            status == 200 && opened
                                    ? RemoteQueries.checkAnswer(entries.length, items)
                                    : "{\"error\":\"rebalancing\"}"
                                            .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(opened ? status : 500, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        server.start();
        peers.add(server);
        return new HostInfo("127.0.0.1", server.getAddress().getPort());
    }

    private static List<String> recipients(byte[] answer) throws IOException {
        JsonNode tree = JSON.readTree(answer);
        List<String> out = new ArrayList<>();
        tree.get("suppressed").forEach(s -> out.add(s.get("recipient").asText()));
        return out;
    }

    @Test
    void everyOwnerIsAskedOnceForItsShareAndTheAnswerHasExactlyTheSuppressedOnes()
            throws Exception {
        CountDownLatch open = new CountDownLatch(0);
        HostInfo second = peer(200, open, suppressed("b@x.io"));
        HostInfo third = peer(200, open, suppressed("d@x.io"), suppressed("e@x.io"));
        Map<HostInfo, List<String>> owners = new LinkedHashMap<>();
        owners.put(SELF, List.of("a@x.io", "c@x.io"));
        owners.put(second, List.of("b@x.io", "f@x.io"));
        owners.put(third, List.of("d@x.io", "e@x.io"));

        List<RemoteQueries.Item> items =
                new RemoteQueries("")
                        .check(
                                SELF,
                                owners,
                                share -> {
                                    assertThat(share).containsExactly("a@x.io", "c@x.io");
                                    return List.of(suppressed("c@x.io"));
                                });
        byte[] answer = RemoteQueries.checkAnswer(6, items);

        assertThat(recipients(answer)).containsExactly("b@x.io", "c@x.io", "d@x.io", "e@x.io");
        assertThat(JSON.readTree(answer).get("checked").asInt()).isEqualTo(6);
        assertThat(asked)
                .containsExactlyInAnyOrder(
                        "1 {\"recipients\":[\"b@x.io\",\"f@x.io\"]}",
                        "1 {\"recipients\":[\"d@x.io\",\"e@x.io\"]}");
        // What another instance wrote reads back as the entry it was.
        JsonNode first = JSON.readTree(answer).get("suppressed").get(0);
        assertThat(InputParser.suppression(JSON.writeValueAsBytes(first)))
                .isEqualTo(suppressed("b@x.io"));
    }

    @Test
    void theOwnersAreAskedAllAtOnce() throws Exception {
        // The peers answer only once this instance has read its own share, which it does after
        // asking them: an owner asked and awaited before the next one would answer 500.
        CountDownLatch gate = new CountDownLatch(1);
        HostInfo second = peer(200, gate, suppressed("b@x.io"));
        HostInfo third = peer(200, gate, suppressed("d@x.io"));
        Map<HostInfo, List<String>> owners = new LinkedHashMap<>();
        owners.put(second, List.of("b@x.io"));
        owners.put(third, List.of("d@x.io"));

        List<RemoteQueries.Item> items =
                new RemoteQueries("")
                        .check(
                                SELF,
                                owners,
                                share -> {
                                    gate.countDown();
                                    return List.of();
                                });

        assertThat(items)
                .extracting(RemoteQueries.Item::key)
                .containsExactlyInAnyOrder("b@x.io", "d@x.io");
    }

    @Test
    void anOwnerThatFailsMakesTheWholeCheckUnavailableNeverPartial() throws Exception {
        CountDownLatch open = new CountDownLatch(0);
        HostInfo good = peer(200, open, suppressed("b@x.io"));
        HostInfo rebalancing = peer(503, open);
        HostInfo gone = peer(200, open);
        peers.get(2).stop(0);
        Map<HostInfo, List<String>> owners = new LinkedHashMap<>();
        owners.put(good, List.of("b@x.io"));
        owners.put(rebalancing, List.of("c@x.io"));

        assertThatThrownBy(() -> new RemoteQueries("").check(SELF, owners, share -> List.of()))
                .isInstanceOf(InstanceUnavailable.class)
                .hasMessageContaining("answered 503");
        assertThatThrownBy(
                        () ->
                                new RemoteQueries("")
                                        .check(
                                                SELF,
                                                Map.of(gone, List.of("d@x.io")),
                                                share -> List.of()))
                .isInstanceOf(InstanceUnavailable.class)
                .hasMessageContaining("did not answer");
    }

    @Test
    void countsFromAnotherInstanceAreReadOrRefused() {
        assertThat(
                        RemoteQueries.counts(
                                "{\"total\":3,\"byCategory\":{\"LIST\":2,\"NONE\":1}}"
                                        .getBytes(StandardCharsets.UTF_8)))
                .containsExactlyInAnyOrderEntriesOf(Map.of("LIST", 2L, "NONE", 1L));
        assertThatThrownBy(
                        () ->
                                RemoteQueries.counts(
                                        "{\"total\":3}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InstanceUnavailable.class);
        assertThatThrownBy(
                        () ->
                                RemoteQueries.suppressedArray(
                                        "{\"checked\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InstanceUnavailable.class);
    }
}
