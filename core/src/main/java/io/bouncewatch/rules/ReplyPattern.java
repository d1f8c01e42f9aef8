package io.bouncewatch.rules;

import java.util.List;
import java.util.Objects;

/**
 * One row of the reply table: a bounce whose diagnostic text contains any of the phrases (and, when
 * the row names one, whose enhanced status starts with its prefix) has the row's class. A row that
 * reads the reply as a bad address ({@link Category#LIST}) never matches a temporary (4.x.x)
 * failure: a server that will retry does not say the address is gone. A null MX (RFC 7505) is the
 * exception: it is permanent by definition, whatever status the reporting server gave.
 *
 * @param id stable name of the row, shown as the rule that matched
 * @param bounceClass what a matching reply means
 * @param statusPrefix the start the enhanced status must have, e.g. {@code 4.} or {@code 4.7.28};
 *     null for any
 * @param phrases lower-case phrases, any of which matches; empty when the status alone decides
 */
public record ReplyPattern(
        String id, BounceClass bounceClass, String statusPrefix, List<String> phrases) {

    public ReplyPattern {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(bounceClass, "bounceClass");
        phrases = List.copyOf(phrases);
        if (phrases.isEmpty() && statusPrefix == null) {
            throw new IllegalArgumentException(
                    "row " + id + " matches nothing: give phrases or a status");
        }
    }

    /**
     * A bad address is no temporary failure (but a null MX is permanent, however it was reported).
     */
    static boolean fitsStatus(BounceClass bounceClass, String status) {
        return bounceClass.category() != Category.LIST
                || bounceClass == BounceClass.NO_MAIL_ACCEPTED
                || status == null
                || !status.startsWith("4");
    }

    /**
     * @param text the diagnostic as {@link ReplyText#normalise} leaves it
     * @param status the enhanced status, or null
     */
    boolean matches(String text, String status) {
        if (!fitsStatus(bounceClass, status)) {
            return false;
        }
        if (statusPrefix != null && (status == null || !status.startsWith(statusPrefix))) {
            return false;
        }
        if (phrases.isEmpty()) {
            return true;
        }
        for (String phrase : phrases) {
            if (text.contains(phrase)) {
                return true;
            }
        }
        return false;
    }
}
