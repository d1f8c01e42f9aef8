package io.bouncewatch.rules;

/**
 * What one input or the clock did to a recipient of the suppression list.
 *
 * @param state what to keep for the recipient now; null: nothing (delete it)
 * @param written the recipient's entry, new or changed, to publish; null when none is
 * @param removed the entry that left the list, to publish as removed; null when none did
 * @param removal why it left: an operator's command or the end of its time; null with {@code
 *     removed}
 */
public record SuppressionDecision(
        SuppressionState state, Suppression written, Suppression removed, Removal removal) {

    /** Why an entry left the list. */
    public enum Removal {
        OPERATOR,
        EXPIRED
    }

    /** Nothing published; a state with neither an entry nor a counting bounce is none. */
    static SuppressionDecision kept(SuppressionState state) {
        boolean empty = state != null && state.entry() == null && state.soft().isEmpty();
        return new SuppressionDecision(empty ? null : state, null, null, null);
    }

    /** Whether the list itself changed (the entry, not only the counting). */
    public boolean changesList() {
        return written != null || removed != null;
    }
}
