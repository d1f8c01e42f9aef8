package io.bouncewatch.payload;

import io.bouncewatch.rules.Status;
import java.util.List;

/**
 * What happened to one domain lately, as {@code GET /api/domains/{domain}/history} answers it.
 *
 * @param changes its latest status changes, newest first, each the JSON of its record on {@code
 *     health.status-changes}
 * @param ratio its counts over time, oldest first
 * @param configFailures its latest config failures, newest first
 */
public record DomainHistory(
        List<String> changes, List<RatioSample> ratio, List<ConfigFailure> configFailures) {

    public DomainHistory {
        changes = List.copyOf(changes);
        ratio = List.copyOf(ratio);
        configFailures = List.copyOf(configFailures);
    }

    /** The domain's counted mailboxes and its status at one time. */
    public record RatioSample(
            long at, long totalMailboxes, long unhealthyMailboxes, Status status) {

        /** Unhealthy mailboxes per counted mailbox, a fraction; 0 without mailboxes. */
        public double unhealthyRatio() {
            return totalMailboxes == 0 ? 0 : (double) unhealthyMailboxes / totalMailboxes;
        }
    }

    /** A CONFIG bounce of one of the domain's mailboxes. */
    public record ConfigFailure(long at, String mailbox, String eventId) {}
}
