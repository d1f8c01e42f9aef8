package io.bouncewatch.dsn;

import io.bouncewatch.rules.BounceClass;
import io.bouncewatch.rules.BounceFacts;
import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.EnhancedStatus;
import io.bouncewatch.rules.SmtpCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Header;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;

/**
 * Reads a raw message (RFC 5322) into one {@link RecipientReport} per recipient:
 *
 * <ul>
 *   <li>a feedback report ({@code multipart/report; report-type=feedback-report}, RFC 5965): a
 *       complaint per {@code Original-Rcpt-To};
 *   <li>a delivery-status report (RFC 3464): a failure per failed or delayed recipient, a delivery
 *       notice per delivered, relayed or expanded one;
 *   <li>a bounce in an MTA's own words (qmail, Exim, Sendmail, Exchange, ...): a failure per
 *       recipient found in the notice, with the reply quoted there;
 *   <li>an Amazon SES notification received by email (JSON): its bounces, complaints or deliveries;
 *   <li>a bounce forwarded as text inside another: the inner bounce's reports;
 *   <li>an auto-reply, or any other message: one {@link RecipientReport.Ignored}.
 * </ul>
 *
 * The mailbox of every report is the original sender: the bounce's {@code To:} (the envelope sender
 * of the returned message, to which the MTA addressed it), else its envelope recipient as the
 * delivering server recorded it ({@code X-Original-To}, {@code Envelope-To}), else the sender in
 * the returned headers. {@code To:} comes first because some MTAs (DragonFly) put the failed
 * recipient in {@code X-Original-To}. Nothing escapes: a message that is too large or not a mail
 * message is {@link ParsedMessage.Rejected} with the reason. Thread-safe.
 */
public final class BounceMessageParser {

    /**
     * The limit the monitor uses unless told otherwise: a bounce with its returned message fits.
     */
    public static final int DEFAULT_MAX_BYTES = 1024 * 1024;

    /** Who sends bounces: the MTAs' daemons, postmasters, Exchange's own sender. */
    private static final Pattern BOUNCE_SENDER =
            Pattern.compile(
                    "mailer-daemon|postmaster|mail delivery|mail\\.delivery|maildelivery|microsoftexchange",
                    Pattern.CASE_INSENSITIVE);

    /** What bounces are called in their subject, in the languages MTAs most often write them. */
    private static final Pattern BOUNCE_SUBJECT =
            Pattern.compile(
                    "undeliver|delivery status notification|failure notice|returned mail|mail delivery failed|"
                            + "delivery fail|failed delivery|failure delivery|returned to sender|mail system error|"
                            + "delivery has failed|error sending your mail|non[- ]?deliver|delivery problem|"
                            + "mail failure|could not be delivered|delivery report|unzustellbar|non remis|onbestelbaar|"
                            + "no se puede entregar|non recapitabile|配信エラー|メールエラー|送信エラー|配信不能",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** What auto-responders put first in the subject, in the languages they most often write. */
    private static final Pattern AUTO_REPLY_SUBJECT =
            Pattern.compile(
                    "^(auto(matic)?[ -]?(reply|response)|autoreply|auto:|out of (the )?office|vacation|abwesenheit|"
                            + "automatische antwort|automatisch antwoord|r[ée]ponse automatique|risposta automatica|"
                            + "respuesta autom[áa]tica|resposta autom[áa]tica|fuera de la oficina|autosvar)",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /**
     * Where a forwarded bounce starts inside a text: its mbox separator or its null return path.
     */
    private static final Pattern FORWARDED_BOUNCE =
            Pattern.compile(
                    "^(From MAILER-DAEMON |Return-Path: <>\\s*$)",
                    Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);

    /** A tag; without a nested {@code <}, so that a run of them costs linear time. */
    private static final Pattern HTML_TAG = Pattern.compile("<[^<>]*>");

    /** Folded header lines and wrapped notices: one space is enough in a diagnostic. */
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");

    private final int maxBytes;

    public BounceMessageParser() {
        this(DEFAULT_MAX_BYTES);
    }

    /**
     * @param maxBytes the largest message read; larger ones are rejected unread
     */
    public BounceMessageParser(int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, not " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    public ParsedMessage parse(byte[] raw) {
        if (raw == null || raw.length == 0) {
            return new ParsedMessage.Rejected("empty message");
        }
        if (raw.length > maxBytes) {
            return new ParsedMessage.Rejected(
                    "message of "
                            + raw.length
                            + " bytes is larger than the limit of "
                            + maxBytes
                            + " bytes");
        }
        try {
            Message message = MimeReading.parse(raw);
            if (!isMailMessage(message.getHeader())) {
                return new ParsedMessage.Rejected(
                        "not a mail message: no From, To, Subject or Content-Type header");
            }
            String messageId = MimeReading.value(message.getHeader(), "Message-ID");
            return new ParsedMessage.Reports(
                    read(message, true),
                    messageId == null || messageId.isEmpty() ? null : messageId);
        } catch (IOException | MimeException | RuntimeException e) {
            return new ParsedMessage.Rejected("unreadable MIME message: " + e.getMessage());
        } catch (StackOverflowError e) {
            // A structure deep enough to exhaust a library's recursion must not stop the stream
            // thread.
            return new ParsedMessage.Rejected("unreadable MIME message: structure too deep");
        }
    }

    private static boolean isMailMessage(Header header) {
        return header != null
                && (header.getField("From") != null
                        || header.getField("To") != null
                        || header.getField("Subject") != null
                        || header.getField("Content-Type") != null);
    }

    /**
     * @param nested whether a bounce forwarded inside this one's text may be read (once: a bounce
     *     quoting a bounce is real, deeper nesting is not)
     */
    private List<RecipientReport> read(Message message, boolean nested)
            throws IOException, MimeException {
        Parts parts = new Parts();
        parts.collect(message, true);
        Header returned = parts.returnedHeader();
        String mailbox = originalSender(message, returned);

        if (parts.feedbackReport != null) {
            List<RecipientReport> complaints = complaints(parts, message, returned);
            if (!complaints.isEmpty()) {
                return complaints;
            }
        }
        NoticeText notice = NoticeText.of(parts.noticeText());
        String deliveryStatus =
                parts.deliveryStatus != null ? parts.deliveryStatus : notice.quotedFields();
        if (deliveryStatus != null) {
            List<RecipientReport> reports = DeliveryStatus.reports(deliveryStatus, mailbox, notice);
            if (!reports.isEmpty()) {
                return reports;
            }
        }
        List<RecipientReport> notification = SesNotification.reports(parts.noticeText(), mailbox);
        if (!notification.isEmpty()) {
            return notification;
        }
        Header header = message.getHeader();
        boolean autoReply = isAutoReply(header);
        if (looksLikeBounce(header) || (returned != null && !autoReply)) {
            if (nested) {
                List<RecipientReport> forwarded = forwardedBounce(parts.noticeText(), mailbox);
                if (!forwarded.isEmpty()) {
                    return forwarded;
                }
            }
            List<RecipientReport> failures = notice.failures(header, mailbox, returned);
            if (!failures.isEmpty()) {
                return failures;
            }
        }
        String from = MimeReading.firstAddress(MimeReading.value(header, "From"));
        BounceClass kind = autoReply ? BounceClass.AUTO_REPLY : BounceClass.NOT_A_BOUNCE;
        return List.of(new RecipientReport.Ignored(from, mailbox, kind));
    }

    /**
     * A bounce that an administrator's mailbox forwarded as plain text (from its {@code From
     * MAILER-DAEMON} or {@code Return-Path: <>} line on), read as a message of its own; its reports
     * keep the outer mailbox when they name none.
     */
    private List<RecipientReport> forwardedBounce(String text, String mailbox)
            throws IOException, MimeException {
        Matcher start = FORWARDED_BOUNCE.matcher(text);
        if (!start.find()) {
            return List.of();
        }
        Message inner =
                MimeReading.parse(text.substring(start.start()).getBytes(StandardCharsets.UTF_8));
        if (!isMailMessage(inner.getHeader())) {
            return List.of();
        }
        List<RecipientReport> out = new ArrayList<>();
        for (RecipientReport report : read(inner, false)) {
            if (!(report instanceof RecipientReport.Failure failure)) {
                return List.of();
            }
            out.add(
                    failure.mailbox() != null
                            ? failure
                            : new RecipientReport.Failure(
                                    failure.recipient(), mailbox, failure.facts()));
        }
        return out;
    }

    private static List<RecipientReport> complaints(Parts parts, Message message, Header returned)
            throws IOException, MimeException {
        Header fields = MimeReading.parseHeader(DeliveryStatus.firstBlock(parts.feedbackReport));
        String feedbackType = MimeReading.value(fields, "Feedback-Type");
        String mailbox = MimeReading.firstAddress(MimeReading.value(fields, "Original-Mail-From"));
        if (mailbox == null && returned != null) {
            mailbox = MimeReading.firstAddress(MimeReading.value(returned, "From"));
        }
        if (mailbox == null) {
            mailbox = MimeReading.firstAddress(MimeReading.value(message.getHeader(), "To"));
        }
        List<String> recipients = new ArrayList<>();
        for (String value : MimeReading.values(fields, "Original-Rcpt-To")) {
            recipients.addAll(MimeReading.addresses(value));
        }
        if (recipients.isEmpty()) {
            for (String value : MimeReading.values(fields, "Removal-Recipient")) {
                recipients.addAll(MimeReading.addresses(value));
            }
        }
        if (recipients.isEmpty() && returned != null) {
            recipients.addAll(MimeReading.addresses(MimeReading.value(returned, "To")));
        }
        List<RecipientReport> out = new ArrayList<>();
        for (String recipient : recipients) {
            out.add(new RecipientReport.Complaint(recipient, mailbox, feedbackType));
        }
        if (out.isEmpty()) {
            out.add(new RecipientReport.Complaint(null, mailbox, feedbackType));
        }
        return out;
    }

    /** The bounce's To:, else its envelope recipient, else the sender of the returned message. */
    private static String originalSender(Message message, Header returned) {
        Header header = message.getHeader();
        for (String name : List.of("To", "X-Original-To", "Envelope-To")) {
            String address = MimeReading.firstAddress(MimeReading.value(header, name));
            if (address != null) {
                return address;
            }
        }
        if (returned != null) {
            for (String name : List.of("From", "Return-Path", "Sender")) {
                String address = MimeReading.firstAddress(MimeReading.value(returned, name));
                if (address != null) {
                    return address;
                }
            }
        }
        return null;
    }

    private static boolean looksLikeBounce(Header header) {
        if (header.getField("X-Failed-Recipients") != null) {
            return true;
        }
        String from = MimeReading.value(header, "From");
        String subject = MimeReading.value(header, "Subject");
        return (from != null && BOUNCE_SENDER.matcher(from).find())
                || (subject != null && BOUNCE_SUBJECT.matcher(subject).find());
    }

    /** RFC 3834 and the headers the common auto-responders add instead. */
    private static boolean isAutoReply(Header header) {
        String autoSubmitted = MimeReading.value(header, "Auto-Submitted");
        if (autoSubmitted != null
                && autoSubmitted.toLowerCase(Locale.ROOT).startsWith("auto-replied")) {
            return true;
        }
        if (header.getField("X-Autoreply") != null
                || header.getField("X-Autorespond") != null
                || "auto_reply".equalsIgnoreCase(MimeReading.value(header, "Precedence"))) {
            return true;
        }
        String subject = MimeReading.value(header, "Subject");
        return subject != null && AUTO_REPLY_SUBJECT.matcher(subject).find();
    }

    /**
     * The parts of the message that matter, found by walking it without entering returned messages.
     */
    private static final class Parts {
        String feedbackReport;
        String deliveryStatus;
        String plainText;
        String htmlText;
        Entity returnedMessage;
        String returnedHeaders;

        void collect(Entity entity, boolean top) throws IOException {
            String type =
                    entity.getMimeType() == null
                            ? ""
                            : entity.getMimeType().toLowerCase(Locale.ROOT);
            if (entity.getBody() instanceof Multipart multipart) {
                for (Entity part : multipart.getBodyParts()) {
                    collect(part, false);
                }
                if (multipart.getBodyParts().isEmpty() && plainText == null) {
                    // A boundary that never occurs (a hand-edited or truncated bounce): all is
                    // preamble.
                    plainText = multipart.getPreamble();
                }
                return;
            }
            if (!top && MimeReading.isMessage(entity)) {
                if (returnedMessage == null) {
                    returnedMessage = entity;
                }
                return;
            }
            // By prefix: a malformed Content-Type ("text/plain charset=...", no semicolon) keeps
            // its type.
            if (type.startsWith("message/feedback-report")) {
                feedbackReport = first(feedbackReport, entity);
            } else if (type.startsWith("message/delivery-status")
                    || type.startsWith("message/global-delivery-status")) {
                deliveryStatus = first(deliveryStatus, entity);
            } else if (type.startsWith("text/rfc822-headers")
                    || type.startsWith("message/rfc822-headers")
                    || type.startsWith("message/global-headers")) {
                returnedHeaders = first(returnedHeaders, entity);
            } else if (type.startsWith("text/plain")) {
                plainText = first(plainText, entity);
            } else if (type.startsWith("text/html")) {
                htmlText = first(htmlText, entity);
            } else if (top && type.startsWith("text/")) {
                plainText = first(plainText, entity);
            }
        }

        private static String first(String found, Entity entity) throws IOException {
            return found != null ? found : MimeReading.text(entity);
        }

        String noticeText() {
            if (plainText != null) {
                return plainText;
            }
            return htmlText == null
                    ? ""
                    : HTML_TAG.matcher(htmlText)
                            .replaceAll(" ")
                            .replace("&nbsp;", " ")
                            .replace("&lt;", "<")
                            .replace("&gt;", ">")
                            .replace("&amp;", "&");
        }

        Header returnedHeader() throws IOException, MimeException {
            if (returnedMessage != null) {
                return ((Message) returnedMessage.getBody()).getHeader();
            }
            if (returnedHeaders != null) {
                return MimeReading.parseHeader(returnedHeaders.strip());
            }
            return null;
        }
    }

    /**
     * The type a report states, else the one its codes imply; a bounce that says nothing failed for
     * good.
     */
    static BounceType type(boolean delayed, String status, Integer smtpCode) {
        if (delayed) {
            return BounceType.SOFT;
        }
        if (status != null) {
            return status.startsWith("4") ? BounceType.SOFT : BounceType.HARD;
        }
        return smtpCode != null && smtpCode >= 400 && smtpCode < 500
                ? BounceType.SOFT
                : BounceType.HARD;
    }

    /** A failure report from what is known of one recipient. */
    static RecipientReport failure(
            String recipient,
            String mailbox,
            String diagnostic,
            String status,
            Integer smtpCode,
            boolean delayed,
            String remoteMta) {
        if (diagnostic != null) {
            String capped =
                    diagnostic.length() > NoticeText.MAX_DIAGNOSTIC
                            ? diagnostic.substring(0, NoticeText.MAX_DIAGNOSTIC)
                            : diagnostic;
            diagnostic = WHITE_SPACE.matcher(capped.strip()).replaceAll(" ");
        }
        String enhanced = EnhancedStatus.normalise(status);
        if (enhanced == null) {
            enhanced = EnhancedStatus.find(diagnostic);
        }
        Integer code = smtpCode != null ? smtpCode : SmtpCode.find(diagnostic);
        BounceFacts facts =
                BounceFacts.ofReply(
                        recipient,
                        diagnostic,
                        enhanced,
                        code,
                        type(delayed, enhanced, code),
                        remoteMta);
        return new RecipientReport.Failure(recipient, mailbox, facts);
    }
}
