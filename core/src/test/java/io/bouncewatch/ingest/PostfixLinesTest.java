package io.bouncewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

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
    void aSenderThatIsNoAddressIsMalformed() {
        assertThat(
                        read(
                                "Mar 22 18:20:29 host postfix/qmgr[15878]: AA10A2839B: from=<root>,"
                                        + " size=920, nrcpt=1 (queue active)"))
                .isInstanceOf(PostfixLine.Read.Malformed.class);
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
