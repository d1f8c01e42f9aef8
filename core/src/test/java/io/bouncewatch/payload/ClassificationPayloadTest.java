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

    /** The stream's own reading of a bounce decodes none of them, and so rejects none of them. */
    @Test
    void theMonitorsBounceReadingIgnoresTheClassificationFields() {
        assertThat(
                        InputParser.bounce(
                                bytes(
                                        "{\"eventId\":\"b-1\",\"mailbox\":\"alice@acme.io\",\"diagnostic\":550,\"category\":{}}"),
                                0L,
                                0L))
                .isEqualTo(new MailboxEvent.Bounce("b-1", "alice@acme.io", 0L, BounceType.HARD));
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
