package io.bouncewatch.rules;

/**
 * How long a rule pause lasts: the base cooldown, doubled for a mailbox that is paused again soon
 * after its last resume, capped at the maximum. Paused again later than the escalation window, a
 * mailbox starts over at the base.
 */
public final class CooldownPolicy {

    private final long baseMillis;
    private final long maxMillis;
    private final long escalationWindowMillis;

    public CooldownPolicy(RuleSettings settings) {
        this.baseMillis = settings.cooldown().toMillis();
        this.maxMillis = settings.maxCooldown().toMillis();
        this.escalationWindowMillis = settings.escalationWindow().toMillis();
    }

    /** Length of the cooldown of a pause at {@code now}. */
    public long cooldownMillis(MailboxState state, long now) {
        boolean pausedSoonAfterResume =
                state.lastResumedAt() > 0
                        && now - state.lastResumedAt() <= escalationWindowMillis
                        && state.lastCooldownMillis() > 0;
        if (!pausedSoonAfterResume) {
            return baseMillis;
        }
        long doubled =
                state.lastCooldownMillis() > maxMillis / 2
                        ? maxMillis
                        : state.lastCooldownMillis() * 2;
        return Math.min(Math.max(doubled, baseMillis), maxMillis);
    }
}
