package io.bouncewatch.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bouncewatch.rules.BounceClass;
import io.bouncewatch.rules.BounceFacts;
import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.Classification;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.Provider;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A BounceEvent read for its classification, and a classification written as JSON. */
class ClassificationPayloadTest {

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyFieldTheClassifierUsesIsRead() {
        ClassifiableBounce bounce =
                InputParser.classifiable(
                        bytes(
                                "{\"eventId\":\"b-1\",\"mailbox\":\" Alice@ACME.io\",\"recipient\":\"bob@example.com\","
                                        + "\"timestamp\":\"2026-11-22T10:16:02Z\",\"type\":\"soft\",\"smtpCode\":421,"
                                        + "\"enhancedStatus\":\"4.7.28\",\"diagnostic\":\"421 4.7.28 rate limited\","
                                        + "\"category\":\"THROTTLE\",\"provider\":\"google\",\"remoteMta\":\"mx.google.com\","
                                        + "\"campaignId\":\"c-9\"}"));
        assertThat(bounce.eventId()).isEqualTo("b-1");
        assertThat(bounce.mailbox()).isEqualTo("alice@acme.io");
        assertThat(bounce.facts())
                .isEqualTo(
                        new BounceFacts(
                                "THROTTLE",
                                "421 4.7.28 rate limited",
                                "4.7.28",
                                421,
                                BounceType.SOFT,
                                "bob@example.com",
                                "mx.google.com",
                                "google"));
    }

    @Test
    void theOptionalFieldsMayBeAbsentOrNull() {
        ClassifiableBounce bounce =
                InputParser.classifiable(
                        bytes(
                                "{\"eventId\":\"b-1\",\"mailbox\":\"alice@acme.io\",\"diagnostic\":null,\"category\":null}"));
        assertThat(bounce.facts())
                .isEqualTo(
                        new BounceFacts(null, null, null, null, BounceType.HARD, null, null, null));
    }

    @Test
    void aBounceTheMonitorWouldRejectIsRejectedWithTheSameReason() {
        assertThatThrownBy(() -> InputParser.classifiable(bytes("{\"mailbox\":\"alice@acme.io\"}")))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage("missing required field 'eventId'");
        assertThatThrownBy(
                        () ->
                                InputParser.classifiable(
                                        bytes(
                                                "{\"eventId\":\"b-1\",\"mailbox\":\"alice@acme.io\",\"type\":\"MAYBE\"}")))
                .hasMessage("bounce type 'MAYBE' is not HARD or SOFT");
        assertThatThrownBy(() -> InputParser.classifiable(bytes("{\"eventId\":\"b-1\",")))
                .hasMessageStartingWith("invalid JSON");
    }

    @Test
    void theClassificationFieldsMustBeStrings() {
        assertThatThrownBy(
                        () ->
                                InputParser.classifiable(
                                        bytes(
                                                "{\"eventId\":\"b-1\",\"mailbox\":\"alice@acme.io\",\"diagnostic\":550}")))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage("field 'diagnostic' must be a string");
        assertThatThrownBy(
                        () ->
                                InputParser.classifiable(
                                        bytes(
                                                "{\"eventId\":\"b-1\",\"mailbox\":\"alice@acme.io\",\"recipient\":[]}")))
                .hasMessage("field 'recipient' must be a string");
    }

    /**
     * The stream reads a bounce as {@code classify} does: it classifies by the same fields, so a
     * Gmail reputation block with a type HARD is REPUTATION, not a bad address.
     */
    @Test
    void theMonitorsBounceReadingClassifies() {
        MailboxEvent.Bounce bounce =
                InputParser.bounce(
                        bytes(
                                "{\"eventId\":\"b-1\",\"mailbox\":\"alice@acme.io\",\"recipient\":\"Bob@Gmail.com\","
                                        + "\"type\":\"HARD\",\"smtpCode\":550,\"enhancedStatus\":\"5.7.1\","
                                        + "\"diagnostic\":\"550-5.7.1 Our system has detected that this message is likely"
                                        + " unsolicited mail. To reduce the amount of spam sent to Gmail, this message has"
                                        + " been blocked. very low reputation gsmtp\"}"),
                        0L,
                        0L);
        assertThat(bounce.category()).isEqualTo(Category.REPUTATION);
        assertThat(bounce.classification().provider()).isEqualTo(Provider.GOOGLE);
        assertThat(bounce.type()).isEqualTo(BounceType.HARD);
        assertThat(bounce.recipient()).isEqualTo("bob@gmail.com");
        assertThat(bounce.reply()).startsWith("550-5.7.1 Our system has detected");
    }

    /**
     * A bounce whose classification field is malformed is rejected (a dead letter) by the stream as
     * by {@code classify}, with the same reason: counting it by its type alone would count it as
     * something it may not be, silently.
     */
    @Test
    void theMonitorRejectsAMalformedClassificationFieldAsClassifyDoes() {
        byte[] json = bytes("{\"eventId\":\"b-1\",\"mailbox\":\"alice@acme.io\",\"diagnostic\":5}");
        assertThatThrownBy(() -> InputParser.bounce(json, 0L, 0L))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage("field 'diagnostic' must be a string");
        assertThatThrownBy(() -> InputParser.classifiable(json))
                .hasMessage("field 'diagnostic' must be a string");
        byte[] category =
                bytes("{\"eventId\":\"b-1\",\"mailbox\":\"alice@acme.io\",\"category\":{}}");
        assertThatThrownBy(() -> InputParser.bounce(category, 0L, 0L))
                .hasMessage("field 'category' must be a string");
    }

    @Test
    void aClassificationIsWrittenWithEveryFieldInItsOrder() {
        ClassifiedBounce classified =
                new ClassifiedBounce(
                        "bounce-17.eml",
                        "bob@example.com",
                        "alice@acme.io",
                        "5.1.1",
                        550,
                        "550 5.1.1 The email account that you tried to reach does not exist",
                        new Classification(
                                Category.LIST,
                                BounceClass.USER_UNKNOWN,
                                Provider.GOOGLE,
                                "reply google-no-account"));
        assertThat(new String(PayloadWriter.write(classified), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"source\":\"bounce-17.eml\",\"recipient\":\"bob@example.com\",\"mailbox\":\"alice@acme.io\","
                                + "\"enhancedStatus\":\"5.1.1\",\"smtpCode\":550,"
                                + "\"diagnostic\":\"550 5.1.1 The email account that you tried to reach does not exist\","
                                + "\"category\":\"LIST\",\"class\":\"USER_UNKNOWN\",\"provider\":\"google\","
                                + "\"matchedBy\":\"reply google-no-account\"}");
    }

    @Test
    void whatIsUnknownIsWrittenAsNull() {
        ClassifiedBounce classified =
                new ClassifiedBounce(
                        null,
                        null,
                        null,
                        null,
                        null,
                        "line one\n\"two\"",
                        new Classification(
                                Category.IGNORE,
                                BounceClass.AUTO_REPLY,
                                Provider.OTHER,
                                "auto-reply"));
        assertThat(new String(PayloadWriter.write(classified), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"source\":null,\"recipient\":null,\"mailbox\":null,\"enhancedStatus\":null,\"smtpCode\":null,"
                                + "\"diagnostic\":\"line one\\n\\\"two\\\"\",\"category\":\"IGNORE\",\"class\":\"AUTO_REPLY\","
                                + "\"provider\":\"other\",\"matchedBy\":\"auto-reply\"}");
    }
}
