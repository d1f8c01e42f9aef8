package io.bouncewatch.rules;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** RFC 3463 enhanced status codes: {@code class.subject.detail}, class 2, 4 or 5. */
public final class EnhancedStatus {

    private static final Pattern CODE =
            Pattern.compile("(?<![\\d.])([245]\\.\\d{1,3}\\.\\d{1,3})(?![\\d.]*\\d)");

    private EnhancedStatus() {}

    /** The code as written, trimmed, when it is one; null otherwise. */
    public static String normalise(String raw) {
        if (raw == null) {
            return null;
        }
        String status = raw.strip();
        return CODE.matcher(status).matches() ? status : null;
    }

    /**
     * The first code in a text, such as the one in {@code 550 5.1.1 user unknown}; null when none.
     */
    public static String find(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        Matcher m = CODE.matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
