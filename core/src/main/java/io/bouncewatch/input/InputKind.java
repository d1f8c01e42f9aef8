package io.bouncewatch.input;

/** What each of the five input topics carries. */
public enum InputKind {
    SENDS,
    BOUNCES,
    COMPLAINTS,
    COMMANDS,
    /** Raw messages: bounces and feedback reports as a bounce mailbox receives them. */
    DSN
}
