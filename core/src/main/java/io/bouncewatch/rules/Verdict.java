package io.bouncewatch.rules;

import java.util.Objects;

/**
 * What the rules of docs/rules.md §3 say about a window: a status, the rule that set it and what
 * that rule measured (both null for HEALTHY, which no rule sets).
 */
public record Verdict(Status status, Reason reason, Evidence evidence) {

    public static final Verdict HEALTHY = new Verdict(Status.HEALTHY, null, null);

    public Verdict {
        Objects.requireNonNull(status, "status");
        if ((reason == null) != (evidence == null)) {
            throw new IllegalArgumentException("a rule's verdict carries its evidence");
        }
    }
}
