package io.bouncewatch.http;

import io.bouncewatch.ingest.SnsFetcher;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The SNS source's GETs: https (and http, when a trusted prefix names it) through {@link
 * HttpClient}, with timeouts and without following redirects, since a redirect could lead away from
 * the URL that was checked; {@code file:} URLs, which only a trusted prefix allows, read from disk.
 * Answers are small (a certificate, a confirmation), so a larger one is refused.
 */
final class SnsHttpFetcher implements SnsFetcher {

    static final int MAX_BYTES = 64 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http =
            HttpClient.newBuilder()
                    .connectTimeout(TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();

    @Override
    public byte[] get(URI url) throws IOException {
        if ("file".equals(url.getScheme())) {
            // The path alone: a SubscribeURL carries its token as a query.
            try (InputStream in = Files.newInputStream(Path.of(url.getPath()))) {
                return limited(in, url);
            }
        }
        HttpResponse<InputStream> response;
        try {
            response =
                    http.send(
                            HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build(),
                            HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + url, e);
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw new IOException(url + " answered " + response.statusCode());
            }
            return limited(in, url);
        }
    }

    private static byte[] limited(InputStream in, URI url) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new IOException(url + " is larger than " + MAX_BYTES + " bytes");
        }
        return bytes;
    }
}
