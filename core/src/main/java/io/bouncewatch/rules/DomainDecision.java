package io.bouncewatch.rules;

import java.util.Optional;

/**
 * The outcome of one input for one domain: the state to store (null when there is nothing to store)
 * and the status change, if any.
 */
public record DomainDecision(DomainState state, Optional<Transition> transition) {}
