package io.bouncewatch.http;

import io.bouncewatch.ingest.Ingested;
import java.util.List;

/**
 * Writes what one webhook request reported to Kafka: events to their input topics, rejected parts
 * to the dead-letter topic. Implemented over an idempotent producer that waits for every replica.
 */
@FunctionalInterface
public interface IngestPublisher {

    /**
     * Returns only once Kafka has acknowledged every record, so that the provider hears 2xx only
     * for what is safe.
     *
     * @param source the webhook source the records came from, e.g. {@code mailgun}
     * @throws Exception when any record was not acknowledged in time: the request is answered 503
     *     and the provider retries it (its event ids make the retry count once)
     */
    void publish(String source, List<Ingested> records) throws Exception;
}
