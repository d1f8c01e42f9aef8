package io.bouncewatch.whatif;

import io.bouncewatch.input.Decoded;
import io.bouncewatch.payload.StatusChange;
import io.bouncewatch.rules.RuleSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * A recorded history of inputs run through two settings side by side, each in a {@link FleetReplay}
 * of its own and on a thread of its own: the settings in force and a candidate.
 */
public final class Replay {

    /** One input of the history at its record's time. */
    public record Input(long timestamp, Decoded input) {
        public Input {
            Objects.requireNonNull(input, "input");
        }
    }

    /**
     * The two outcomes and the mailboxes paused under one setting and not the other, each list in
     * the order of their first pause.
     */
    public record Comparison(
            long inputs,
            ReplayOutcome current,
            ReplayOutcome candidate,
            List<FleetReplay.FirstPause> onlyCurrent,
            List<FleetReplay.FirstPause> onlyCandidate) {

        public Comparison {
            onlyCurrent = List.copyOf(onlyCurrent);
            onlyCandidate = List.copyOf(onlyCandidate);
        }
    }

    private Replay() {}

    /**
     * Orders a history by record time, keeping the order of inputs of the same time (the order a
     * topic partition holds them in).
     */
    public static void order(List<Input> history) {
        history.sort(Comparator.comparingLong(Input::timestamp));
    }

    /**
     * Replays an ordered history under both settings; once when they are equal, since the rules
     * decide the same on the same history (both receive its status changes).
     *
     * @param end the end of the history: deadlines up to it end, and stopped mailboxes count up to
     *     it
     * @param currentChanges receives the status changes under the settings in force
     * @param candidateChanges receives the status changes under the candidate
     */
    public static Comparison compare(
            List<Input> history,
            long end,
            RuleSettings current,
            RuleSettings candidate,
            Consumer<StatusChange> currentChanges,
            Consumer<StatusChange> candidateChanges) {
        if (current.equals(candidate)) {
            ReplayOutcome outcome =
                    run(history, end, current, currentChanges.andThen(candidateChanges));
            return new Comparison(history.size(), outcome, outcome, List.of(), List.of());
        }
        CompletableFuture<ReplayOutcome> onCandidate =
                CompletableFuture.supplyAsync(() -> run(history, end, candidate, candidateChanges));
        ReplayOutcome onCurrent = run(history, end, current, currentChanges);
        ReplayOutcome other;
        try {
            other = onCandidate.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
        return new Comparison(
                history.size(),
                onCurrent,
                other,
                pausedOnlyIn(onCurrent, other),
                pausedOnlyIn(other, onCurrent));
    }

    /** The outcome of one setting on an ordered history. */
    public static ReplayOutcome run(
            List<Input> history, long end, RuleSettings settings, Consumer<StatusChange> changes) {
        FleetReplay replay = new FleetReplay(settings, changes);
        for (Input input : history) {
            replay.accept(input.timestamp(), input.input());
        }
        replay.advanceTo(end);
        return replay.outcome(end);
    }

    private static List<FleetReplay.FirstPause> pausedOnlyIn(
            ReplayOutcome in, ReplayOutcome notIn) {
        List<FleetReplay.FirstPause> only = new ArrayList<>();
        for (Map.Entry<String, FleetReplay.FirstPause> e : in.firstPauses().entrySet()) {
            if (!notIn.firstPauses().containsKey(e.getKey())) {
                only.add(e.getValue());
            }
        }
        only.sort(
                Comparator.comparingLong(FleetReplay.FirstPause::at)
                        .thenComparing(FleetReplay.FirstPause::mailbox));
        return only;
    }
}
