package io.bouncewatch.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.rules.RuleSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/series}, {@code /api/dead-letters} and {@code /api/lag}: what they take, and what
 * they answer before the monitor has started and when the cluster does not answer.
 */
class TrendsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newHttpClient();
    private final List<String> asked = new ArrayList<>();
    private final HttpApi api =
            new HttpApi(new HttpApi.Services(RuleSettings.DEFAULTS, "", Map.of())).start(0);

    @AfterEach
    void stop() {
        api.close();
    }

    private final Trends trends =
            new Trends() {
                @Override
                public byte[] series(String range, int minutes, boolean localOnly) {
                    asked.add("series " + range + " " + minutes + " " + localOnly);
                    return bytes("{\"range\":\"" + range + "\"}");
                }

                @Override
                public byte[] deadLetters(int limit) {
                    asked.add("dead-letters " + limit);
                    return bytes("[]");
                }

                @Override
                public byte[] lag() {
                    throw new Trends.Unanswered("the cluster did not answer within 5 s");
                }
            };

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("application/json");
        return JSON.readTree(response.body()).get("error").asText();
    }

    @Test
    void aRangeOtherThanAnHourOrADayIsRefusedWith400() throws Exception {
        api.openTrends(trends);
        for (String range : List.of("2h", "1H", "", "60")) {
            HttpResponse<String> response = get("/api/series?range=" + range);
            assertThat(response.statusCode()).as(range).isEqualTo(400);
            assertThat(error(response)).isEqualTo("range must be 1h or 24h");
        }
        assertThat(error(get("/api/series?range=1h&step=PT5M")))
                .isEqualTo("unknown parameter step; allowed: range");
        assertThat(asked).isEmpty();
    }

    @Test
    void theRangeIsAnHourUnlessADayIsAskedAndAnotherInstanceGetsItsOwnMinutes() throws Exception {
        api.openTrends(trends);

        assertThat(get("/api/series").body()).isEqualTo("{\"range\":\"1h\"}");
        assertThat(get("/api/series?range=24h").statusCode()).isEqualTo(200);
        get("/api/series?range=1h", "X-Bouncewatch-Forwarded", "1");

        assertThat(asked)
                .containsExactly(
                        "series 1h 60 false", "series 24h 1440 false", "series 1h 60 true");
    }

    @Test
    void aDeadLetterLimitOutside1To500IsRefusedWith400() throws Exception {
        api.openTrends(trends);
        for (String limit : List.of("0", "501", "-3", "ten", "")) {
            HttpResponse<String> response = get("/api/dead-letters?limit=" + limit);
            assertThat(response.statusCode()).as(limit).isEqualTo(400);
            assertThat(error(response)).isEqualTo("limit must be a whole number from 1 to 500");
        }

        assertThat(get("/api/dead-letters").statusCode()).isEqualTo(200);
        assertThat(get("/api/dead-letters?limit=500").statusCode()).isEqualTo(200);
        assertThat(asked).containsExactly("dead-letters 50", "dead-letters 500");
    }

    @Test
    void aClusterThatDoesNotAnswerIsA503() throws Exception {
        api.openTrends(trends);

        HttpResponse<String> response = get("/api/lag");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(error(response)).isEqualTo("the cluster did not answer within 5 s");
    }

    @Test
    void untilTheMonitorHasStartedTheyAnswerAsStarting() throws Exception {
        for (String path : List.of("/api/series", "/api/dead-letters", "/api/lag")) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(503);
            assertThat(error(response)).isEqualTo("the monitor is starting");
        }
    }
}
