package io.bouncewatch.ingest;

import java.io.IOException;
import java.net.URI;

/**
 * The network as the SNS source needs it: one GET, of a signing certificate or of the URL that
 * confirms a subscription. Kept behind this interface so that the source stays pure; the program
 * implements it over HTTP, tests with local files and servers.
 */
public interface SnsFetcher {

    /**
     * The body of a successful GET of a URL that {@link SnsTrust} already allowed.
     *
     * @throws IOException when the URL cannot be reached, answers other than 2xx or redirects
     */
    byte[] get(URI url) throws IOException;
}
