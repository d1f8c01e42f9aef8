package io.bouncewatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The codes found in a reply's text when the bounce does not give them apart. */
class ReplyCodesTest {

    @Test
    void theReplyCodeIsTheFirstFailureCode() {
        assertThat(SmtpCode.find("host mx.example.org[192.0.2.9] said: 550-5.1.1 user unknown"))
                .isEqualTo(550);
        assertThat(SmtpCode.find("220-mx.example.org ESMTP 421 4.2.1 Service refused"))
                .isEqualTo(421);
        assertThat(SmtpCode.find("250 2.6.0 Message received")).isEqualTo(250);
    }

    @Test
    void addressesDatesAndPortsAreNoReplyCodes() {
        assertThat(
                        SmtpCode.find(
                                "connect to 192.0.2.250[192.0.2.250]:25: Thu, 29 Apr 2010 23:34:45 -0500"))
                .isNull();
        assertThat(SmtpCode.find("SIZE=1543: delivery failed after 432000 seconds")).isNull();
        assertThat(SmtpCode.find(null)).isNull();
    }

    @Test
    void theEnhancedStatusIsAWholeCodeNotPartOfAnAddress() {
        assertThat(EnhancedStatus.find("sorry, mailbox is over quota temporarily (#5.1.1)"))
                .isEqualTo("5.1.1");
        assertThat(EnhancedStatus.find("550 5.1.10 RESOLVER.ADR.RecipientNotFound"))
                .isEqualTo("5.1.10");
        assertThat(EnhancedStatus.find("client host [5.1.1.1] blocked")).isNull();
        assertThat(EnhancedStatus.find("version 5.2.1.4 of the agent")).isNull();
        assertThat(EnhancedStatus.normalise(" 4.4.7 ")).isEqualTo("4.4.7");
        assertThat(EnhancedStatus.normalise("5.1.1 (user unknown)")).isNull();
    }
}
