package io.bouncewatch.query;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + path);
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(5))
                        .header(FORWARDED, "1")
                        .GET();
        if (!configuredToken.isEmpty()) {
            request.header("Authorization", "Bearer " + configuredToken);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new InstanceUnavailable(
                    "instance "
                            + host.host()
                            + ":"
                            + host.port()
                            + " did not answer: "
                            + e.getMessage());
        }
    }
}
