package io.bouncewatch.topology;

/** The four input topics, each read by its own parser. */
enum InputKind {
    SENDS,
    BOUNCES,
    COMPLAINTS,
    COMMANDS
}
