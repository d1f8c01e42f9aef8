package io.bouncewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.MailboxEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostfixLinesTest {

    private static PostfixLine.Read read(String value) {
        return PostfixLines.read(value.getBytes(StandardCharsets.UTF_8));
    }

    private static PostfixLine line(String value) {
        PostfixLine.Read read = read(value);
        assertThat(read).as(value).isInstanceOf(PostfixLine.Read.Line.class);
        return ((PostfixLine.Read.Line) read).line();
    }

    @Test
    void linodesLogHasTheSenderTheOutcomeAndTheRemovalOfEachQueueId() {
        List<PostfixLine> lines =
                Fixtures.lines("postfix/linode-sent.log").stream()
                        .map(PostfixLinesTest::read)
                        .filter(PostfixLine.Read.Line.class::isInstance)
                        .map(r -> ((PostfixLine.Read.Line) r).line())
                        .toList();

        assertThat(lines)
                .containsExactly(
                        new PostfixLine.Sender("host", "2BD192839B", "support@linode.com", 1),
                        new PostfixLine.Outcome(
                                "host",
                                "2BD192839B",
                                "email1@example.com",
                                "sent",
                                "2.0.0",
                                "host.example.com",
                                "250 2.0.0 <email1@example.com> 5GjrDafYTFE7WAAABf1gKA Saved"),
                        new PostfixLine.Removed("host", "2BD192839B"),
                        new PostfixLine.Sender("host", "AA10A2839B", "email1@example.com", 1),
                        new PostfixLine.Outcome(
                                "host",
                                "AA10A2839B",
                                "support@linode.com",
                                "sent",
                                "2.0.0",
                                "mail1.linode.com",
                                "250 2.0.0 Ok: queued as C4232266C9"),
                        new PostfixLine.Removed("host", "AA10A2839B"));
        assertThat(lines.get(0).key()).isEqualTo("host/2BD192839B");
    }

    @Test
    void aBouncedVirtualDeliveryHasItsReplyAndNoRemoteHost() {
        assertThat(line(Fixtures.lines("postfix/forum-bounced.log").get(4)))
                .isEqualTo(
                        new PostfixLine.Outcome(
                                "vmail",
                                "3372E982BC",
                                "bob/@domain.com",
                                "bounced",
                                "5.1.1",
                                null,
                                "unknown user: \"bob/@domain.com\""));
        assertThat(line(Fixtures.lines("postfix/forum-bounced.log").get(6)))
                .as("Postfix's own bounce notice comes from the null sender")
                .isEqualTo(new PostfixLine.Sender("vmail", "09ABB982BE", null, 1));
    }

    @Test
    void aRemoteReplyLosesPostfixsWordsAroundIt() {
        PostfixLine.Outcome deferred =
                (PostfixLine.Outcome) line(Fixtures.lines("postfix/forum-deferred.log").get(1));

        assertThat(deferred.status()).isEqualTo("deferred");
        assertThat(deferred.relay()).isEqualTo("mx2.mail.tw.yahoo.com");
        assertThat(deferred.dsn()).isEqualTo("4.7.0");
        assertThat(deferred.reply())
                .startsWith("host mx2.mail.tw.yahoo.com[203.188.197.9] refused to talk to me: 421")
                .contains("[TS01]");
        PostfixLine.Outcome said =
                (PostfixLine.Outcome)
                        line(
                                "Feb 20 14:00:00 mail postfix/smtp[54321]: DEF456: to=<Bad@Example.com>,"
                                        + " relay=mail.example.com[1.2.3.4]:25, delay=0.5,"
                                        + " delays=0.1/0/0.1/0.3, dsn=5.1.1, status=bounced (host"
                                        + " mail.example.com[1.2.3.4] said: 550 5.1.1 User unknown (in"
                                        + " reply to RCPT TO command))");
        assertThat(said.reply()).isEqualTo("550 5.1.1 User unknown");
        assertThat(said.recipient()).isEqualTo("bad@example.com");
    }

    @Test
    void linesWithoutAQueueIdOrOfOtherProgramsAreIgnored() {
        List<String> lines = Fixtures.lines("postfix/forum-deferred.log");
        assertThat(read(lines.get(2))).isInstanceOf(PostfixLine.Read.Ignored.class);
        assertThat(read(lines.get(3))).isInstanceOf(PostfixLine.Read.Ignored.class);
        assertThat(read(Fixtures.lines("postfix/linode-sent.log").get(5)))
                .isInstanceOf(PostfixLine.Read.Ignored.class);
        assertThat(read(Fixtures.lines("postfix/linode-sent.log").get(2)))
                .as("cleanup's message-id: the join keys by host and queue id")
                .isInstanceOf(PostfixLine.Read.Ignored.class);
        assertThat(read("")).isInstanceOf(PostfixLine.Read.Ignored.class);
        assertThat(read("{not json")).isInstanceOf(PostfixLine.Read.Ignored.class);
    }

    @Test
    void aDeliveryLineWithoutStatusIsMalformedSayingSo() {
        PostfixLine.Read read =
                read(
                        "Mar 22 18:20:29 host postfix/smtp[22601]: AA10A2839B:"
                                + " to=<support@linode.com>, relay=mail1.linode.com[96.126.108.55]:25");

        assertThat(read)
                .isEqualTo(
                        new PostfixLine.Read.Malformed(
                                "a Postfix delivery line of queue id AA10A2839B for"
                                        + " <support@linode.com> without status="));
    }

    @Test
    void qmgrGivingAMessageUpIsAnExpiryOfItsSender() {
        assertThat(
                        line(
                                "Dec 28 13:39:28 mx postfix/qmgr[22753]: C93CEB08A046:"
                                        + " from=<Ina@Somedomain.com>, status=expired, returned to"
                                        + " sender"))
                .isEqualTo(new PostfixLine.Expired("mx", "C93CEB08A046", "ina@somedomain.com"));
        assertThat(
                        line(
                                "Dec 28 13:39:28 mx postfix/qmgr[22753]: 9C169364A: from=<>,"
                                        + " status=expired, returned to sender"))
                .isEqualTo(new PostfixLine.Expired("mx", "9C169364A", null));
    }

    @Test
    void aSoftBounceOfSoftBounceYesIsADeferralNotAMalformedLine() {
        // With soft_bounce=yes Postfix logs status=SOFTBOUNCE and keeps the message queued.
        PostfixLine.Outcome soft =
                (PostfixLine.Outcome)
                        line(
                                "Mar 18 20:49:43 server1 postfix/smtp[10076]: 4BAF83CC22D:"
                                        + " to=<ebenezer.b@example.com>,"
                                        + " relay=smtp-gate.example.com[192.0.2.11]:25,"
                                        + " delay=10869, delays=10832/36/0.78/0.12, dsn=4.0.0,"
                                        + " status=SOFTBOUNCE (host"
                                        + " smtp-gate.example.com[192.0.2.11] said: 553 sorry,"
                                        + " this recipient is not in my validrcptto list (#5.7.1)"
                                        + " (in reply to RCPT TO command))");

        assertThat(soft.status()).isEqualTo("deferred");
        assertThat(soft.dsn()).isEqualTo("4.0.0");
        assertThat(soft.reply()).startsWith("553 sorry");
    }

    @Test
    void aSenderThatIsNoAddressIsMalformed() {
        assertThat(
                        read(
                                "Mar 22 18:20:29 host postfix/qmgr[15878]: AA10A2839B: from=<root>,"
                                        + " size=920, nrcpt=1 (queue active)"))
                .isInstanceOf(PostfixLine.Read.Malformed.class);
    }

    /** The program of each line of grok-patterns.log, as its source names the pattern. */
    private static final List<String> GROK_PROGRAMS =
            List.of(
                    "qmgr", "pipe", "qmgr", "pipe", "smtp", "lmtp", "local", "local", "error",
                    "error", "smtp");

    /** A line of grok-patterns.log as Vector's syslog source ships it: the program apart. */
    private static PostfixLine.Read grok(int index) {
        String text = Fixtures.lines("postfix/grok-patterns.log").get(index);
        return read(
                "{\"hostname\":\"mx1\",\"appname\":\"postfix/"
                        + GROK_PROGRAMS.get(index)
                        + "\",\"procid\":4711,\"message\":"
                        + quoted(text)
                        + "}");
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Test
    void everyDeliveryAgentsLineIsAnOutcomeWithItsRecipientAndOriginalRecipientApart() {
        assertThat(((PostfixLine.Read.Line) grok(0)).line())
                .isEqualTo(
                        new PostfixLine.Sender(
                                "mx1", "0F5383D", "owner-postfix-users@postfix.org", 1));
        assertThat(((PostfixLine.Read.Line) grok(1)).line())
                .isEqualTo(
                        new PostfixLine.Outcome(
                                "mx1",
                                "0F5383D",
                                "tom@example.com",
                                "sent",
                                "2.0.0",
                                null,
                                "delivered via dovecot service"));
        assertThat(((PostfixLine.Read.Line) grok(2)).line())
                .isEqualTo(new PostfixLine.Removed("mx1", "0F5383D"));
        PostfixLine.Outcome forwarded =
                (PostfixLine.Outcome) ((PostfixLine.Read.Line) grok(4)).line();
        assertThat(forwarded.recipient())
                .as("orig_to= is the address before aliasing: the outcome is the final one's")
                .isEqualTo("jos@example.com");
        assertThat(forwarded.relay()).isEqualTo("mail1.example.net");
        PostfixLine.Outcome lmtp = (PostfixLine.Outcome) ((PostfixLine.Read.Line) grok(5)).line();
        assertThat(lmtp.status()).isEqualTo("sent");
        assertThat(lmtp.reply()).isEqualTo("250 2.0.0 Ok: queued as 153053D");
    }

    @Test
    void localDeliveriesThatWriteTheRecipientWithoutBracketsAreOutcomesToo() {
        assertThat(((PostfixLine.Read.Line) grok(6)).line())
                .isEqualTo(
                        new PostfixLine.Outcome(
                                "mx1",
                                "2A22C263F6",
                                "user@hostname.example.com",
                                "sent",
                                "2.0.0",
                                null,
                                "delivered to command: procmail -a \"$EXTENSION\""));
        assertThat(((PostfixLine.Read.Line) grok(7)).line())
                .isEqualTo(
                        new PostfixLine.Outcome(
                                "mx1",
                                "892A0205B6",
                                "ghdsgfhdslfh@localhost",
                                "bounced",
                                "5.1.1",
                                null,
                                "unknown user: \"ghdsgfhdslfh\""));
    }

    @Test
    void aLocalUnknownUserBecomesAHardListBounceOfItsSender() {
        PostfixLine from =
                new PostfixLine.Sender("mx1", "892A0205B6", "alice@hostname.example.com", 1);
        PostfixLine bounced = ((PostfixLine.Read.Line) grok(7)).line();
        long at = System.currentTimeMillis();

        List<Ingested.Event> events =
                PostfixQueue.EMPTY.accept(from, at, at).next().accept(bounced, at, at).events();

        assertThat(events).hasSize(2);
        assertThat(IngestedEvents.decoded(events.get(0)).eventId())
                .isEqualTo("mx1/892A0205B6:ghdsgfhdslfh@localhost");
        MailboxEvent.Bounce bounce = (MailboxEvent.Bounce) IngestedEvents.decoded(events.get(1));
        assertThat(bounce.mailbox()).isEqualTo("alice@hostname.example.com");
        assertThat(bounce.eventId()).isEqualTo("mx1/892A0205B6:ghdsgfhdslfh@localhost:bounced");
        assertThat(bounce.type()).isEqualTo(BounceType.HARD);
        assertThat(bounce.category()).isEqualTo(Category.LIST);
        assertThat(bounce.recipient()).isEqualTo("ghdsgfhdslfh@localhost");
    }

    @Test
    void theErrorAgentsDeferralWithoutARelayIsAnOutcomeAndAVerificationResultIsIgnored() {
        PostfixLine.Outcome deferred =
                (PostfixLine.Outcome) ((PostfixLine.Read.Line) grok(8)).line();
        assertThat(deferred.status()).isEqualTo("deferred");
        assertThat(deferred.relay()).as("relay=none").isNull();
        assertThat(deferred.dsn()).isEqualTo("4.4.2");
        assertThat(deferred.reply()).startsWith("delivery temporarily suspended: lost connection");
        assertThat(grok(9))
                .as("status=undeliverable-but-not-cached: an address probe, nothing sent")
                .isInstanceOf(PostfixLine.Read.Ignored.class);
        assertThat(grok(10))
                .as("a lost connection without to=: the outcome comes on its own line")
                .isInstanceOf(PostfixLine.Read.Ignored.class);
    }

    @Test
    void syslogLinesWithAPriorityAnIsoTimestampOrInRfc5424FormAreRead() {
        String payload = Fixtures.lines("postfix/grok-patterns.log").get(4);
        PostfixLine expected =
                new PostfixLine.Outcome(
                        "mx1",
                        "0D9633D",
                        "jos@example.com",
                        "sent",
                        "2.0.0",
                        "mail1.example.net",
                        "250 2.0.0 Ok: queued as F12DF84004");

        assertThat(line("<22>Dec  4 10:33:25 mx1 postfix/smtp[14678]: " + payload))
                .isEqualTo(expected);
        assertThat(line("2025-07-24T08:50:26.640058+00:00 mx1 postfix/smtp[1207119]: " + payload))
                .isEqualTo(expected);
        assertThat(
                        line(
                                "<22>1 2025-07-24T08:50:26.640058+00:00 mx1 postfix/smtp 1207119 - - "
                                        + payload))
                .isEqualTo(expected);
        assertThat(
                        line(
                                "<22>1 2025-07-24T08:50:26Z mx1 postfix-out/smtp 1207119 -"
                                        + " [origin ip=\"192.0.2.1\"][meta x=\"a\\]b\"] \uFEFF"
                                        + payload))
                .as("a second instance's syslog_name, structured data and a BOM")
                .isEqualTo(expected);
    }

    @Test
    void journaldsOwnFieldsAndFilebeatsNestedOnesAreRead() {
        String payload = Fixtures.lines("postfix/grok-patterns.log").get(4);
        PostfixLine expected = ((PostfixLine.Read.Line) grok(4)).line();

        assertThat(
                        line(
                                "{\"_HOSTNAME\":\"mx1\",\"SYSLOG_IDENTIFIER\":\"postfix/smtp\","
                                        + "\"_PID\":\"14678\",\"MESSAGE\":"
                                        + quoted(payload)
                                        + "}"))
                .as("journalctl -o json, Fluent Bit's systemd input")
                .isEqualTo(expected);
        assertThat(
                        line(
                                "{\"host\":{\"hostname\":\"mx1\"},\"syslog\":{\"identifier\":"
                                        + "\"postfix/smtp\",\"pid\":14678},\"message\":"
                                        + quoted(payload)
                                        + "}"))
                .as("Filebeat's journald input")
                .isEqualTo(expected);
        assertThat(
                        line(
                                "{\"host\":{\"name\":\"filebeat-1\"},\"log\":{\"offset\":1},"
                                        + "\"message\":"
                                        + quoted(
                                                "Dec  4 10:33:25 mx1 postfix/smtp[14678]: "
                                                        + payload)
                                        + "}"))
                .as("Filebeat's log input: the whole line in message, log an object")
                .isEqualTo(expected);
    }

    @Test
    void shippersJsonIsReadFromMessageOrLogOrItsSyslogFields() {
        String line = Fixtures.lines("postfix/linode-sent.log").get(15);
        PostfixLine expected = line(line);

        assertThat(line("{\"message\":\"" + line + "\",\"host\":\"vector-1\"}"))
                .isEqualTo(expected);
        assertThat(line("{\"log\":\"" + line + "\"}")).isEqualTo(expected);
        String payload = line.substring(line.indexOf("AA10A2839B"));
        assertThat(
                        line(
                                "{\"hostname\":\"host\",\"appname\":\"postfix/smtp\",\"message\":\""
                                        + payload
                                        + "\"}"))
                .isEqualTo(expected);
        assertThat(
                        line(
                                "{\"host\":\"host\",\"ident\":\"postfix/smtp\",\"pid\":\"22601\","
                                        + "\"message\":\""
                                        + payload
                                        + "\"}"))
                .isEqualTo(expected);
    }
}
