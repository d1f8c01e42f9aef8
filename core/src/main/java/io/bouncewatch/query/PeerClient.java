package io.bouncewatch.query;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another instance of the application (at its {@code application.server}) for what it holds.
 * With a configured token it sends that too, so that instances can sit behind the same guard as
 * operators; a generated token is this instance's own and never leaves it.
 */
final class PeerClient {

    /**
     * Marks a request made by another instance: answer from local state only, never forward again.
     */
    static final String FORWARDED = "X-Bouncewatch-Forwarded";

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String configuredToken;

    /**
     * @param configuredToken the http.auth.token setting; empty when none is configured
     */
    PeerClient(String configuredToken) {
        this.configuredToken = configuredToken;
    }

    /**
     * GET {@code path} from the instance at {@code host}, whatever it answers.
     *
     * @throws InstanceUnavailable when the instance does not answer
     */
    HttpResponse<byte[]> get(HostInfo host, String path) throws InterruptedException {
        try {
            return client.send(
                    request(host, path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw notAnswered(host, e);
        }
    }

    /**
     * GET {@code path} from the instance at {@code host}, without waiting: several instances are
     * asked at once. The future fails with {@link InstanceUnavailable} when the instance does not
     * answer.
     */
    CompletableFuture<HttpResponse<byte[]>> getAsync(HostInfo host, String path) {
        return client.sendAsync(
                        request(host, path).GET().build(), HttpResponse.BodyHandlers.ofByteArray())
                .exceptionally(
                        e -> {
                            throw notAnswered(
                                    host, e instanceof CompletionException c ? c.getCause() : e);
                        });
    }

    /**
     * POST the JSON {@code body} to {@code path} of the instance at {@code host}, without waiting:
     * several instances are asked at once. The future fails with {@link InstanceUnavailable} when
     * the instance does not answer.
     */
    CompletableFuture<HttpResponse<byte[]>> post(HostInfo host, String path, byte[] body) {
        HttpRequest request =
                request(host, path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .exceptionally(
                        e -> {
                            throw notAnswered(
                                    host, e instanceof CompletionException c ? c.getCause() : e);
                        });
    }

    private HttpRequest.Builder request(HostInfo host, String path) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + path);
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).header(FORWARDED, "1");
        if (!configuredToken.isEmpty()) {
            request.header("Authorization", "Bearer " + configuredToken);
        }
        return request;
    }

    private static InstanceUnavailable notAnswered(HostInfo host, Throwable e) {
        return new InstanceUnavailable(
                "instance "
                        + host.host()
                        + ":"
                        + host.port()
                        + " did not answer: "
                        + e.getMessage());
    }
}
