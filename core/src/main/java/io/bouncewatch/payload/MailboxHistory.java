package io.bouncewatch.payload;

import io.bouncewatch.rules.BounceClass;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.Provider;
import io.bouncewatch.rules.Status;
import java.util.List;

/**
 * What happened to one mailbox lately, as {@code GET /api/mailboxes/{mailbox}/history} answers it.
 *
 * @param changes its latest status changes and its routes', newest first, each the JSON of its
 *     record on {@code health.status-changes}
 * @param bounces its latest counted bounces, newest first
 * @param window its window over time, oldest first
 */
public record MailboxHistory(List<String> changes, List<Bounce> bounces, List<Sample> window) {

    public MailboxHistory {
        changes = List.copyOf(changes);
        bounces = List.copyOf(bounces);
        window = List.copyOf(window);
    }

    /**
     * A counted bounce.
     *
     * @param bounceClass null when no finer class than the category is known
     * @param provider null when the bounce came from no provider the monitor knows
     * @param diagnostic the start of the reply; null when the bounce had none
     */
    public record Bounce(
            String eventId,
            long at,
            String recipient,
            Category category,
            BounceClass bounceClass,
            Provider provider,
            String diagnostic) {}

    /** The mailbox's window at one time; counts as the rules hold them (decimals, they decay). */
    public record Sample(long at, double windowSends, double windowBounces, Status status) {

        /** Bounces per send in the window, a fraction (0.042 is 4.2%); 0 without sends. */
        public double bounceRate() {
            return windowSends == 0 ? 0 : windowBounces / windowSends;
        }
    }
}
