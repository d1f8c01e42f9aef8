/**
 * What senders already emit, turned into bouncewatch's own input events: provider webhooks (each a
 * {@link io.bouncewatch.ingest.WebhookSource} that verifies a request as its provider signs it and
 * maps the provider's events) and mail-server logs. Everything here is pure: no HTTP server, no
 * Kafka types. The HTTP layer hands a {@link io.bouncewatch.ingest.WebhookRequest} to a source and
 * publishes the {@link io.bouncewatch.ingest.Ingested} records it returns.
 */
package io.bouncewatch.ingest;
