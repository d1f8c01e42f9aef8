package io.bouncewatch.classify;

/**
 * Input that cannot be classified: a JSON line that is no valid BounceEvent, or a raw message that
 * cannot be read. Nothing after it is classified.
 */
public final class UnclassifiableInputException extends RuntimeException {

    private final int line;
    private final String reason;

    /**
     * @param line the 1-based line of JSON lines input, or 0 for a raw message
     * @param reason what is wrong
     */
    UnclassifiableInputException(int line, String reason) {
        super(line > 0 ? "line " + line + ": " + reason : reason, null, false, false);
        this.line = line;
        this.reason = reason;
    }

    /** The 1-based line of JSON lines input; 0 for a raw message. */
    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
