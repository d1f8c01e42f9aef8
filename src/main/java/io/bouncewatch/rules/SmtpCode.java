package io.bouncewatch.rules;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** SMTP reply codes (RFC 5321): three digits, 2xx to 5xx. */
public final class SmtpCode {

    /** A reply code starts a reply line: followed by a space, a dash (a continued reply) or the end. */
    private static final Pattern CODE = Pattern.compile("(?<![\\w.\\[])([245][0-5]\\d)(?=[ \\-]|$)", Pattern.MULTILINE);

    private SmtpCode() {
    }

    /** The first reply code in a text such as {@code host said: 550 5.1.1 user unknown}; null when none. */
    public static Integer find(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        Matcher m = CODE.matcher(text);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }
}
