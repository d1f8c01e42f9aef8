package io.bouncewatch.rules;

/** What an operator can tell the monitor to do with a mailbox or a domain. */
public enum OperatorAction {
    PAUSE,
    RESUME,
    RESET,
    REMOVE;

    /** Domains follow their mailboxes; only pausing and resuming them by hand makes sense. */
    public boolean appliesToDomains() {
        return this == PAUSE || this == RESUME;
    }
}
