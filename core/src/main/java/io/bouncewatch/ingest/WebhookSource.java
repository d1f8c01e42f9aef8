package io.bouncewatch.ingest;

import java.util.List;

/**
 * One provider's webhook: verifies a request as that provider signs it and maps the provider's
 * events to input events. Served at {@code POST /ingest/{name}} once configured.
 */
public interface WebhookSource {

    /** The path segment it is served at: {@code ses}, {@code sendgrid}, {@code mailgun}, ... */
    String name();

    /**
     * Verifies a request and returns what it reports, in the request's order; an empty list for a
     * request that reports nothing to count (a delivery, a confirmed subscription).
     *
     * @throws WebhookRefusal when the request is not verified, not allowed or malformed: nothing of
     *     it is recorded
     */
    List<Ingested> accept(WebhookRequest request) throws WebhookRefusal;
}
