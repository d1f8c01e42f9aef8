package io.bouncewatch.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.query.QueryService;
import io.bouncewatch.rules.MailboxRules;
import io.bouncewatch.rules.RuleSettings;
import io.bouncewatch.schema.JsonSchemas;
import io.bouncewatch.testing.LocalHttp;
import io.bouncewatch.testing.Repository;
import io.bouncewatch.topology.MonitorTopology;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP layer on its own: validation, errors as JSON, operator access and the commands it
 * writes.
 */
class HttpApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "s3cret-token-0123456789";
    private final HttpClient client = HttpClient.newHttpClient();
    private final List<Map.Entry<String, String>> published = new ArrayList<>();
    private HttpApi api;
    private KafkaStreams streams;
    @TempDir Path stateDir;

    private HttpApi start(String token) {
        return start(
                token,
                (key, json) ->
                        published.add(Map.entry(key, new String(json, StandardCharsets.UTF_8))));
    }

    /** The API as the monitor binds it, before it has started. */
    private HttpApi starting(String token) {
        api = new HttpApi(new HttpApi.Services(RuleSettings.DEFAULTS, token, Map.of())).start(0);
        return api;
    }

    private HttpApi start(String token, CommandPublisher publisher) {
        ChangeFeed feed =
                new ChangeFeed() {
                    @Override
                    public List<String> recent(int limit) {
                        return List.of("{\"entity\":\"DOMAIN\",\"id\":\"acme.io\"}");
                    }

                    @Override
                    public Optional<Subscription> subscribe() {
                        return Optional.empty();
                    }
                };
        streams = new KafkaStreams(topology(), streamsProps());
        starting(token)
                .open(
                        new HttpApi.Backend(
                                new QueryService(
                                        streams,
                                        new HostInfo("localhost", api.port()),
                                        new MailboxRules(RuleSettings.DEFAULTS)),
                                publisher,
                                feed,
                                () -> "# metrics\n",
                                () -> Optional.of("the streams are CREATED"),
                                (source, records) -> {
                                    throw new AssertionError("no webhook source is configured");
                                }));
        return api;
    }

    /** A topology with the stores the queries read; its streams are never started. */
    private static Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.table("unused", Materialized.as(MonitorTopology.MAILBOX_STORE));
        return builder.build();
    }

    private Properties streamsProps() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "http-api-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }

    @AfterEach
    void stop() {
        api.close();
        if (streams != null) {
            streams.close(Duration.ZERO);
        }
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A write as the dashboard or a script sends it: with the token and, with a body, as JSON. */
    private HttpResponse<String> write(String path, String body) throws Exception {
        return body == null || body.isEmpty()
                ? send("POST", path, body, "Authorization", "Bearer " + TOKEN)
                : send(
                        "POST",
                        path,
                        body,
                        "Authorization",
                        "Bearer " + TOKEN,
                        "Content-Type",
                        "application/json");
    }

    private static String error(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body()).get("error").asText();
    }

    @Test
    void queriesAnswer503WithARetryHintUntilTheStreamsRun() throws Exception {
        starting("");
        HttpResponse<String> response = send("GET", "/api/mailboxes/alice@acme.io", null);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("1");
        assertThat(error(response)).isEqualTo("the monitor is starting");
        assertThat(send("GET", "/health/ready", null).statusCode()).isEqualTo(503);
        assertThat(send("GET", "/health/live", null).statusCode()).isEqualTo(200);
    }

    @Test
    void untilTheMonitorHasStartedWhatNeedsItAnswersAsStarting() throws Exception {
        starting(TOKEN);
        HttpResponse<String> command = write("/api/mailboxes/alice@acme.io/pause", "");
        assertThat(command.statusCode()).isEqualTo(503);
        assertThat(error(command)).isEqualTo("the monitor is starting");
        assertThat(error(send("GET", "/api/domains", null))).isEqualTo("the monitor is starting");
        assertThat(error(send("GET", "/health/ready", null)))
                .isEqualTo("not ready: the monitor is starting");
        assertThat(send("GET", "/api/changes", null).body()).isEqualTo("[]");
        assertThat(send("GET", "/metrics", null).body()).isEmpty();

        streams = new KafkaStreams(topology(), streamsProps());
        api.open(
                new HttpApi.Backend(
                        new QueryService(
                                streams,
                                new HostInfo("localhost", api.port()),
                                new MailboxRules(RuleSettings.DEFAULTS)),
                        (key, json) ->
                                published.add(
                                        Map.entry(key, new String(json, StandardCharsets.UTF_8))),
                        new ChangeFeed() {
                            @Override
                            public List<String> recent(int limit) {
                                return List.of("{}");
                            }

                            @Override
                            public Optional<Subscription> subscribe() {
                                return Optional.empty();
                            }
                        },
                        () -> "# metrics\n",
                        Optional::empty,
                        (source, records) -> {
                            throw new AssertionError("no webhook source is configured");
                        }));

        assertThat(write("/api/mailboxes/alice@acme.io/pause", "").statusCode()).isEqualTo(202);
        assertThat(published).hasSize(1);
        assertThat(send("GET", "/health/ready", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/changes", null).body()).isEqualTo("[{}]");
        assertThat(send("GET", "/metrics", null).body()).isEqualTo("# metrics\n");
    }

    @Test
    void malformedAddressesAndParametersAnswer400WithAJsonError() throws Exception {
        start("");
        assertThat(send("GET", "/api/mailboxes/no-at-sign", null).statusCode()).isEqualTo(400);
        HttpResponse<String> status = send("GET", "/api/mailboxes?status=BURNING", null);
        assertThat(status.statusCode()).isEqualTo(400);
        assertThat(error(status)).isEqualTo("status must be HEALTHY, WARNING or PAUSED");
        assertThat(error(send("GET", "/api/mailboxes?limit=0", null)))
                .startsWith("limit must be a whole number");
        assertThat(error(send("GET", "/api/mailboxes?colour=red", null)))
                .startsWith("unknown parameter colour");
        assertThat(error(send("GET", "/api/domains/a%20b", null))).contains("white space");
    }

    @Test
    void historiesAnswer503UntilTheStreamsRun() throws Exception {
        starting("");
        for (String path :
                List.of("/api/mailboxes/alice@acme.io/history", "/api/domains/acme.io/history")) {
            HttpResponse<String> response = send("GET", path, null);
            assertThat(response.statusCode()).as(path).isEqualTo(503);
            assertThat(error(response)).isEqualTo("the monitor is starting");
        }
    }

    @Test
    void historiesOfMalformedKeysAnswer400WithAJsonError() throws Exception {
        start("");
        HttpResponse<String> mailbox = send("GET", "/api/mailboxes/no-at-sign/history", null);
        assertThat(mailbox.statusCode()).isEqualTo(400);
        assertThat(error(mailbox)).isNotBlank();
        assertThat(error(send("GET", "/api/domains/a%20b/history", null))).contains("white space");
    }

    @Test
    void unknownPathsAnswer404WithAJsonError() throws Exception {
        start("");
        HttpResponse<String> response = send("GET", "/api/nothing", null);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response)).isEqualTo("no such resource: /api/nothing");
        assertThat(send("POST", "/api/mailboxes/alice@acme.io/explode", "").statusCode())
                .isEqualTo(401);
    }

    @Test
    void unknownActionsAnswer404WithAJsonError() throws Exception {
        start(TOKEN);
        assertThat(write("/api/mailboxes/alice@acme.io/explode", "").statusCode()).isEqualTo(404);
        HttpResponse<String> reset = write("/api/domains/acme.io/reset", "");
        assertThat(reset.statusCode()).isEqualTo(404);
        assertThat(error(reset)).isEqualTo("no action reset; allowed: pause, resume");
    }

    @Test
    void anOperatorActionWritesACommandWithWhoAndWhy() throws Exception {
        start(TOKEN);
        HttpResponse<String> response =
                write(
                        "/api/mailboxes/Alice@ACME.io/pause",
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
        assertThat(JSON.readTree(response.body())).isEqualTo(command);

        assertThat(write("/api/domains/acme.io/resume", "").statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(published.get(1).getValue()).get("domain").asText())
                .isEqualTo("acme.io");
        assertThat(write("/api/domains/acme.io/pause", "[not an object]").statusCode())
                .isEqualTo(400);
    }

    /** A PUT or DELETE as the dashboard or a script sends it. */
    private HttpResponse<String> write(String method, String path, String body) throws Exception {
        return body == null
                ? send(method, path, null, "Authorization", "Bearer " + TOKEN)
                : send(
                        method,
                        path,
                        body,
                        "Authorization",
                        "Bearer " + TOKEN,
                        "Content-Type",
                        "application/json");
    }

    @Test
    void anOperatorSuppressesARecipientWithWhoWhyUntilAndCategory() throws Exception {
        start(TOKEN);
        HttpResponse<String> response =
                write(
                        "PUT",
                        "/api/suppressions/Carol@Example.COM",
                        "{\"reason\":\"asked by phone\",\"operator\":\"ops@acme.io\","
                                + "\"until\":\"2099-12-31T00:00:00Z\",\"category\":\"list\"}");
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(published).extracting(Map.Entry::getKey).containsExactly("carol@example.com");
        JsonNode command = JSON.readTree(published.get(0).getValue());
        assertThat(command.get("recipient").asText()).isEqualTo("carol@example.com");
        assertThat(command.get("action").asText()).isEqualTo("SUPPRESS");
        assertThat(command.get("source").asText()).isEqualTo("OPERATOR");
        assertThat(command.get("category").asText()).isEqualTo("LIST");
        assertThat(command.get("until").asText()).isEqualTo("2099-12-31T00:00:00Z");
        assertThat(command.get("reason").asText()).isEqualTo("asked by phone");
        assertThat(command.get("operator").asText()).isEqualTo("ops@acme.io");
        assertThat(command.get("commandId").asText()).startsWith("http-");
        assertThat(JSON.readTree(response.body())).isEqualTo(command);

        assertThat(write("PUT", "/api/suppressions/dave@example.com", null).statusCode())
                .isEqualTo(202);
        JsonNode bare = JSON.readTree(published.get(1).getValue());
        assertThat(bare.has("until")).as("until removed").isFalse();
        assertThat(bare.has("category")).isFalse();
    }

    @Test
    void anOperatorRemovesASuppressionWithWhoAndWhy() throws Exception {
        start(TOKEN);
        HttpResponse<String> response =
                write(
                        "DELETE",
                        "/api/suppressions/carol@example.com",
                        "{\"reason\":\"address fixed\",\"operator\":\"ops@acme.io\","
                                + "\"commandId\":\"op-3\"}");
        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode command = JSON.readTree(published.get(0).getValue());
        assertThat(command.get("commandId").asText()).isEqualTo("op-3");
        assertThat(command.get("recipient").asText()).isEqualTo("carol@example.com");
        assertThat(command.get("action").asText()).isEqualTo("UNSUPPRESS");
        assertThat(command.get("reason").asText()).isEqualTo("address fixed");
        assertThat(command.get("operator").asText()).isEqualTo("ops@acme.io");
        assertThat(command.has("source")).isFalse();
        assertThat(command.has("until")).isFalse();
    }

    @Test
    void suppressionWritesNeedTheTokenAndAValidBody() throws Exception {
        start(TOKEN);
        assertThat(send("PUT", "/api/suppressions/carol@example.com", null).statusCode())
                .isEqualTo(401);
        assertThat(send("DELETE", "/api/suppressions/carol@example.com", null).statusCode())
                .isEqualTo(401);
        assertThat(
                        error(
                                write(
                                        "PUT",
                                        "/api/suppressions/carol@example.com",
                                        "{\"until\":\"2001-01-01T00:00:00Z\"}")))
                .isEqualTo("until must be in the future: 2001-01-01T00:00:00Z is past");
        assertThat(
                        error(
                                write(
                                        "PUT",
                                        "/api/suppressions/carol@example.com",
                                        "{\"until\":\"next week\"}")))
                .startsWith("until must be an ISO-8601 time");
        assertThat(
                        error(
                                write(
                                        "PUT",
                                        "/api/suppressions/carol@example.com",
                                        "{\"category\":\"SPAMMY\"}")))
                .startsWith("category must be one of LIST, REPUTATION");
        assertThat(write("PUT", "/api/suppressions/no-at-sign", null).statusCode()).isEqualTo(400);
        assertThat(write("DELETE", "/api/suppressions/carol@example.com", "[1]").statusCode())
                .isEqualTo(400);
        assertThat(published).isEmpty();
    }

    @Test
    void aCheckIsOpenButItsBodyIsValidated() throws Exception {
        start(TOKEN);
        HttpResponse<String> notJson =
                send("POST", "/api/suppressions/check", "recipients", "Content-Type", "text/plain");
        assertThat(notJson.statusCode()).as("no token needed: 400, not 401").isEqualTo(400);
        assertThat(error(notJson)).startsWith("the body must be {\"recipients\":");
        assertThat(error(send("POST", "/api/suppressions/check", "{\"recipients\":\"a@b.io\"}")))
                .startsWith("the body must be {\"recipients\":");
        assertThat(
                        error(
                                send(
                                        "POST",
                                        "/api/suppressions/check",
                                        "{\"recipients\":[\"a@b.io\",7]}")))
                .isEqualTo("recipients[1] is not a string");
        assertThat(
                        error(
                                send(
                                        "POST",
                                        "/api/suppressions/check",
                                        "{\"recipients\":[\"a@b.io\",\"nobody\"]}")))
                .isEqualTo("recipients[1]: recipient 'nobody' has no @");
        HttpResponse<String> tooMany = send("POST", "/api/suppressions/check", recipients(10_001));
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(error(tooMany)).isEqualTo("at most 10000 recipients per check; split the batch");
        // 10,000 addresses are far past the 64 KiB of other bodies, and are read.
        String most = recipients(10_000);
        assertThat(most.length()).isGreaterThan(BoundedBody.LIMIT * 4);
        HttpResponse<String> full = send("POST", "/api/suppressions/check", most);
        assertThat(full.statusCode()).isNotIn(400, 401, 413);
        assertThat(published).isEmpty();
    }

    /** A check body of {@code n} distinct long addresses. */
    private static String recipients(int n) {
        StringBuilder body = new StringBuilder("{\"recipients\":[");
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : ",")
                    .append("\"a-rather-long-recipient-address-")
                    .append(i)
                    .append("@subdomain.example-recipients.com\"");
        }
        return body.append("]}").toString();
    }

    @Test
    void suppressionQueriesValidateTheirAddressAndParameters() throws Exception {
        start("");
        assertThat(error(send("GET", "/api/suppressions/no-at-sign", null)))
                .isEqualTo("recipient 'no-at-sign' has no @");
        assertThat(error(send("GET", "/api/suppressions?category=SOFT", null)))
                .startsWith("category must be one of LIST");
        assertThat(error(send("GET", "/api/suppressions?limit=0", null)))
                .startsWith("limit must be a whole number");
        assertThat(error(send("GET", "/api/suppressions?colour=red", null)))
                .isEqualTo("unknown parameter colour; allowed: category, limit");
        assertThat(error(send("GET", "/api/suppressions/summary?x=1", null)))
                .startsWith("unknown parameter x");
    }

    @Test
    void aDomainIsPausedUnderItsNormalForm() throws Exception {
        start(TOKEN);
        assertThat(write("/api/domains/ACME.IO./pause", "").statusCode()).isEqualTo(202);
        assertThat(write("/api/domains/B%C3%BCcher.Example/pause", "").statusCode()).isEqualTo(202);
        assertThat(write("/api/mailboxes/Bob@B%C3%BCcher.Example./reset", "").statusCode())
                .isEqualTo(202);
        assertThat(published)
                .extracting(Map.Entry::getKey)
                .containsExactly("acme.io", "xn--bcher-kva.example", "bob@xn--bcher-kva.example");
        assertThat(JSON.readTree(published.get(0).getValue()).get("domain").asText())
                .isEqualTo("acme.io");
        assertThat(JSON.readTree(published.get(2).getValue()).get("mailbox").asText())
                .isEqualTo("bob@xn--bcher-kva.example");
    }

    @Test
    void aClientsOwnCommandIdIsWrittenAndAnsweredUnchanged() throws Exception {
        start(TOKEN);
        HttpResponse<String> response =
                write(
                        "/api/mailboxes/alice@acme.io/pause",
                        "{\"commandId\":\"ops-2026-12-04-1\",\"reason\":\"x\",\"operator\":\"ops@acme.io\"}");
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(response.body()).get("commandId").asText())
                .isEqualTo("ops-2026-12-04-1");
        assertThat(JSON.readTree(published.get(0).getValue()).get("commandId").asText())
                .isEqualTo("ops-2026-12-04-1");

        assertThat(error(write("/api/mailboxes/alice@acme.io/pause", "{\"commandId\":\"  \"}")))
                .isEqualTo("commandId must be a non-blank string");
        assertThat(error(write("/api/mailboxes/alice@acme.io/pause", "{\"commandId\":42}")))
                .isEqualTo("commandId must be a non-blank string");
        assertThat(
                        write(
                                        "/api/mailboxes/alice@acme.io/pause",
                                        "{\"commandId\":\"" + "c".repeat(200) + "\"}")
                                .statusCode())
                .isEqualTo(202);
        HttpResponse<String> tooLong =
                write(
                        "/api/mailboxes/alice@acme.io/pause",
                        "{\"commandId\":\"" + "c".repeat(201) + "\"}");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(error(tooLong)).isEqualTo("commandId is longer than 200 characters");
        assertThat(published).hasSize(2);
    }

    @Test
    void aPublishThatTimesOutAnswers503WithTheCommandIdToRetryWith() throws Exception {
        List<String> attempted = new ArrayList<>();
        start(
                TOKEN,
                (key, json) -> {
                    attempted.add(JSON.readTree(json).get("commandId").asText());
                    if (attempted.size() == 1) {
                        throw new TimeoutException("no acknowledgement within 10 s");
                    }
                    throw new ExecutionException(
                            new org.apache.kafka.common.errors.TimeoutException("expired"));
                });
        HttpResponse<String> own =
                write("/api/mailboxes/alice@acme.io/pause", "{\"commandId\":\"retry-me\"}");
        assertThat(own.statusCode()).isEqualTo(503);
        assertThat(own.headers().firstValue("Retry-After")).isPresent();
        JsonNode body = JSON.readTree(own.body());
        assertThat(body.get("commandId").asText()).isEqualTo("retry-me");
        assertThat(body.get("error").asText()).contains("may still be applied");

        HttpResponse<String> generated = write("/api/domains/acme.io/pause", "");
        assertThat(generated.statusCode()).isEqualTo(503);
        assertThat(generated.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(generated.body()).get("commandId").asText())
                .isEqualTo(attempted.get(1))
                .startsWith("http-");
    }

    @Test
    void aPublishThatFailsOtherwiseIsAServerError() throws Exception {
        start(
                TOKEN,
                (key, json) -> {
                    throw new IllegalStateException("the producer is closed");
                });
        HttpResponse<String> response = write("/api/mailboxes/alice@acme.io/pause", "");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("Retry-After")).isEmpty();
    }

    @Test
    void everyWriteNeedsTheBearerToken() throws Exception {
        start(TOKEN);
        HttpResponse<String> without = send("POST", "/api/mailboxes/alice@acme.io/pause", "");
        assertThat(without.statusCode()).isEqualTo(401);
        assertThat(without.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer");
        assertThat(error(without)).contains("Authorization: Bearer");
        HttpResponse<String> wrong =
                send(
                        "POST",
                        "/api/mailboxes/alice@acme.io/pause",
                        "",
                        "Authorization",
                        "Bearer wrong-token-0123456789");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(
                        send(
                                        "POST",
                                        "/api/mailboxes/alice@acme.io/pause",
                                        "",
                                        "Authorization",
                                        TOKEN)
                                .statusCode())
                .as("a token without the Bearer scheme")
                .isEqualTo(401);
        assertThat(send("PUT", "/api/mailboxes/alice@acme.io/pause", "").statusCode())
                .as("PUT")
                .isEqualTo(401);
        assertThat(send("DELETE", "/api/mailboxes/alice@acme.io", null).statusCode())
                .as("DELETE")
                .isEqualTo(401);
        assertThat(published).isEmpty();
        assertThat(
                        send(
                                        "POST",
                                        "/api/mailboxes/alice@acme.io/pause",
                                        "",
                                        "Authorization",
                                        "bearer " + TOKEN)
                                .statusCode())
                .isEqualTo(202);
        assertThat(published).hasSize(1);
        assertThat(send("GET", "/api/changes", null).statusCode())
                .as("reads need no token")
                .isEqualTo(200);
    }

    @Test
    void withoutAConfiguredTokenOneIsMadeForTheRunAndLoopbackIsNotTrusted() throws Exception {
        start("");
        String token = api.generatedToken().orElseThrow();
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        HttpResponse<String> fromLoopback = send("POST", "/api/mailboxes/alice@acme.io/pause", "");
        assertThat(fromLoopback.statusCode()).as("from 127.0.0.1 without the token").isEqualTo(401);
        assertThat(
                        send(
                                        "POST",
                                        "/api/mailboxes/alice@acme.io/pause",
                                        "",
                                        "Authorization",
                                        "Bearer " + token)
                                .statusCode())
                .isEqualTo(202);
        assertThat(published).hasSize(1);
        try (HttpApi other =
                new HttpApi(new HttpApi.Services(RuleSettings.DEFAULTS, "", Map.of()))) {
            assertThat(other.generatedToken().orElseThrow()).isNotEqualTo(token);
        }
    }

    @Test
    void aConfiguredTokenIsNotReplaced() {
        start(TOKEN);
        assertThat(api.generatedToken()).isEmpty();
    }

    @Test
    void writesFromAnotherSitesPageAreRefused() throws Exception {
        start(TOKEN);
        String path = "/api/mailboxes/victim@acme.io/pause";
        HttpResponse<String> form =
                send(
                        "POST",
                        path,
                        "{\"reason\":\"x\"}",
                        "Origin",
                        "http://evil.example",
                        "Content-Type",
                        "text/plain");
        assertThat(form.statusCode()).as("a page's simple POST").isEqualTo(403);
        assertThat(form.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("application/json");
        assertThat(error(form)).contains("another origin");
        assertThat(
                        send(
                                        "POST",
                                        "/api/domains/acme.io/pause",
                                        null,
                                        "Origin",
                                        "http://evil.example",
                                        "Sec-Fetch-Site",
                                        "cross-site")
                                .statusCode())
                .as("a no-cors fetch without a body")
                .isEqualTo(403);
        assertThat(
                        send(
                                        "POST",
                                        "/api/domains/acme.io/pause",
                                        null,
                                        "Sec-Fetch-Site",
                                        "cross-site",
                                        "Authorization",
                                        "Bearer " + TOKEN)
                                .statusCode())
                .as("cross-site, even with the token")
                .isEqualTo(403);
        assertThat(
                        send(
                                        "POST",
                                        path,
                                        "",
                                        "Origin",
                                        "http://evil.example",
                                        "Authorization",
                                        "Bearer " + TOKEN)
                                .statusCode())
                .as("a foreign origin, even with the token")
                .isEqualTo(403);
        assertThat(
                        send("POST", path, "", "Origin", "null", "Authorization", "Bearer " + TOKEN)
                                .statusCode())
                .as("an opaque origin")
                .isEqualTo(403);
        assertThat(
                        send(
                                        "POST",
                                        path,
                                        "",
                                        "Origin",
                                        "http://127.0.0.1:" + (api.port() + 1),
                                        "Authorization",
                                        "Bearer " + TOKEN)
                                .statusCode())
                .as("another port")
                .isEqualTo(403);
        assertThat(published).isEmpty();

        assertThat(
                        send(
                                        "POST",
                                        path,
                                        "{\"reason\":\"x\"}",
                                        "Origin",
                                        "http://127.0.0.1:" + api.port(),
                                        "Sec-Fetch-Site",
                                        "same-origin",
                                        "Content-Type",
                                        "application/json",
                                        "Authorization",
                                        "Bearer " + TOKEN)
                                .statusCode())
                .as("the dashboard's own write")
                .isEqualTo(202);
        assertThat(write(path, "{\"reason\":\"x\"}").statusCode())
                .as("a script's write, without Origin")
                .isEqualTo(202);
        assertThat(published).hasSize(2);
    }

    @Test
    void aWritesBodyMustBeJson() throws Exception {
        start(TOKEN);
        String path = "/api/mailboxes/alice@acme.io/pause";
        HttpResponse<String> text =
                send(
                        "POST",
                        path,
                        "{\"reason\":\"x\"}",
                        "Authorization",
                        "Bearer " + TOKEN,
                        "Content-Type",
                        "text/plain");
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(error(text)).contains("application/json");
        assertThat(
                        send(
                                        "POST",
                                        path,
                                        "reason=x",
                                        "Authorization",
                                        "Bearer " + TOKEN,
                                        "Content-Type",
                                        "application/x-www-form-urlencoded")
                                .statusCode())
                .isEqualTo(415);
        assertThat(
                        send("POST", path, "{\"reason\":\"x\"}", "Authorization", "Bearer " + TOKEN)
                                .statusCode())
                .as("no Content-Type")
                .isEqualTo(415);
        assertThat(published).isEmpty();
        assertThat(
                        send(
                                        "POST",
                                        path,
                                        "{\"reason\":\"x\"}",
                                        "Authorization",
                                        "Bearer " + TOKEN,
                                        "Content-Type",
                                        "Application/JSON; charset=utf-8")
                                .statusCode())
                .isEqualTo(202);
        assertThat(published).hasSize(1);
    }

    @Test
    void postsThatOnlyReadAreNotGuarded() throws Exception {
        start(TOKEN);
        for (String path : HttpApi.READ_ONLY_POSTS) {
            assertThat(send("POST", path, "{}", "Content-Type", "application/json").statusCode())
                    .as(path)
                    .isNotIn(401, 403, 415);
        }
    }

    @Test
    void aBounceEventIsClassifiedWithoutATokenAndNothingIsRecorded() throws Exception {
        starting(TOKEN);
        HttpResponse<String> response =
                send(
                        "POST",
                        "/api/classify",
                        "{\"eventId\":\"b-1\",\"mailbox\":\"Alice@acme.io\",\"recipient\":\"bob@gmail.com\","
                                + "\"smtpCode\":550,\"diagnostic\":\"550 5.1.1 The email account that you tried to reach does not exist\"}",
                        "Content-Type",
                        "application/json");
        assertThat(response.statusCode()).as("even while the monitor starts").isEqualTo(200);
        JsonNode results = JSON.readTree(response.body()).get("results");
        assertThat(results).hasSize(1);
        JsonNode result = results.get(0);
        assertThat(result.get("source").isNull()).isTrue();
        assertThat(result.get("recipient").asText()).isEqualTo("bob@gmail.com");
        assertThat(result.get("mailbox").asText()).isEqualTo("alice@acme.io");
        assertThat(result.get("enhancedStatus").asText()).isEqualTo("5.1.1");
        assertThat(result.get("smtpCode").asInt()).isEqualTo(550);
        assertThat(result.get("category").asText()).isEqualTo("LIST");
        assertThat(result.get("class").asText()).isEqualTo("USER_UNKNOWN");
        assertThat(result.get("provider").asText()).isEqualTo("google");
        JsonSchemas.assertValid("classification.schema.json", result.toString());
        assertThat(published).isEmpty();
    }

    @Test
    void severalEventsOneALineAreClassifiedInOrder() throws Exception {
        starting(TOKEN);
        HttpResponse<String> response =
                send(
                        "POST",
                        "/api/classify",
                        "{\"eventId\":\"b-1\",\"mailbox\":\"alice@acme.io\",\"type\":\"SOFT\"}\n"
                                + "{\"eventId\":\"b-2\",\"mailbox\":\"alice@acme.io\",\"category\":\"CONFIG\"}\n",
                        "Content-Type",
                        "application/json; charset=utf-8");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode results = JSON.readTree(response.body()).get("results");
        assertThat(results).hasSize(2);
        assertThat(results.get(0).get("category").asText()).isEqualTo("TRANSIENT");
        assertThat(results.get(1).get("category").asText()).isEqualTo("CONFIG");
    }

    @Test
    void aRawMessageIsClassifiedPerRecipient() throws Exception {
        starting(TOKEN);
        String message =
                "From: MAILER-DAEMON@mx.example.com\r\nTo: alice@acme.io\r\n"
                        + "Subject: Undelivered Mail Returned to Sender\r\n"
                        + "Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n"
                        + "--b\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
                        + "--b\r\nContent-Type: message/delivery-status\r\n\r\n"
                        + "Reporting-MTA: dns; mx.example.com\r\n\r\n"
                        + "Final-Recipient: rfc822; bob@example.com\r\nAction: failed\r\nStatus: 5.2.2\r\n"
                        + "Diagnostic-Code: smtp; 552 5.2.2 Mailbox full\r\n\r\n"
                        + "Final-Recipient: rfc822; carol@example.com\r\nAction: failed\r\nStatus: 5.1.1\r\n"
                        + "Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n\r\n"
                        + "--b--\r\n";
        HttpResponse<String> response =
                send("POST", "/api/classify", message, "Content-Type", "message/rfc822");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode results = JSON.readTree(response.body()).get("results");
        assertThat(results).hasSize(2);
        results.forEach(r -> JsonSchemas.assertValid("classification.schema.json", r.toString()));
        assertThat(results.get(0).get("recipient").asText()).isEqualTo("bob@example.com");
        assertThat(results.get(0).get("mailbox").asText()).isEqualTo("alice@acme.io");
        assertThat(results.get(0).get("category").asText()).isEqualTo("TRANSIENT");
        assertThat(results.get(1).get("recipient").asText()).isEqualTo("carol@example.com");
        assertThat(results.get(1).get("category").asText()).isEqualTo("LIST");
    }

    /** A bounce with its returned message often passes 64 KiB; the parser reads up to 1 MiB. */
    @Test
    void aRawMessageMayBeLargerThanOtherBodiesUpTo1MiB() throws Exception {
        starting(TOKEN);
        Path large =
                Repository.path(
                        "core/src/test/resources/corpus/sisimai/eml/lhost-exchange2007-05.eml");
        assertThat(Files.size(large)).isGreaterThan(BoundedBody.LIMIT);
        HttpResponse<String> response =
                client.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                "http://127.0.0.1:" + api.port() + "/api/classify"))
                                .header("Content-Type", "message/rfc822")
                                .POST(HttpRequest.BodyPublishers.ofFile(large))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("results")).isNotEmpty();
        HttpResponse<String> tooLarge =
                send(
                        "POST",
                        "/api/classify",
                        "x".repeat(1024 * 1024 + 1),
                        "Content-Type",
                        "message/rfc822");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(error(tooLarge)).isEqualTo("the request body is larger than 1 MiB");
    }

    @Test
    void aBodyThatCannotBeClassifiedIs400AndAnotherTypeIs415() throws Exception {
        starting(TOKEN);
        HttpResponse<String> badLine =
                send(
                        "POST",
                        "/api/classify",
                        "{\"eventId\":\"b-1\",\"mailbox\":\"alice@acme.io\"}\n{\"eventId\":\"b-2\"}",
                        "Content-Type",
                        "application/json");
        assertThat(badLine.statusCode()).isEqualTo(400);
        assertThat(error(badLine)).isEqualTo("line 2: missing required field 'mailbox'");
        HttpResponse<String> notAMessage =
                send("POST", "/api/classify", "hello", "Content-Type", "message/rfc822");
        assertThat(notAMessage.statusCode()).isEqualTo(400);
        assertThat(error(notAMessage)).startsWith("not a mail message");
        HttpResponse<String> empty =
                send("POST", "/api/classify", "", "Content-Type", "application/json");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(error(empty)).contains("empty");
        HttpResponse<String> text =
                send("POST", "/api/classify", "550 user unknown", "Content-Type", "text/plain");
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(error(text)).contains("application/json", "message/rfc822", "text/plain");
        assertThat(send("POST", "/api/classify", "{}").statusCode())
                .as("no Content-Type")
                .isEqualTo(415);
    }

    /**
     * A chunked body declares no length, so a check of Content-Length never sees it. The client
     * sends 1 MiB of a body it never finishes: read whole, the server would wait for the rest; read
     * no further than the limit, it answers 413 at once.
     */
    @Test
    void aChunkedBodyPastTheLimitIsAnswered413BeforeItEnds() throws Exception {
        start(TOKEN);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", api.port()), 5_000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("POST /api/mailboxes/alice@acme.io/pause HTTP/1.1\r\nHost: 127.0.0.1:"
                                    + api.port()
                                    + "\r\nAuthorization: Bearer "
                                    + TOKEN
                                    + "\r\nContent-Type: application/json\r\n"
                                    + "Transfer-Encoding: chunked\r\n\r\n8\r\n{\"reason\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk =
                    ("10000\r\n" + "r".repeat(0x10000) + "\r\n")
                            .getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 16; i++) {
                out.write(chunk);
            }
            out.flush();
            String answer =
                    new String(
                            LocalHttp.readUntilClosed(socket.getInputStream()),
                            StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer.toLowerCase(Locale.ROOT)).contains("content-type: application/json");
            assertThat(answer).contains("{\"error\":\"the request body is larger than 64 KiB\"}");
        }
        assertThat(published).isEmpty();
    }

    @Test
    void theFeedRulesAndMetricsAreServed() throws Exception {
        start("");
        assertThat(
                        JSON.readTree(send("GET", "/api/changes?limit=5", null).body())
                                .get(0)
                                .get("id")
                                .asText())
                .isEqualTo("acme.io");
        assertThat(
                        JSON.readTree(send("GET", "/api/rules", null).body())
                                .get("domainPauseRatio")
                                .asDouble())
                .isEqualTo(0.5);
        assertThat(
                        JSON.readTree(send("GET", "/api/rules", null).body())
                                .get("recoveryRate")
                                .asDouble())
                .isEqualTo(0.015);
        HttpResponse<String> metrics = send("GET", "/metrics", null);
        assertThat(metrics.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("text/plain");
    }

    @Test
    void theMailboxAndDomainPagesAreServedForAnyNameEvenBeforeTheStart() throws Exception {
        starting("");
        HttpResponse<String> mailbox = send("GET", "/mailboxes/never-seen%40acme.io", null);
        assertThat(mailbox.statusCode()).isEqualTo(200);
        assertThat(mailbox.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("text/html");
        assertThat(mailbox.body()).contains("/dashboard/mailbox.js");
        HttpResponse<String> domain = send("GET", "/domains/never-seen.io", null);
        assertThat(domain.statusCode()).isEqualTo(200);
        assertThat(domain.body()).contains("/dashboard/domain.js");
        assertThat(send("GET", "/", null).body()).contains("/dashboard/app.js");
        assertThat(send("GET", "/mailboxes/", null).statusCode()).isEqualTo(404);
    }
}
