package io.bouncewatch.whatif;

import java.util.Map;

/**
 * What one setting did to a replayed history.
 *
 * @param mailboxesWarned distinct mailboxes that went WARNING at least once
 * @param mailboxesPaused distinct mailboxes that went PAUSED at least once
 * @param domainsWarned distinct domains that went WARNING at least once
 * @param domainsPaused distinct domains that went PAUSED at least once
 * @param statusChanges status changes of mailboxes, domains and routes
 * @param bouncesAfterPause bounces (not duplicates, not auto-replies) that came from a mailbox
 *     already stopped, paused itself or blocked by its domain
 * @param pausedMailboxHours the hours mailboxes spent stopped, summed over mailboxes
 * @param firstPauses each paused mailbox's first pause
 */
public record ReplayOutcome(
        int mailboxesWarned,
        int mailboxesPaused,
        int domainsWarned,
        int domainsPaused,
        long statusChanges,
        long bouncesAfterPause,
        double pausedMailboxHours,
        Map<String, FleetReplay.FirstPause> firstPauses) {

    public ReplayOutcome {
        firstPauses = Map.copyOf(firstPauses);
    }
}
