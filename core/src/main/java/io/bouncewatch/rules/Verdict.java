package io.bouncewatch.rules;

import java.util.Objects;

/** What the rules of docs/rules.md §3 say about a window: a status and the rule that set it. */
public record Verdict(Status status, Reason reason) {

    public static final Verdict HEALTHY = new Verdict(Status.HEALTHY, null);

    public Verdict {
        Objects.requireNonNull(status, "status");
    }
}
