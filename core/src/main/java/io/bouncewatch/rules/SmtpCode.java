package io.bouncewatch.rules;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** SMTP reply codes (RFC 5321): three digits, 2xx to 5xx. */
public final class SmtpCode {

    /**
     * A reply code starts a reply line: followed by a space, a dash (a continued reply) or the end.
     */
    private static final Pattern CODE =
            Pattern.compile("(?<![\\w.\\[])([245][0-5]\\d)(?=[ \\-]|$)", Pattern.MULTILINE);

    private SmtpCode() {}

    /**
     * The reply code of a text such as {@code host said: 550 5.1.1 user unknown}: its first failure
     * code (4xx, 5xx), which comes after any greeting the text quotes ({@code 220-mx ...}), else
     * its first code; null when none.
     */
    public static Integer find(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        Matcher m = CODE.matcher(text);
        Integer first = null;
        while (m.find()) {
            int code = Integer.parseInt(m.group(1));
            if (code >= 400) {
                return code;
            }
            if (first == null) {
                first = code;
            }
        }
        return first;
    }
}
