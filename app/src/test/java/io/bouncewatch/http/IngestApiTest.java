package io.bouncewatch.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.ingest.Ingested;
import io.bouncewatch.ingest.InputEvents;
import io.bouncewatch.ingest.WebhookRefusal;
import io.bouncewatch.ingest.WebhookRequest;
import io.bouncewatch.ingest.WebhookSource;
import io.bouncewatch.input.InputKind;
import io.bouncewatch.query.QueryService;
import io.bouncewatch.rules.MailboxRules;
import io.bouncewatch.rules.RuleSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /ingest/{source}} on its own, with a source made for the test and a publisher that
 * records what it is given: which requests reach a source, how its refusals and the publisher's
 * failures are answered, and that the write guard lets provider webhooks through without the
 * operator's token while every other write still needs it.
 */
class IngestApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "s3cret-token-0123456789";

    private final HttpClient client = HttpClient.newHttpClient();
    private final List<WebhookRequest> received = new ArrayList<>();
    private final List<Map.Entry<String, List<Ingested>>> published = new ArrayList<>();
    private HttpApi api;
    private KafkaStreams streams;
    @TempDir Path stateDir;

    /**
     * Answers as the request's {@code x-test-answer} header says: a refusal of that status, or else
     * one send event and one rejected part.
     */
    private final class TestSource implements WebhookSource {
        @Override
        public String name() {
            return "test";
        }

        @Override
        public List<Ingested> accept(WebhookRequest request) throws WebhookRefusal {
            received.add(request);
            String answer = request.header("x-test-answer");
            if ("401".equals(answer)) {
                throw WebhookRefusal.unauthenticated(
                        "wrong credentials", "Basic realm=\"bouncewatch\"");
            }
            if (answer != null) {
                throw new WebhookRefusal(Integer.parseInt(answer), "refused as asked: " + answer);
            }
            return List.of(
                    InputEvents.send(
                            "m1:bob@example.com",
                            "alice@acme.io",
                            "bob@example.com",
                            Instant.parse("2026-11-22T10:00:00Z"),
                            null),
                    new Ingested.Rejected("names no mailbox", request.body()));
        }
    }

    private HttpApi starting() {
        api =
                new HttpApi(
                                new HttpApi.Services(
                                        RuleSettings.DEFAULTS,
                                        TOKEN,
                                        Map.of("test", new TestSource())))
                        .start(0);
        return api;
    }

    private void start(IngestPublisher publisher) {
        starting();
        StreamsBuilder builder = new StreamsBuilder();
        // Never started: the queries are not what this test asks.
        builder.stream("unused");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ingest-api-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        streams = new KafkaStreams(builder.build(), props);
        api.open(
                new HttpApi.Backend(
                        new QueryService(
                                streams,
                                new HostInfo("localhost", api.port()),
                                new MailboxRules(RuleSettings.DEFAULTS)),
                        (key, json) -> {
                            throw new AssertionError("no command is written");
                        },
                        new ChangeFeed() {
                            @Override
                            public List<String> recent(int limit) {
                                return List.of();
                            }

                            @Override
                            public Optional<Subscription> subscribe() {
                                return Optional.empty();
                            }
                        },
                        () -> "",
                        Optional::empty,
                        publisher));
    }

    private void start() {
        start((source, records) -> published.add(Map.entry(source, records)));
    }

    @AfterEach
    void stop() {
        api.close();
        if (streams != null) {
            streams.close(Duration.ZERO);
        }
    }

    private HttpResponse<String> post(String path, byte[] body, String... headers)
            throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String... headers)
            throws Exception {
        return post(path, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static String error(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        return JSON.readTree(response.body()).get("error").asText();
    }

    @Test
    void aVerifiedRequestIsPublishedWholeAndAnsweredWithItsCounts() throws Exception {
        start();
        HttpResponse<String> response =
                post("/ingest/test", "{\"Type\":\"Bounce\"}", "X-Provider-Signature", "abc");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()))
                .isEqualTo(JSON.readTree("{\"accepted\":1,\"rejected\":1}"));
        assertThat(published).hasSize(1);
        assertThat(published.get(0).getKey()).isEqualTo("test");
        assertThat(published.get(0).getValue())
                .extracting(r -> r.getClass().getSimpleName())
                .containsExactly("Event", "Rejected");
        assertThat(((Ingested.Event) published.get(0).getValue().get(0)).kind())
                .isEqualTo(InputKind.SENDS);
        WebhookRequest request = received.get(0);
        assertThat(new String(request.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"Type\":\"Bounce\"}");
        assertThat(request.header("x-provider-signature")).isEqualTo("abc");
        assertThat(request.headers()).containsKey("x-provider-signature");
    }

    @Test
    void anUnknownOrUnconfiguredSourceIs404AndNothingReachesASource() throws Exception {
        start();
        for (String path : List.of("/ingest/ses", "/ingest/nosuch")) {
            HttpResponse<String> response = post(path, "{}");
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(error(response))
                    .isEqualTo(
                            "no webhook source "
                                    + path.substring("/ingest/".length())
                                    + " is configured here; configured: test");
        }
        assertThat(received).isEmpty();
        assertThat(published).isEmpty();
    }

    @Test
    void aSourcesRefusalIsAnsweredWithItsStatusAndNothingIsPublished() throws Exception {
        start();
        for (int status : new int[] {400, 403, 413}) {
            HttpResponse<String> response =
                    post("/ingest/test", "{}", "x-test-answer", Integer.toString(status));
            assertThat(response.statusCode()).isEqualTo(status);
            assertThat(error(response)).isEqualTo("refused as asked: " + status);
        }
        HttpResponse<String> unauthenticated = post("/ingest/test", "{}", "x-test-answer", "401");
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        assertThat(error(unauthenticated)).isEqualTo("wrong credentials");
        assertThat(unauthenticated.headers().firstValue("WWW-Authenticate"))
                .contains("Basic realm=\"bouncewatch\"");
        assertThat(published).isEmpty();
    }

    @Test
    void aBodyOver4MiBIs413AndNeverReachesTheSource() throws Exception {
        start();
        byte[] tooLarge = new byte[IngestApi.BODY_LIMIT + 1];
        Arrays.fill(tooLarge, (byte) ' ');
        HttpResponse<String> response = post("/ingest/test", tooLarge);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(error(response)).isEqualTo("the request body is larger than 4 MiB");
        assertThat(received).isEmpty();

        byte[] large = new byte[IngestApi.BODY_LIMIT];
        Arrays.fill(large, (byte) ' ');
        assertThat(post("/ingest/test", large).statusCode())
                .as("4 MiB, far past the API's 64 KiB")
                .isEqualTo(200);
        assertThat(received).hasSize(1);
        assertThat(received.get(0).body()).hasSize(IngestApi.BODY_LIMIT);
    }

    @Test
    void whatKafkaDoesNotAcknowledgeIsAnswered503SoThatTheProviderRetries() throws Exception {
        start(
                (source, records) -> {
                    throw new TimeoutException("no acknowledgement");
                });
        HttpResponse<String> response = post("/ingest/test", "{}");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(error(response))
                .isEqualTo(
                        "Kafka did not acknowledge every event of this request (TimeoutException);"
                                + " retry it");
    }

    @Test
    void untilTheMonitorHasStartedAConfiguredSourceAnswers503() throws Exception {
        starting();
        HttpResponse<String> response = post("/ingest/test", "{}");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(error(response)).isEqualTo("the monitor is starting");
        assertThat(received).isEmpty();
        assertThat(post("/ingest/nosuch", "{}").statusCode()).isEqualTo(404);
    }

    @Test
    void aWebhookNeedsNoTokenAndNoOriginAndAnyContentTypeButOtherWritesStillDo() throws Exception {
        start();
        HttpResponse<String> fromAnotherSite =
                post(
                        "/ingest/test",
                        "Type=Notification",
                        "Content-Type",
                        "text/plain; charset=UTF-8",
                        "Origin",
                        "https://sns.amazonaws.com",
                        "Sec-Fetch-Site",
                        "cross-site");
        assertThat(fromAnotherSite.statusCode()).isEqualTo(200);

        for (String path :
                List.of(
                        "/ingest/test/more",
                        "/ingest/test/../../api/mailboxes/alice@acme.io/pause",
                        "/api/mailboxes/alice@acme.io/pause")) {
            HttpResponse<String> response = post(path, "{}", "Content-Type", "application/json");
            assertThat(response.statusCode()).as(path).isIn(400, 401);
        }
        assertThat(received).hasSize(1);
    }
}
