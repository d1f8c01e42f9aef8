package io.bouncewatch.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.rules.RuleSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP layer on its own: validation, errors as JSON, operator access and the commands it writes. */
class HttpApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private final List<Map.Entry<String, String>> published = new ArrayList<>();
    private HttpApi api;

    private HttpApi start(String token) {
        ChangeFeed feed = new ChangeFeed() {
            @Override
            public List<String> recent(int limit) {
                return List.of("{\"entity\":\"DOMAIN\",\"id\":\"acme.io\"}");
            }

            @Override
            public Optional<Subscription> subscribe() {
                return Optional.empty();
            }
        };
        api = new HttpApi(new HttpApi.Services(() -> null,
                (key, json) -> published.add(Map.entry(key, new String(json, StandardCharsets.UTF_8))),
                feed, () -> "# metrics\n", RuleSettings.DEFAULTS, token, () -> Optional.of("the monitor is starting")))
                .start(0);
        return api;
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body()).get("error").asText();
    }

    @Test
    void queriesAnswer503WithARetryHintUntilTheStreamsRun() throws Exception {
        start("");
        HttpResponse<String> response = send("GET", "/api/mailboxes/alice@acme.io", null);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("1");
        assertThat(error(response)).isEqualTo("the monitor is starting");
        assertThat(send("GET", "/health/ready", null).statusCode()).isEqualTo(503);
        assertThat(send("GET", "/health/live", null).statusCode()).isEqualTo(200);
    }

    @Test
    void malformedAddressesAndParametersAnswer400WithAJsonError() throws Exception {
        start("");
        assertThat(send("GET", "/api/mailboxes/no-at-sign", null).statusCode()).isEqualTo(400);
        HttpResponse<String> status = send("GET", "/api/mailboxes?status=BURNING", null);
        assertThat(status.statusCode()).isEqualTo(400);
        assertThat(error(status)).isEqualTo("status must be HEALTHY, WARNING or PAUSED");
        assertThat(error(send("GET", "/api/mailboxes?limit=0", null))).startsWith("limit must be a whole number");
        assertThat(error(send("GET", "/api/mailboxes?colour=red", null))).startsWith("unknown parameter colour");
        assertThat(error(send("GET", "/api/domains/a%20b", null))).contains("white space");
    }

    @Test
    void unknownPathsAnswer404WithAJsonError() throws Exception {
        start("");
        HttpResponse<String> response = send("GET", "/api/nothing", null);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response)).isEqualTo("no such resource: /api/nothing");
        assertThat(send("POST", "/api/mailboxes/alice@acme.io/explode", "").statusCode()).isEqualTo(404);
        assertThat(send("POST", "/api/domains/acme.io/reset", "").statusCode()).isEqualTo(404);
    }

    @Test
    void anOperatorActionWritesACommandWithWhoAndWhy() throws Exception {
        start("");
        HttpResponse<String> response = send("POST", "/api/mailboxes/Alice@ACME.io/pause",
                "{\"reason\":\"list cleaned\",\"operator\":\"ops@acme.io\"}");
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(published).hasSize(1);
        assertThat(published.get(0).getKey()).isEqualTo("alice@acme.io");
        JsonNode command = JSON.readTree(published.get(0).getValue());
        assertThat(command.get("mailbox").asText()).isEqualTo("alice@acme.io");
        assertThat(command.get("action").asText()).isEqualTo("PAUSE");
        assertThat(command.get("reason").asText()).isEqualTo("list cleaned");
        assertThat(command.get("operator").asText()).isEqualTo("ops@acme.io");
        assertThat(command.get("commandId").asText()).startsWith("http-");

        assertThat(send("POST", "/api/domains/acme.io/resume", "").statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(published.get(1).getValue()).get("domain").asText()).isEqualTo("acme.io");
        assertThat(send("POST", "/api/domains/acme.io/pause", "[not an object]").statusCode()).isEqualTo(400);
    }

    @Test
    void withATokenOperatorActionsNeedIt() throws Exception {
        start("s3cret-token-0123456789");
        HttpResponse<String> without = send("POST", "/api/mailboxes/alice@acme.io/pause", "");
        assertThat(without.statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/mailboxes/alice@acme.io/pause", "",
                "Authorization", "Bearer wrong-token-0123456789").statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/mailboxes/alice@acme.io/pause", "",
                "Authorization", "Bearer s3cret-token-0123456789").statusCode()).isEqualTo(202);
        assertThat(published).hasSize(1);
        assertThat(send("GET", "/api/changes", null).statusCode()).as("reads need no token").isEqualTo(200);
    }

    @Test
    void withoutATokenOperatorActionsAreTakenFromLoopbackAddressesOnly() throws Exception {
        start("");
        assertThat(HttpApi.isLoopback("127.0.0.1")).isTrue();
        assertThat(HttpApi.isLoopback("127.8.9.10")).isTrue();
        assertThat(HttpApi.isLoopback("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(HttpApi.isLoopback("192.0.2.7")).isFalse();
        assertThat(HttpApi.isLoopback("10.0.0.1")).isFalse();
        assertThat(send("POST", "/api/mailboxes/alice@acme.io/pause", "").statusCode()).as("from loopback")
                .isEqualTo(202);
    }

    @Test
    void theFeedRulesAndMetricsAreServed() throws Exception {
        start("");
        assertThat(JSON.readTree(send("GET", "/api/changes?limit=5", null).body()).get(0).get("id").asText())
                .isEqualTo("acme.io");
        assertThat(JSON.readTree(send("GET", "/api/rules", null).body()).get("domainPauseRatio").asDouble())
                .isEqualTo(0.5);
        HttpResponse<String> metrics = send("GET", "/metrics", null);
        assertThat(metrics.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    }
}
