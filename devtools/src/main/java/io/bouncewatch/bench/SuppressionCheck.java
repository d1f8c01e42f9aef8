package io.bouncewatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.bouncewatch.query.RemoteQueries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Times {@code POST /api/suppressions/check} of one instance, one request at a time as a scheduler
 * sends them, and checks every answer: exactly the suppressed recipients of its request, none
 * missing and none more, or the phase fails.
 */
final class SuppressionCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(TIMEOUT)
                    .build();
    private final String base;
    private final URI uri;

    SuppressionCheck(int port) {
        this.base = "http://localhost:" + port;
        this.uri = URI.create(base + "/api/suppressions/check");
    }

    /** Whether the instance says it is ready ({@code GET /health/ready} 200). */
    boolean ready() {
        return get("/health/ready", false).statusCode() == 200;
    }

    /**
     * The suppressed recipients the instance counts: of every instance, or, asked as a peer would,
     * of its own store only; -1 while it cannot say.
     */
    long total(boolean ownStoreOnly) {
        HttpResponse<byte[]> response = get("/api/suppressions/summary", ownStoreOnly);
        if (response.statusCode() != 200) {
            return -1;
        }
        try {
            return JSON.readTree(response.body()).path("total").asLong(-1);
        } catch (IOException e) {
            throw new BenchmarkException("the suppression summary is not JSON: " + e.getMessage());
        }
    }

    private HttpResponse<byte[]> get(String path, boolean forwarded) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT);
        if (forwarded) {
            request.header(RemoteQueries.FORWARDED, "bench");
        }
        return send(request.GET().build());
    }

    /** The request body of a check. */
    static byte[] body(List<String> recipients) {
        ArrayNode list = JSON.createArrayNode();
        recipients.forEach(list::add);
        try {
            return JSON.writeValueAsBytes(JSON.createObjectNode().set("recipients", list));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends the checks in turn, {@code warmup} first and not timed, then {@code measured} timed;
     * every answer is verified.
     */
    LatencyProbe.Percentiles run(List<SuppressionWorkload.Check> checks, int warmup, int measured) {
        List<byte[]> bodies = checks.stream().map(c -> body(c.recipients())).toList();
        long[] nanos = new long[measured];
        for (int i = 0; i < warmup + measured; i++) {
            SuppressionWorkload.Check check = checks.get(i % checks.size());
            long start = System.nanoTime();
            HttpResponse<byte[]> response = post(bodies.get(i % checks.size()));
            long took = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new BenchmarkException(
                        "check "
                                + (i + 1)
                                + " answered "
                                + response.statusCode()
                                + ": "
                                + new String(
                                        response.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            verify(response.body(), check);
            if (i >= warmup) {
                nanos[i - warmup] = took;
            }
        }
        return LatencyProbe.percentiles(nanos);
    }

    private HttpResponse<byte[]> post(byte[] body) {
        return send(
                HttpRequest.newBuilder(uri)
                        .timeout(TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build());
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new BenchmarkException(request.uri() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted");
        }
    }

    /**
     * Throws unless the answer counts every recipient of the request and names exactly its
     * suppressed ones.
     */
    static void verify(byte[] answer, SuppressionWorkload.Check check) {
        JsonNode root;
        try {
            root = JSON.readTree(answer);
        } catch (IOException e) {
            throw new BenchmarkException("a check answer is not JSON: " + e.getMessage());
        }
        int checked = root.path("checked").asInt(-1);
        if (checked != check.recipients().size()) {
            throw new BenchmarkException(
                    "a check of "
                            + check.recipients().size()
                            + " recipients answered checked="
                            + checked);
        }
        Set<String> named = new HashSet<>();
        for (JsonNode s : root.path("suppressed")) {
            named.add(s.path("recipient").asText());
        }
        if (!named.equals(check.suppressed())
                || root.path("suppressed").size() != check.suppressed().size()) {
            Set<String> missing = new HashSet<>(check.suppressed());
            missing.removeAll(named);
            Set<String> extra = new HashSet<>(named);
            extra.removeAll(check.suppressed());
            throw new BenchmarkException(
                    "a check answered "
                            + root.path("suppressed").size()
                            + " suppressed recipients, expected exactly "
                            + check.suppressed().size()
                            + ": "
                            + missing.size()
                            + " missing (e.g. "
                            + sample(missing)
                            + "), "
                            + extra.size()
                            + " not suppressed (e.g. "
                            + sample(extra)
                            + ")");
        }
    }

    private static List<String> sample(Set<String> set) {
        return new ArrayList<>(set).subList(0, Math.min(3, set.size()));
    }
}
