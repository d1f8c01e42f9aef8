package io.bouncewatch.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays real event sequences through {@link MailboxRules} for one mailbox, keeping the stored state
 * and every transition, the way the mailbox processor does. Time only moves when a test moves it.
 */
final class MailboxDriver {

    static final String MAILBOX = "alice@acme.io";
    static final long START = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();

    private final MailboxRules rules;
    private final List<Transition> transitions = new ArrayList<>();
    private MailboxState state;
    private MailboxDecision last;
    private long now = START;
    private int nextId;
    private int commands;

    MailboxDriver() {
        this(RuleSettings.DEFAULTS);
    }

    MailboxDriver(RuleSettings settings) {
        this.rules = new MailboxRules(settings);
    }

    MailboxDriver sends(int count) {
        for (int i = 0; i < count; i++) {
            apply(new MailboxEvent.Send("s-" + nextId++, MAILBOX, now));
        }
        return this;
    }

    MailboxDriver bounces(int count) {
        return bounces(count, BounceType.HARD);
    }

    MailboxDriver softBounces(int count) {
        return bounces(count, BounceType.SOFT);
    }

    private MailboxDriver bounces(int count, BounceType type) {
        for (int i = 0; i < count; i++) {
            apply(new MailboxEvent.Bounce("b-" + nextId++, MAILBOX, now, type));
        }
        return this;
    }

    MailboxDriver complaints(int count) {
        for (int i = 0; i < count; i++) {
            apply(new MailboxEvent.Complaint("c-" + nextId++, MAILBOX, now));
        }
        return this;
    }

    /** Hard bounces, one at a time, until the mailbox is PAUSED; fails after a hundred. */
    MailboxDriver bouncesUntilPaused() {
        for (int i = 0; i < 100 && status() != Status.PAUSED; i++) {
            bounces(1);
        }
        if (status() != Status.PAUSED) {
            throw new AssertionError("a hundred bounces did not pause " + state);
        }
        return this;
    }

    MailboxDecision apply(MailboxEvent event) {
        return record(rules.onEvent(state, event, now));
    }

    MailboxDecision command(OperatorAction action) {
        return command(action, "op-" + (++commands));
    }

    /** A command with its own id: the same id twice is a retry. */
    MailboxDecision command(OperatorAction action, String commandId) {
        return record(
                rules.onCommand(
                        state,
                        new Command(commandId, "m@x.io", false, action, "note", "ops@x.io", now)));
    }

    MailboxDecision expireCooldown() {
        return record(rules.onCooldownExpired(state, now));
    }

    /** Moves the wall clock to the running cooldown's end and lets it expire. */
    MailboxDecision expireCooldownOnTime() {
        now = state.cooldownUntil();
        return expireCooldown();
    }

    private MailboxDecision record(MailboxDecision decision) {
        last = decision;
        state = decision.state();
        decision.expiry().flatMap(MailboxDecision::transition).ifPresent(transitions::add);
        decision.transition().ifPresent(transitions::add);
        return decision;
    }

    MailboxDriver advance(Duration duration) {
        now += duration.toMillis();
        return this;
    }

    MailboxDriver at(long millis) {
        now = millis;
        return this;
    }

    long now() {
        return now;
    }

    MailboxRules rules() {
        return rules;
    }

    MailboxState state() {
        return state;
    }

    Status status() {
        return state.status();
    }

    MailboxWindow window() {
        return state.window();
    }

    MailboxDecision last() {
        return last;
    }

    List<Transition> transitions() {
        return List.copyOf(transitions);
    }

    MailboxDriver forgetTransitions() {
        transitions.clear();
        return this;
    }

    int riskScore() {
        return rules.riskScore(state);
    }
}
