package io.bouncewatch.input;

/** What each of the input topics carries. */
public enum InputKind {
    SENDS,
    BOUNCES,
    COMPLAINTS,
    COMMANDS,
    /** Raw messages: bounces and feedback reports as a bounce mailbox receives them. */
    DSN,
    /** KumoMTA's JSON log records, as its Kafka log hook publishes them. */
    KUMOMTA,
    /** Postfix syslog lines, each alone or in a log shipper's JSON object. */
    POSTFIX
}
