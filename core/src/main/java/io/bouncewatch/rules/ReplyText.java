package io.bouncewatch.rules;

import java.util.Locale;

/**
 * The diagnostic text in the one form the reply table is written for: lower case, every run of
 * white space one space, no addresses, and links cut to their host. Addresses and the paths of
 * links say nothing about the failure and often contain words that do ({@code spam-trap@...},
 * {@code .../reason/#mailboxfull}); a token such as {@code from:<a@b>} keeps its {@code from:}, and
 * a link keeps its host ({@code www.spamhaus.org}), which does tell.
 */
final class ReplyText {

    /**
     * Longer diagnostics are quoted mail or HTML; the reply itself is at the start. The cap also
     * bounds the classifier's work on any input.
     */
    static final int MAX_LENGTH = 2_000;

    private ReplyText() {}

    /**
     * The host of a link: {@code www.spamhaus.org} says something, the path and query seldom do.
     */
    private static String host(String link) {
        int start = link.indexOf("://") + 3;
        int end = start;
        while (end < link.length()
                && link.charAt(end) != '/'
                && link.charAt(end) != '?'
                && link.charAt(end) != '#') {
            end++;
        }
        return link.substring(start, end);
    }

    static String normalise(String diagnostic) {
        if (diagnostic == null || diagnostic.isEmpty()) {
            return "";
        }
        String text =
                (diagnostic.length() > MAX_LENGTH
                                ? diagnostic.substring(0, MAX_LENGTH)
                                : diagnostic)
                        .toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(text.length() + 2);
        out.append(' ');
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (start == i) {
                break;
            }
            String token = text.substring(start, i);
            if (token.indexOf('@') >= 0) {
                int angle = token.indexOf('<');
                token = angle > 0 ? token.substring(0, angle) : "";
            } else if (token.contains("://")) {
                token = host(token);
            }
            if (!token.isEmpty()) {
                out.append(token).append(' ');
            }
        }
        return out.toString();
    }
}
