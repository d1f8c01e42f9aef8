package io.bouncewatch.dsn;

import io.bouncewatch.rules.BounceClass;
import io.bouncewatch.rules.EnhancedStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.dom.Header;

/**
 * The machine-readable part of a delivery-status report (RFC 3464 section 2): a block of
 * per-message fields, then one block per recipient, separated by blank lines, each block written
 * like a message header.
 */
final class DeliveryStatus {

    private DeliveryStatus() {}

    static List<RecipientReport> reports(String fields, String mailbox, NoticeText notice)
            throws IOException, MimeException {
        List<RecipientReport> out = new ArrayList<>();
        for (String block : blocks(fields)) {
            if (out.size() == NoticeText.MAX_RECIPIENTS) {
                break;
            }
            Header header = MimeReading.parseHeader(block);
            String recipient = address(header, "Final-Recipient");
            if (recipient == null) {
                recipient = address(header, "Original-Recipient");
            }
            String action = lower(MimeReading.value(header, "Action"));
            if (recipient == null && action == null) {
                continue; // the per-message block, or one with nothing to say
            }
            if (action != null
                    && (action.startsWith("delivered")
                            || action.startsWith("relayed")
                            || action.startsWith("expanded"))) {
                out.add(
                        new RecipientReport.Ignored(
                                recipient, mailbox, BounceClass.DELIVERY_NOTICE));
                continue;
            }
            String diagnostic = withoutType(MimeReading.value(header, "Diagnostic-Code"));
            if (diagnostic == null || diagnostic.isBlank()) {
                diagnostic = notice.diagnosticFor(recipient, List.of());
            } else if (notice.refusedAtData()
                    && !NoticeText.refusedAtData(diagnostic)
                    && NoticeText.refusedAtData(notice.diagnosticFor(recipient, List.of()))) {
                // The field quotes the reply, the notice says when it came: at the end of the data,
                // a refusal of the message rather than of the address.
                diagnostic = diagnostic + " (in reply to end of DATA command)";
            }
            String status = EnhancedStatus.find(MimeReading.value(header, "Status"));
            boolean delayed = action != null && action.startsWith("delayed");
            out.add(
                    BounceMessageParser.failure(
                            recipient,
                            mailbox,
                            diagnostic,
                            status,
                            null,
                            delayed,
                            withoutType(MimeReading.value(header, "Remote-MTA"))));
        }
        return out;
    }

    /** The first block of fields, as a feedback report has only one. */
    static String firstBlock(String fields) {
        List<String> blocks = blocks(fields);
        return blocks.isEmpty() ? "" : blocks.get(0);
    }

    /**
     * The blocks of fields. Some MTAs (AOL) leave out the blank lines between recipients: a second
     * {@code Final-Recipient} or {@code Original-Recipient} starts the next recipient's block all
     * the same.
     */
    private static List<String> blocks(String fields) {
        List<String> out = new ArrayList<>();
        StringBuilder block = new StringBuilder();
        boolean hasFinal = false;
        boolean hasOriginal = false;
        for (String line : fields.split("\r?\n|\r")) {
            String name = line.toLowerCase(Locale.ROOT);
            boolean startsRecipient =
                    (name.startsWith("final-recipient:") && hasFinal)
                            || (name.startsWith("original-recipient:") && hasOriginal);
            if (line.isBlank() || startsRecipient) {
                if (block.length() > 0) {
                    out.add(block.toString());
                    block.setLength(0);
                }
                hasFinal = false;
                hasOriginal = false;
            }
            if (!line.isBlank()) {
                block.append(line).append("\r\n");
                hasFinal |= name.startsWith("final-recipient:");
                hasOriginal |= name.startsWith("original-recipient:");
            }
        }
        if (block.length() > 0) {
            out.add(block.toString());
        }
        return out;
    }

    /** An address field such as {@code rfc822; bob@example.com}. */
    private static String address(Header header, String name) {
        return MimeReading.firstAddress(withoutType(MimeReading.value(header, name)));
    }

    /** A typed field's value without its type: {@code smtp; 550 ...} is {@code 550 ...}. */
    private static String withoutType(String value) {
        if (value == null) {
            return null;
        }
        int semicolon = value.indexOf(';');
        if (semicolon > 0
                && semicolon < 20
                && value.substring(0, semicolon).strip().matches("[A-Za-z0-9-]+")) {
            return value.substring(semicolon + 1).strip();
        }
        return value.strip();
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }
}
