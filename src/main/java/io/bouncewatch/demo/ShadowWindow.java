package io.bouncewatch.demo;

import java.time.Duration;

/**
 * The fleet's guess of what the monitor decides for one of its mailboxes, reduced to what a sender
 * needs: whether the mailbox is paused, and where its window stands so a script can place a bounce.
 * The fleet cannot read the monitor (as a scheduler without a status feed cannot), so it replays the
 * default rules (docs/rules.md) with the demo's 1-minute cooldown: window of 100 sends sliding to half,
 * pause at 5 bounces, at a 3% bounce rate from 60 sends, or at 2 complaints; the cooldown doubles for
 * a pause after a resume. It does not model probation or warnings: neither stops a mailbox sending.
 */
final class ShadowWindow {

    static final double MAX_SENDS = 100;
    static final double RETAIN = 0.5;
    static final double MIN_SENDS = 60;
    static final double PAUSE_BOUNCES = 5;
    static final double PAUSE_RATE = 0.03;
    static final double PAUSE_COMPLAINTS = 2;
    static final long COOLDOWN_MILLIS = Duration.ofMinutes(1).toMillis();
    /** The demo's {@code cooldown.max}. */
    static final long MAX_COOLDOWN_MILLIS = Duration.ofMinutes(10).toMillis();
    /**
     * Resume this long after the monitor's cooldown should have ended: the monitor starts the cooldown
     * when it processes the event and checks expiries every second, so resuming on the dot could send
     * into a pause that is still running.
     */
    static final long RESUME_MARGIN_MILLIS = Duration.ofSeconds(10).toMillis();

    private double sends;
    private double bounces;
    private double complaints;
    private boolean paused;
    private long resumeAt;
    private long lastCooldown;
    private boolean resumedBefore;
    private int pauses;

    void send(long now) {
        sends++;
        counted(now);
    }

    void hardBounce(long now) {
        bounces++;
        counted(now);
    }

    void complaint(long now) {
        complaints++;
        counted(now);
    }

    /** Ends the pause once its cooldown (plus margin) is over; the monitor slides the window on resume. */
    boolean resumeIfDue(long now) {
        if (!paused || now < resumeAt) {
            return false;
        }
        paused = false;
        resumedBefore = true;
        slide();
        return true;
    }

    private void counted(long now) {
        if (sends >= MAX_SENDS) {
            slide();
        }
        // PAUSED is sticky in the monitor: events while paused count but never pause again.
        if (!paused && pausing()) {
            long cooldown = resumedBefore ? Math.min(lastCooldown * 2, MAX_COOLDOWN_MILLIS) : COOLDOWN_MILLIS;
            lastCooldown = cooldown;
            resumeAt = now + cooldown + RESUME_MARGIN_MILLIS;
            paused = true;
            pauses++;
        }
    }

    private boolean pausing() {
        // The epsilon keeps exact thresholds (3 bounces in 100 sends) on the pausing side, as the
        // monitor's integer comparison does.
        return bounces >= PAUSE_BOUNCES
                || (sends >= MIN_SENDS && bounces >= PAUSE_RATE * sends - 1e-9)
                || complaints >= PAUSE_COMPLAINTS;
    }

    private void slide() {
        sends *= RETAIN;
        bounces *= RETAIN;
        complaints *= RETAIN;
    }

    boolean paused() {
        return paused;
    }

    double sends() {
        return sends;
    }

    double bounces() {
        return bounces;
    }

    double complaints() {
        return complaints;
    }

    int pauses() {
        return pauses;
    }
}
