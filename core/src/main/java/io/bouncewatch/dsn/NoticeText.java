package io.bouncewatch.dsn;

import io.bouncewatch.rules.SmtpCode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.dom.Header;

/**
 * The human-readable notice of a bounce, up to the returned message: where the MTA names the failed
 * recipients and quotes the remote server's reply, in its own words. Read without knowing the MTA:
 * the failed recipients are the addresses the notice names (or {@code X-Failed-Recipients}, which
 * Exim adds), other than the sender's and the bounce's own (unless no other is named), and each
 * one's diagnostic is the text from its first mention to the next recipient's.
 */
final class NoticeText {

    /** Longest diagnostic kept: the reply is at the start, the rest is the MTA's explanations. */
    static final int MAX_DIAGNOSTIC = 1_000;

    /**
     * Longest notice read: real ones are a few kilobytes; the cap bounds the work on hostile ones.
     */
    static final int MAX_LENGTH = 100_000;

    /** Most recipients read from one notice, for the same reason. */
    static final int MAX_RECIPIENTS = 1_000;

    /**
     * Where MTAs start the returned message inside the notice: their marker line, or the first
     * header line of the returned message itself when they write none.
     */
    private static final Pattern RETURNED_MESSAGE =
            Pattern.compile(
                    "^[ \\t>-]*(?:this is a copy of (?:the|your) message|original message|original mail|"
                            + "returned message|the header of the original|enclosed is a copy|below is a copy|"
                            + "included is a copy|message headers follow|below this line is a copy|"
                            + "a copy of the original message|unsent message below|content-type: message/rfc822|"
                            + "return-path: *<|received: from )",
                    Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

    /** The first line of a delivery-status report's fields. */
    private static final Pattern QUOTED_FIELDS =
            Pattern.compile(
                    "^(?:Reporting-MTA|Original-Recipient|Final-Recipient):",
                    Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

    /** A notice that only warns: the MTA keeps trying. */
    private static final Pattern DELAYED =
            Pattern.compile(
                    "warning message only|has been delayed|has not yet been delivered|will be retried|will retry|"
                            + "attempts will continue|temporary failure report|delivery is delayed|is delayed",
                    Pattern.CASE_INSENSITIVE);

    /**
     * Postfix writes "(in reply to end of DATA command)", Exim "after end of data". (A Sendmail
     * transcript cannot tell: with pipelining, the replies to RCPT come after {@code >>> DATA}.)
     */
    private static final Pattern AT_DATA =
            Pattern.compile(
                    "in reply to end of data command|after end of data", Pattern.CASE_INSENSITIVE);

    /** Exim's "(generated from x)", Postfix's "(expanded from <x>)": an alias, not a recipient. */
    private static final Pattern EXPANDED_FROM =
            Pattern.compile(
                    "\\((?:ultimately )?(?:generated|expanded) from:?\\s*<?[^>)\\s]+",
                    Pattern.CASE_INSENSITIVE);

    private final String text;
    private final String[] lines;
    private final String[] lowerLines;

    private NoticeText(String text) {
        this.text = text;
        this.lines = text.split("\r?\n|\r");
        this.lowerLines = new String[lines.length];
        for (int i = 0; i < lines.length; i++) {
            lowerLines[i] = lines[i].toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The notice of a bounce's text: up to the returned message, and at most {@link #MAX_LENGTH}.
     */
    static NoticeText of(String raw) {
        String text =
                raw == null ? "" : raw.length() > MAX_LENGTH ? raw.substring(0, MAX_LENGTH) : raw;
        Matcher m = RETURNED_MESSAGE.matcher(text);
        return new NoticeText(m.find() ? text.substring(0, m.start()) : text);
    }

    /** Whether a notice or reply says the server answered the end of the message data. */
    static boolean refusedAtData(String text) {
        return AT_DATA.matcher(text).find();
    }

    boolean refusedAtData() {
        return refusedAtData(text);
    }

    /**
     * Delivery-status fields written into the notice itself, from the first of them on: a report
     * whose MIME boundaries are broken, or an MTA that quotes its "technical report" as text
     * (Amazon WorkMail); null when the notice has none.
     */
    String quotedFields() {
        Matcher m = QUOTED_FIELDS.matcher(text);
        return m.find() ? text.substring(m.start()) : null;
    }

    List<RecipientReport> failures(Header header, String mailbox, Header returned) {
        List<String> recipients = new ArrayList<>();
        for (String value : MimeReading.values(header, "X-Failed-Recipients")) {
            recipients.addAll(MimeReading.addresses(value));
        }
        if (recipients.isEmpty()) {
            recipients.addAll(named(header, mailbox, returned));
        }
        if (recipients.isEmpty() && returned != null) {
            recipients.addAll(MimeReading.addresses(MimeReading.value(returned, "To")));
        }
        if (recipients.size() > MAX_RECIPIENTS) {
            recipients = recipients.subList(0, MAX_RECIPIENTS);
        }
        boolean delayed = DELAYED.matcher(text).find();
        List<RecipientReport> out = new ArrayList<>();
        for (String recipient : recipients) {
            out.add(
                    BounceMessageParser.failure(
                            recipient,
                            mailbox,
                            diagnosticFor(recipient, recipients),
                            null,
                            null,
                            delayed,
                            null));
        }
        return out;
    }

    /**
     * The addresses the notice names, but for the sender's, those of the bounce itself and the
     * aliases a recipient was expanded from; of those, the original message's own recipients when
     * it names any (a notice also names its postmaster's contact address).
     */
    private List<String> named(Header header, String mailbox, Header returned) {
        Set<String> own = new LinkedHashSet<>();
        for (String name : List.of("From", "To", "Reply-To", "Sender")) {
            own.addAll(MimeReading.addresses(MimeReading.value(header, name)));
        }
        if (returned != null) {
            own.addAll(MimeReading.addresses(MimeReading.value(returned, "From")));
        }
        if (mailbox != null) {
            own.add(mailbox);
        }
        Matcher alias = EXPANDED_FROM.matcher(text);
        while (alias.find()) {
            own.addAll(MimeReading.addresses(alias.group()));
        }
        List<String> all = MimeReading.addresses(text);
        List<String> out = new ArrayList<>();
        for (String address : all) {
            if (!own.contains(address)) {
                out.add(address);
            }
        }
        if (out.isEmpty()) {
            // Someone who mailed himself: only the bounce's own sender is surely not a recipient.
            all.removeAll(MimeReading.addresses(MimeReading.value(header, "From")));
            return all;
        }
        if (returned != null) {
            List<String> original = new ArrayList<>();
            for (String name : List.of("To", "Cc")) {
                original.addAll(MimeReading.addresses(MimeReading.value(returned, name)));
            }
            List<String> originalNamed = out.stream().filter(original::contains).toList();
            if (!originalNamed.isEmpty()) {
                return originalNamed;
            }
        }
        return out;
    }

    /**
     * What the notice says about one recipient: from the line that first names it to the next line
     * that names another, when that quotes a reply (an SMTP code) or other recipients have their
     * own blocks; otherwise the whole notice, for notices that give the reason before the address
     * or once for all. Null for an empty notice.
     *
     * @param recipients every recipient of the notice, this one included
     */
    String diagnosticFor(String recipient, List<String> recipients) {
        if (text.isBlank()) {
            return null;
        }
        int start = recipient == null ? -1 : nextLineNaming(recipient, 0);
        if (start >= 0) {
            int end = lines.length;
            for (int i = start + 1; i < lines.length && end == lines.length; i++) {
                for (String other : recipients) {
                    if (!other.equals(recipient) && lowerLines[i].contains(other)) {
                        end = i;
                        break;
                    }
                }
            }
            String block = join(start, end);
            if (recipients.size() > 1 || SmtpCode.find(block) != null) {
                return block;
            }
        }
        return join(0, lines.length);
    }

    private int nextLineNaming(String address, int from) {
        for (int i = from; i < lines.length; i++) {
            if (lowerLines[i].contains(address)) {
                return i;
            }
        }
        return -1;
    }

    /** The lines, stripped, one space apart, at most {@link #MAX_DIAGNOSTIC} characters. */
    private String join(int from, int to) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < to && out.length() < MAX_DIAGNOSTIC; i++) {
            String line = lines[i].strip();
            if (!line.isEmpty()) {
                out.append(out.length() == 0 ? "" : " ").append(line);
            }
        }
        return out.length() <= MAX_DIAGNOSTIC ? out.toString() : out.substring(0, MAX_DIAGNOSTIC);
    }
}
