package io.bouncewatch.payload;

/** A record that cannot become an event; the message is the reason written to the dead letter. */
public final class MalformedRecordException extends RuntimeException {

    public MalformedRecordException(String reason) {
        super(reason, null, false, false);
    }
}
