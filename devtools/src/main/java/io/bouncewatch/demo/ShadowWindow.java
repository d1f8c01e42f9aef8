package io.bouncewatch.demo;

import io.bouncewatch.rules.BounceClassifier;
import io.bouncewatch.rules.BounceFacts;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.MailboxRules;
import io.bouncewatch.rules.MailboxState;
import io.bouncewatch.rules.MailboxWindow;
import io.bouncewatch.rules.Status;
import java.time.Duration;
import java.util.Objects;

/**
 * The fleet's guess of what the monitor decides for one of its mailboxes: whether the mailbox is
 * paused, and where its window stands so a script can place a bounce. The fleet cannot read the
 * monitor (as a scheduler without a status feed cannot), so it runs the monitor's own mailbox
 * rules, with the settings the monitor runs, on the events it produces, at the times it produces
 * them; each bounce classified by the monitor's classifier, since its category decides whether it
 * counts.
 */
final class ShadowWindow {

    /**
     * Resume this long after the shadow's cooldown ended: the monitor starts the cooldown when it
     * processes the event, later than the fleet produced it, and checks expiries every second, so
     * resuming on the dot could send into a pause that is still running.
     */
    static final long RESUME_MARGIN_MILLIS = Duration.ofSeconds(10).toMillis();

    private static final BounceClassifier CLASSIFIER = new BounceClassifier();

    private final MailboxRules rules;
    private final String mailbox;
    private MailboxState state;

    ShadowWindow(MailboxRules rules, String mailbox) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.mailbox = Objects.requireNonNull(mailbox, "mailbox");
    }

    void send(String eventId, long now) {
        count(new MailboxEvent.Send(eventId, mailbox, now), now);
    }

    /** Counts a bounce as the monitor would, and says what it means. */
    Category bounce(String eventId, BounceFacts facts, long now) {
        MailboxEvent.Bounce bounce =
                MailboxEvent.Bounce.classified(eventId, mailbox, now, facts, CLASSIFIER);
        count(bounce, now);
        return bounce.category();
    }

    void complaint(String eventId, long now) {
        count(new MailboxEvent.Complaint(eventId, mailbox, now), now);
    }

    private void count(MailboxEvent event, long now) {
        // The rules resume an expired pause on the next event; the shadow resumes only in
        // resumeIfDue,
        // a margin later, so to the rules its events come before the cooldown ends.
        long rulesNow =
                paused() && state.coolingDown() ? Math.min(now, state.cooldownUntil() - 1) : now;
        state = rules.onEvent(state, event, rulesNow).state();
    }

    /**
     * Ends the pause once its cooldown (plus margin) is over; the rules slide the window on resume.
     */
    boolean resumeIfDue(long now) {
        if (!paused()
                || !state.coolingDown()
                || now < state.cooldownUntil() + RESUME_MARGIN_MILLIS) {
            return false;
        }
        state = rules.onCooldownExpired(state, now).state();
        return true;
    }

    boolean paused() {
        return state != null && state.status() == Status.PAUSED;
    }

    double sends() {
        return window().sendCount();
    }

    double bounces() {
        return window().bounceCount();
    }

    double complaints() {
        return window().complaintCount();
    }

    private MailboxWindow window() {
        return state == null ? MailboxWindow.EMPTY : state.window();
    }
}
