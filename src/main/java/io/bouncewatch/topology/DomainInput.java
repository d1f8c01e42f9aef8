package io.bouncewatch.topology;

import io.bouncewatch.rules.Command;
import io.bouncewatch.rules.DomainCounts;

/** What moves a domain: new counts from its mailboxes, or an operator command. */
sealed interface DomainInput {

    record Counts(DomainCounts counts) implements DomainInput {
    }

    record Order(Command command) implements DomainInput {
    }
}
