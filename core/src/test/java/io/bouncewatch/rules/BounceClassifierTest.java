package io.bouncewatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The order of the sources a classification comes from, and what each decides on its own. */
class BounceClassifierTest {

    private final BounceClassifier classifier = new BounceClassifier();

    private Classification classify(
            String diagnostic, String status, Integer smtpCode, BounceType type) {
        return classifier.classify(
                new BounceFacts(
                        null, diagnostic, status, smtpCode, type, "bob@example.org", null, null));
    }

    @Test
    void theProducersCategoryWinsAndKeepsTheFinerClassWhenTheTextAgrees() {
        Classification agreeing =
                classifier.classify(
                        new BounceFacts(
                                "list",
                                "550 5.1.1 user unknown",
                                "5.1.1",
                                550,
                                BounceType.HARD,
                                "bob@example.org",
                                null,
                                null));
        Classification overriding =
                classifier.classify(
                        new BounceFacts(
                                " THROTTLE ",
                                "550 5.1.1 user unknown",
                                "5.1.1",
                                550,
                                BounceType.HARD,
                                "bob@example.org",
                                null,
                                null));

        assertThat(agreeing)
                .isEqualTo(
                        new Classification(
                                Category.LIST,
                                BounceClass.USER_UNKNOWN,
                                Provider.OTHER,
                                "producer category"));
        assertThat(overriding)
                .isEqualTo(
                        new Classification(
                                Category.THROTTLE,
                                BounceClass.UNSPECIFIED,
                                Provider.OTHER,
                                "producer category"));
    }

    @Test
    void aProducerCategoryThatNamesNoBounceCategoryIsPassedOver() {
        for (String category : List.of("COMPLAINT", "SPAMMY", "")) {
            Classification c =
                    classifier.classify(
                            new BounceFacts(
                                    category,
                                    "550 5.1.1 user unknown",
                                    "5.1.1",
                                    550,
                                    BounceType.HARD,
                                    "bob@example.org",
                                    null,
                                    null));

            assertThat(c.category()).isEqualTo(Category.LIST);
            assertThat(c.matchedBy()).isEqualTo("reply user-unknown");
        }
    }

    @Test
    void theTextBeatsTheCodesSoAFullMailboxReportedAsUnknownUserIsAFullMailbox() {
        Classification c =
                classify(
                        "550 5.1.1 <bob@example.org>: mailbox is full",
                        "5.1.1",
                        550,
                        BounceType.HARD);

        assertThat(c.category()).isEqualTo(Category.TRANSIENT);
        assertThat(c.bounceClass()).isEqualTo(BounceClass.MAILBOX_FULL);
    }

    @Test
    void gmailsLowReputationRejectionIsNeverAnUnknownUser() {
        // The classic open-source failure (postal#60): recorded as "user unknown", good recipients
        // suppressed.
        Classification c =
                classify(
                        "550-5.7.1 [192.0.2.1] Our system has detected that this message is likely"
                                + " suspicious due to the very low reputation of the sending IP address. - gsmtp",
                        "5.7.1",
                        550,
                        BounceType.HARD);

        assertThat(c.category()).isEqualTo(Category.REPUTATION);
        assertThat(c.bounceClass()).isEqualTo(BounceClass.LOW_REPUTATION);
        assertThat(c.provider()).isEqualTo(Provider.GOOGLE);
    }

    @Test
    void aMicrosoftBlockListRejectionIsABlockNotAnUnknownUser() {
        // mautic#9222: S3150 filed as an unknown user.
        Classification c =
                classify(
                        "550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. Please contact"
                                + " your Internet service provider since part of their network is on our block list (S3150). You can"
                                + " also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors."
                                + " [DM6NAM11FT066.eop-nam11.prod.protection.outlook.com]",
                        "5.7.1",
                        550,
                        BounceType.HARD);

        assertThat(c)
                .isEqualTo(
                        new Classification(
                                Category.REPUTATION,
                                BounceClass.BLOCKLISTED,
                                Provider.MICROSOFT,
                                "reply microsoft-block-list"));
    }

    @Test
    void addressesAndLinkPathsInTheReplyMeanNothing() {
        // Test servers name the reason in the address and the link; only the reply's own words
        // count.
        Classification c =
                classify(
                        "550 5.0.0 <spamdetected@example.org>: rejected. See"
                                + " https://example.org/en/reason/#mailboxfull",
                        "5.0.0",
                        550,
                        BounceType.HARD);

        assertThat(c.category()).isEqualTo(Category.UNKNOWN);
        assertThat(c.matchedBy()).isEqualTo("type HARD");
    }

    @Test
    void aLinksHostStillCounts() {
        Classification c =
                classify(
                        "553 http://www.spamhaus.org/query/bl?ip=192.0.2.222",
                        "5.1.3",
                        553,
                        BounceType.HARD);

        assertThat(c.bounceClass()).isEqualTo(BounceClass.BLOCKLISTED);
    }

    @Test
    void anAddressThatDoesNotExistIsNoTemporaryFailure() {
        Classification byText =
                classify(
                        "DNS Error: DNS type 'mx' lookup of example.org responded with code NXDOMAIN"
                                + " Domain name not found: example.org",
                        "4.0.0",
                        null,
                        BounceType.SOFT);
        Classification byStatus = classify("450 4.1.1 try later", "4.1.1", 450, BounceType.SOFT);

        assertThat(byText.category()).isEqualTo(Category.TRANSIENT);
        assertThat(byStatus.category()).isEqualTo(Category.TRANSIENT);
    }

    @Test
    void aNullMxIsPermanentWhateverStatusItCameWith() {
        Classification c =
                classify(
                        "The domain example.org doesn't receive email according to the administrator:"
                                + " returned Null MX",
                        "4.0.0",
                        null,
                        BounceType.SOFT);

        assertThat(c.bounceClass()).isEqualTo(BounceClass.NO_MAIL_ACCEPTED);
    }

    @Test
    void theEnhancedStatusAloneDecidesWhenTheTextSaysNothing() {
        assertThat(classify("", "5.1.1", null, null))
                .isEqualTo(
                        new Classification(
                                Category.LIST,
                                BounceClass.USER_UNKNOWN,
                                Provider.OTHER,
                                "enhanced status 5.1.1"));
        assertThat(classify(null, "4.2.2", null, null).bounceClass())
                .isEqualTo(BounceClass.MAILBOX_FULL);
        assertThat(classify(null, "5.7.26", null, null).bounceClass())
                .isEqualTo(BounceClass.AUTHENTICATION);
        assertThat(classify(null, "4.4.7", null, null).bounceClass())
                .isEqualTo(BounceClass.EXPIRED);
        assertThat(classify(null, "5.4.4", null, null).bounceClass())
                .isEqualTo(BounceClass.DOMAIN_UNKNOWN);
        assertThat(classify(null, "4.4.4", null, null).bounceClass())
                .isEqualTo(BounceClass.NETWORK_ERROR);
    }

    @Test
    void theEnhancedStatusIsFoundInTheTextWhenTheEventHasNone() {
        Classification c = classify("host mx.example.org said: 550 5.1.10 nope", null, null, null);

        assertThat(c.matchedBy()).isEqualTo("enhanced status 5.1.10");
        assertThat(c.bounceClass()).isEqualTo(BounceClass.NO_MAIL_ACCEPTED);
    }

    @Test
    void aSuccessCodeIsADeliveryNoticeWhateverItsTextSays() {
        assertThat(classify("250 2.6.0 Message received", "2.6.0", 250, null).category())
                .isEqualTo(Category.IGNORE);
        assertThat(classify("250 2.0.0 Ok: queued as 4F3A2 (content filter)", null, null, null))
                .isEqualTo(
                        new Classification(
                                Category.IGNORE,
                                BounceClass.DELIVERY_NOTICE,
                                Provider.OTHER,
                                "success code"));
        assertThat(
                        classify(
                                        "220-mx.example.org 451 4.3.0 Internal server error",
                                        null,
                                        null,
                                        null)
                                .category())
                .isEqualTo(Category.TRANSIENT);
    }

    @Test
    void theSmtpCodeAloneDecidesWhenNothingElseDoes() {
        assertThat(classify("", null, 552, null))
                .isEqualTo(
                        new Classification(
                                Category.TRANSIENT,
                                BounceClass.MAILBOX_FULL,
                                Provider.OTHER,
                                "SMTP code 552"));
        assertThat(classify("", null, 556, null).bounceClass())
                .isEqualTo(BounceClass.NO_MAIL_ACCEPTED);
        assertThat(classify("", null, 421, null).category()).isEqualTo(Category.TRANSIENT);
    }

    @Test
    void theTypeIsTheLastResort() {
        assertThat(classify("", "5.0.0", 550, BounceType.SOFT))
                .isEqualTo(
                        new Classification(
                                Category.TRANSIENT,
                                BounceClass.UNSPECIFIED,
                                Provider.OTHER,
                                "type SOFT"));
        assertThat(classify("", "5.0.0", 550, BounceType.HARD))
                .isEqualTo(
                        new Classification(
                                Category.UNKNOWN,
                                BounceClass.UNSPECIFIED,
                                Provider.OTHER,
                                "type HARD"));
        assertThat(classify(null, null, null, null))
                .isEqualTo(
                        new Classification(
                                Category.UNKNOWN,
                                BounceClass.UNSPECIFIED,
                                Provider.OTHER,
                                "nothing matched"));
    }

    @Test
    void theProviderComesFromTheRecipientThenTheReplyThenTheRemoteMtaThenTheProducer() {
        assertThat(
                        provider(
                                "bob@GMAIL.com",
                                "550 5.1.1 user unknown - mx.example.org",
                                null,
                                "microsoft"))
                .isEqualTo(Provider.GOOGLE);
        assertThat(provider("bob@hotmail.co.uk", "", null, null)).isEqualTo(Provider.MICROSOFT);
        assertThat(provider("bob@example.org", "550 5.7.1 blocked - gsmtp", null, "yahoo"))
                .isEqualTo(Provider.GOOGLE);
        assertThat(
                        provider(
                                "bob@example.org",
                                "550 no",
                                "example-org.mail.protection.outlook.com",
                                null))
                .isEqualTo(Provider.MICROSOFT);
        assertThat(provider("bob@example.org", "550 no", "mta5.am0.yahoodns.net", null))
                .isEqualTo(Provider.YAHOO);
        assertThat(provider("bob@example.org", "550 no", null, "Apple")).isEqualTo(Provider.APPLE);
        assertThat(provider("bob@example.org", "550 no", null, "aliens")).isEqualTo(Provider.OTHER);
        assertThat(
                        provider(
                                "bob@example.org",
                                "The recipient server did not accept our requests to connect. Learn"
                                        + " more at https://support.google.com/mail/answer/7720",
                                null,
                                null))
                .isEqualTo(Provider.OTHER);
        assertThat(provider("bob@example.org", "550 no", "gmail-smtp-in.l.google.com", null))
                .isEqualTo(Provider.GOOGLE);
    }

    private Provider provider(
            String recipient, String diagnostic, String remoteMta, String producerProvider) {
        return classifier
                .classify(
                        new BounceFacts(
                                null,
                                diagnostic,
                                null,
                                null,
                                BounceType.HARD,
                                recipient,
                                remoteMta,
                                producerProvider))
                .provider();
    }

    @Test
    void aClassificationPairsAClassOnlyWithItsOwnCategory() {
        assertThatThrownBy(
                        () ->
                                new Classification(
                                        Category.LIST,
                                        BounceClass.MAILBOX_FULL,
                                        Provider.OTHER,
                                        "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MAILBOX_FULL is not a class of LIST");
    }

    @Test
    void everyClassButUnspecifiedBelongsToOneCategory() {
        for (BounceClass bounceClass : BounceClass.values()) {
            assertThat(bounceClass.category() == null)
                    .isEqualTo(bounceClass == BounceClass.UNSPECIFIED);
        }
    }
}
