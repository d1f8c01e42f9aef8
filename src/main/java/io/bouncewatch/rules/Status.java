package io.bouncewatch.rules;

/** Health of a mailbox or a domain, from least to most severe. */
public enum Status {
    HEALTHY,
    WARNING,
    PAUSED;

    /** Unhealthy mailboxes are the ones that count against their domain's ratio. */
    public boolean isUnhealthy() {
        return this != HEALTHY;
    }

    public boolean isMoreSevereThan(Status other) {
        return compareTo(other) > 0;
    }
}
