package io.bouncewatch.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The suppression list's rules (docs/rules.md §10): who is suppressed, for how long, and what an
 * operator's command does. A LIST bounce or a complaint suppresses until removed; {@code
 * suppression.soft-bounces} TRANSIENT bounces (distinct event ids) within {@code
 * suppression.soft-window} of event time suppress for {@code suppression.soft-ttl} from the last
 * one's time; no other category suppresses: a reputation block, a throttle or the sender's own
 * setup say nothing about the address. Pure: the state in, the decision out.
 *
 * <p>An entry is never replaced by a weaker one: a permanent entry stays as it is, a temporary one
 * gives way to a permanent cause or to a later end. An entry that goes on keeps its {@code since}:
 * the recipient has been suppressed since then. Whatever changes nothing publishes nothing, so a
 * re-imported list or a redelivered bounce is silent.
 */
public final class SuppressionRules {

    /** Most TRANSIENT bounces the soft rule may ask for: each is kept until the rule fires. */
    public static final int MAX_SOFT_BOUNCES = 100;

    private final int softBounces;
    private final long softWindow;
    private final long softTtl;

    public SuppressionRules(RuleSettings settings) {
        Objects.requireNonNull(settings, "settings");
        this.softBounces = settings.suppressionSoftBounces();
        this.softWindow = settings.suppressionSoftWindow().toMillis();
        this.softTtl = settings.suppressionSoftTtl().toMillis();
    }

    /** Whether a bounce of this category can put its recipient on the list. */
    public static boolean suppresses(Category category) {
        return category == Category.LIST || category == Category.TRANSIENT;
    }

    /**
     * A bounce of {@code recipient} (normalised).
     *
     * @param now the wall clock, which ends temporary entries
     */
    public SuppressionDecision onBounce(
            SuppressionState stored, String recipient, MailboxEvent.Bounce bounce, long now) {
        Category category = bounce.category();
        if (category == Category.LIST) {
            return offer(
                    stored,
                    recipient,
                    new SuppressionState.Entry(
                            Category.LIST,
                            bounce.classification().bounceClass(),
                            SuppressionSource.BOUNCE,
                            bounce.timestamp(),
                            null,
                            bounce.mailbox(),
                            bounce.eventId(),
                            null,
                            null),
                    now);
        }
        if (category != Category.TRANSIENT) {
            return SuppressionDecision.kept(stored);
        }
        return onTransient(stored, recipient, bounce, now);
    }

    /** A complaint of {@code recipient} (normalised): suppressed until removed. */
    public SuppressionDecision onComplaint(
            SuppressionState stored, String recipient, MailboxEvent.Complaint complaint, long now) {
        return offer(
                stored,
                recipient,
                new SuppressionState.Entry(
                        Category.COMPLAINT,
                        null,
                        SuppressionSource.COMPLAINT,
                        complaint.timestamp(),
                        null,
                        complaint.mailbox(),
                        complaint.eventId(),
                        null,
                        null),
                now);
    }

    /** An operator's or an import's SUPPRESS or UNSUPPRESS. */
    public SuppressionDecision onCommand(
            SuppressionState stored, SuppressionCommand command, long now) {
        if (command.action() == SuppressionAction.UNSUPPRESS) {
            // The operator vouches for the address: what counted towards an entry goes too.
            if (stored == null || stored.entry() == null) {
                return SuppressionDecision.kept(null);
            }
            return new SuppressionDecision(
                    null,
                    null,
                    stored.suppression(command.recipient()),
                    SuppressionDecision.Removal.OPERATOR);
        }
        return offer(
                stored,
                command.recipient(),
                new SuppressionState.Entry(
                        command.category(),
                        null,
                        command.source(),
                        command.timestamp(),
                        command.until(),
                        null,
                        command.commandId(),
                        command.operator(),
                        command.reason()),
                now);
    }

    /**
     * The wall clock at {@code now}: an entry whose end has come leaves the list; TRANSIENT bounces
     * the window has left stop counting.
     */
    public SuppressionDecision onTime(SuppressionState stored, String recipient, long now) {
        if (stored == null) {
            return SuppressionDecision.kept(null);
        }
        SuppressionState.Entry entry = stored.entry();
        if (entry != null && entry.until() != null && entry.until() <= now) {
            return new SuppressionDecision(
                    null, null, entry.of(recipient), SuppressionDecision.Removal.EXPIRED);
        }
        if (entry == null
                && !stored.soft().isEmpty()
                && newest(stored.soft()) + softWindow <= now) {
            return SuppressionDecision.kept(null);
        }
        return SuppressionDecision.kept(stored);
    }

    /**
     * When the wall clock must next look at the state ({@link #onTime}): the end of a temporary
     * entry, or when the window has left the newest counting bounce; {@link Long#MAX_VALUE} when
     * never.
     */
    public long deadline(SuppressionState state) {
        if (state == null) {
            return Long.MAX_VALUE;
        }
        if (state.entry() != null) {
            Long until = state.entry().until();
            return until == null ? Long.MAX_VALUE : until;
        }
        return state.soft().isEmpty() ? Long.MAX_VALUE : newest(state.soft()) + softWindow;
    }

    private SuppressionDecision onTransient(
            SuppressionState stored, String recipient, MailboxEvent.Bounce bounce, long now) {
        SuppressionState.Entry entry = stored == null ? null : stored.entry();
        if (entry != null && entry.until() == null) {
            return SuppressionDecision.kept(stored); // permanent: nothing to count towards
        }
        long fingerprint = RecentEventIds.fingerprint(bounce.eventId());
        List<SuppressionState.SoftBounce> soft =
                new ArrayList<>(stored == null ? List.of() : stored.soft());
        if (soft.stream().anyMatch(b -> b.fingerprint() == fingerprint)) {
            return SuppressionDecision.kept(stored); // a redelivery counts once
        }
        soft.add(new SuppressionState.SoftBounce(bounce.timestamp(), fingerprint));
        soft.sort(Comparator.comparingLong(SuppressionState.SoftBounce::at));
        long newest = newest(soft);
        soft.removeIf(b -> b.at() <= newest - softWindow);
        if (soft.size() < softBounces) {
            return SuppressionDecision.kept(new SuppressionState(entry, soft));
        }
        // The rule fires: the count starts again, and the entry runs from the newest bounce.
        return offer(
                new SuppressionState(entry, List.of()),
                recipient,
                new SuppressionState.Entry(
                        Category.TRANSIENT,
                        bounce.classification().bounceClass(),
                        SuppressionSource.BOUNCE,
                        newest,
                        newest + softTtl,
                        bounce.mailbox(),
                        bounce.eventId(),
                        null,
                        null),
                now);
    }

    /**
     * The candidate entry, if it is stronger than the recipient's entry: a permanent one beats a
     * temporary one, and of two temporary ones the later end wins. A candidate whose end has passed
     * changes nothing.
     */
    private static SuppressionDecision offer(
            SuppressionState stored, String recipient, SuppressionState.Entry candidate, long now) {
        SuppressionState.Entry entry = stored == null ? null : stored.entry();
        if (candidate.until() != null && candidate.until() <= now) {
            return SuppressionDecision.kept(stored);
        }
        if (entry != null && !stronger(candidate, entry)) {
            return SuppressionDecision.kept(stored);
        }
        SuppressionState.Entry next =
                entry == null
                        ? candidate
                        : new SuppressionState.Entry(
                                candidate.category(),
                                candidate.bounceClass(),
                                candidate.source(),
                                entry.since(),
                                candidate.until(),
                                candidate.mailbox(),
                                candidate.causeEventId(),
                                candidate.operator(),
                                candidate.note());
        // A permanent entry has nothing left to count towards.
        List<SuppressionState.SoftBounce> soft =
                next.until() == null || stored == null ? List.of() : stored.soft();
        return new SuppressionDecision(
                new SuppressionState(next, soft), next.of(recipient), null, null);
    }

    private static boolean stronger(
            SuppressionState.Entry candidate, SuppressionState.Entry entry) {
        if (entry.until() == null) {
            return false;
        }
        return candidate.until() == null || candidate.until() > entry.until();
    }

    private static long newest(List<SuppressionState.SoftBounce> soft) {
        return soft.get(soft.size() - 1).at();
    }
}
