package io.bouncewatch.runtime;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads: every identifier used as a selector, bare or before
 * its label matchers, leaving out functions and aggregations (followed by a parenthesis), keywords,
 * label names, strings, durations and Grafana's variables. Enough for the expressions of our
 * dashboard and alert rules; not a parser.
 */
final class PromQl {

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LIST =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern OFFSET = Pattern.compile("\\boffset\\s+-?[0-9a-z]+");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS =
            Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");

    private PromQl() {}

    static Set<String> metricNames(String expr) {
        String s = STRING.matcher(expr).replaceAll(" ");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = RANGE.matcher(s).replaceAll(" ");
        s = LABEL_LIST.matcher(s).replaceAll(" ");
        s = OFFSET.matcher(s).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            char before = m.start() == 0 ? ' ' : s.charAt(m.start() - 1);
            // A number's exponent (1e3) or a variable ($instance) is no name.
            if (Character.isDigit(before) || before == '.' || before == '$') {
                continue;
            }
            if (KEYWORDS.contains(m.group())
                    || s.substring(m.end()).stripLeading().startsWith("(")) {
                continue;
            }
            names.add(m.group());
        }
        return names;
    }
}
