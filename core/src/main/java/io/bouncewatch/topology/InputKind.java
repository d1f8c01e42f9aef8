package io.bouncewatch.topology;

/** What each of the four input topics carries. */
enum InputKind {
    SENDS,
    BOUNCES,
    COMPLAINTS,
    COMMANDS
}
