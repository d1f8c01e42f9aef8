package io.bouncewatch.rules;

/** Why a mailbox or a domain last changed status. */
public enum Reason {
    BOUNCE_RATE,
    BOUNCE_COUNT,
    EARLY_WARNING,
    COMPLAINTS,
    COOLDOWN_EXPIRED,
    RECOVERED,
    OPERATOR,
    UNHEALTHY_RATIO
}
