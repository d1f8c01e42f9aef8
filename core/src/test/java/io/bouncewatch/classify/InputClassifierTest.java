package io.bouncewatch.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bouncewatch.payload.ClassifiedBounce;
import io.bouncewatch.rules.BounceClass;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JSON lines or a raw message in, one classification per recipient out, in input order. */
class InputClassifierTest {

    private final InputClassifier classifier = new InputClassifier();

    static byte[] corpus(String file) {
        try (InputStream in =
                InputClassifierTest.class.getResourceAsStream("/corpus/sisimai/eml/" + file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<ClassifiedBounce> classify(byte[] input, String source) throws IOException {
        List<ClassifiedBounce> out = new ArrayList<>();
        classifier.classify(new ByteArrayInputStream(input), source, out::add);
        return out;
    }

    private List<ClassifiedBounce> classify(String input) throws IOException {
        return classify(input.getBytes(StandardCharsets.UTF_8), "events.jsonl");
    }

    @Test
    void aRawBounceGivesItsFailedRecipientTheOriginalSenderAndTheReply() throws IOException {
        List<ClassifiedBounce> results = classify(corpus("rhost-google-02.eml"), "bounce.eml");
        assertThat(results).hasSize(1);
        ClassifiedBounce result = results.get(0);
        assertThat(result.source()).isEqualTo("bounce.eml");
        assertThat(result.recipient()).isEqualTo("neko-nyaan@example.org");
        assertThat(result.mailbox()).isEqualTo("kijitora@example.com");
        assertThat(result.enhancedStatus()).isEqualTo("5.1.1");
        assertThat(result.smtpCode()).isEqualTo(550);
        assertThat(result.diagnostic()).contains("does not exist");
        assertThat(result.classification().category()).isEqualTo(Category.LIST);
        assertThat(result.classification().bounceClass()).isEqualTo(BounceClass.USER_UNKNOWN);
        assertThat(result.classification().provider()).isEqualTo(Provider.GOOGLE);
        assertThat(result.classification().matchedBy()).isEqualTo("reply google-no-account");
    }

    @Test
    void aFeedbackReportIsAComplaint() throws IOException {
        List<ClassifiedBounce> results = classify(corpus("arf-11.eml"), "arf-11.eml");
        assertThat(results).isNotEmpty();
        assertThat(results)
                .allSatisfy(
                        r -> {
                            assertThat(r.classification().category()).isEqualTo(Category.COMPLAINT);
                            assertThat(r.diagnostic()).isNull();
                        });
    }

    @Test
    void aMessageThatIsNoBounceIsOneIgnoredLine() throws IOException {
        List<ClassifiedBounce> results =
                classify(
                        ("From: bob@example.com\r\nTo: alice@acme.io\r\nSubject: Out of office\r\n"
                                        + "Auto-Submitted: auto-replied\r\n\r\nBack on Monday.\r\n")
                                .getBytes(StandardCharsets.US_ASCII),
                        null);
        assertThat(results).hasSize(1);
        assertThat(results.get(0).source()).isNull();
        assertThat(results.get(0).mailbox()).isEqualTo("alice@acme.io");
        assertThat(results.get(0).classification().category()).isEqualTo(Category.IGNORE);
        assertThat(results.get(0).classification().bounceClass()).isEqualTo(BounceClass.AUTO_REPLY);
    }

    @Test
    void jsonLinesGiveOneResultPerLineInOrderSkippingBlankLines() throws IOException {
        List<ClassifiedBounce> results =
                classify(
                        "\uFEFF{\"eventId\":\"b-1\",\"mailbox\":\"Alice@acme.io\",\"recipient\":\"Bob@Gmail.com\","
                                + "\"diagnostic\":\"550 5.1.1 The email account that you tried to reach does not exist\"}\r\n"
                                + "\n   \n"
                                + "{\"eventId\":\"b-2\",\"mailbox\":\"alice@acme.io\",\"type\":\"SOFT\"}\n"
                                + "{\"eventId\":\"b-3\",\"mailbox\":\"alice@acme.io\",\"category\":\"reputation\"}");
        assertThat(results).hasSize(3);
        ClassifiedBounce first = results.get(0);
        assertThat(first.source()).isEqualTo("events.jsonl");
        assertThat(first.recipient()).isEqualTo("bob@gmail.com");
        assertThat(first.mailbox()).isEqualTo("alice@acme.io");
        assertThat(first.enhancedStatus()).as("read from the reply").isEqualTo("5.1.1");
        assertThat(first.smtpCode()).as("read from the reply").isEqualTo(550);
        assertThat(first.classification().category()).isEqualTo(Category.LIST);
        assertThat(first.classification().provider()).isEqualTo(Provider.GOOGLE);
        assertThat(results.get(1).classification().category()).isEqualTo(Category.TRANSIENT);
        assertThat(results.get(1).classification().matchedBy()).isEqualTo("type SOFT");
        assertThat(results.get(2).classification().category()).isEqualTo(Category.REPUTATION);
        assertThat(results.get(2).classification().matchedBy()).isEqualTo("producer category");
    }

    @Test
    void aLineThatIsNoValidBounceEventStopsWithItsNumberAndReason() {
        List<ClassifiedBounce> before = new ArrayList<>();
        byte[] input =
                ("{\"eventId\":\"b-1\",\"mailbox\":\"alice@acme.io\"}\n\n"
                                + "{\"mailbox\":\"alice@acme.io\"}\n"
                                + "{\"eventId\":\"b-3\",\"mailbox\":\"alice@acme.io\"}\n")
                        .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(
                        () ->
                                classifier.classify(
                                        new ByteArrayInputStream(input), "e.jsonl", before::add))
                .isInstanceOfSatisfying(
                        UnclassifiableInputException.class,
                        e -> {
                            assertThat(e.line()).isEqualTo(3);
                            assertThat(e.reason()).isEqualTo("missing required field 'eventId'");
                            assertThat(e.getMessage())
                                    .isEqualTo("line 3: missing required field 'eventId'");
                        });
        assertThat(before).as("the lines before it").hasSize(1);
    }

    @Test
    void jsonLinesAreReadAsSuchWhateverTheyStartWith() {
        assertThatThrownBy(
                        () -> classifier.jsonLines("[1]\n".getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOf(UnclassifiableInputException.class)
                .hasMessageStartingWith("line 1: ");
    }

    @Test
    void anUnreadableMessageStopsWithTheParsersReason() {
        assertThatThrownBy(() -> classify("not a message at all"))
                .isInstanceOfSatisfying(
                        UnclassifiableInputException.class,
                        e -> {
                            assertThat(e.line()).isZero();
                            assertThat(e.reason()).startsWith("not a mail message");
                        });
        assertThatThrownBy(() -> classify(""))
                .isInstanceOf(UnclassifiableInputException.class)
                .hasMessage("empty message");
    }

    @Test
    void aMessageOverTheLimitIsRefusedUnparsed() {
        InputClassifier small = new InputClassifier(100);
        byte[] message = corpus("rhost-google-02.eml");
        assertThatThrownBy(() -> small.classify(new ByteArrayInputStream(message), null, r -> {}))
                .isInstanceOf(UnclassifiableInputException.class)
                .hasMessage("a message larger than the limit of 100 bytes");
    }
}
