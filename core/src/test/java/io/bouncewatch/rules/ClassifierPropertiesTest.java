package io.bouncewatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a producer sends, the classifier answers with a classification it can explain. */
class ClassifierPropertiesTest {

    private final BounceClassifier classifier = new BounceClassifier();

    @Property(tries = 500)
    void anyBounceGetsAConsistentClassification(
            @ForAll("texts") String diagnostic,
            @ForAll("statuses") String status,
            @ForAll("codes") Integer smtpCode,
            @ForAll("types") BounceType type,
            @ForAll("texts") String recipient,
            @ForAll("categories") String producerCategory) {
        Classification c =
                classifier.classify(
                        new BounceFacts(
                                producerCategory,
                                diagnostic,
                                status,
                                smtpCode,
                                type,
                                recipient,
                                diagnostic,
                                producerCategory));

        assertThat(c.bounceClass().fits(c.category())).isTrue();
        assertThat(c.category()).isNotEqualTo(Category.COMPLAINT);
        assertThat(c.matchedBy()).isNotBlank();
    }

    @Property(tries = 300)
    void aTemporaryFailureIsNeverABadAddressButANullMx(
            @ForAll("texts") String diagnostic, @ForAll("temporaryStatuses") String status) {
        Classification c =
                classifier.classify(
                        new BounceFacts(
                                null,
                                diagnostic + " user unknown",
                                status,
                                null,
                                BounceType.SOFT,
                                "bob@example.org",
                                null,
                                null));

        assertThat(c.category() != Category.LIST || c.bounceClass() == BounceClass.NO_MAIL_ACCEPTED)
                .isTrue();
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(400),
                Arbitraries.strings().withChars("0123456789.<>@ -:[]();#").ofMaxLength(400),
                Arbitraries.of(
                        "550 5.1.1 user unknown",
                        "421-4.7.28 gsmtp",
                        "452 4.2.2 mailbox full",
                        "bob@gmail.com",
                        "http://www.spamhaus.org/x",
                        "250 2.0.0 ok"),
                Arbitraries.just(null));
    }

    @Provide
    Arbitrary<String> statuses() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789.").ofMaxLength(12),
                Arbitraries.of("5.1.1", "4.7.28", "2.0.0", " 5.7.1 ", "9.9.9", ""),
                Arbitraries.just(null));
    }

    @Provide
    Arbitrary<String> temporaryStatuses() {
        return Arbitraries.integers()
                .between(0, 9)
                .flatMap(s -> Arbitraries.integers().between(0, 30).map(d -> "4." + s + "." + d));
    }

    @Provide
    Arbitrary<Integer> codes() {
        return Arbitraries.oneOf(
                Arbitraries.integers(),
                Arbitraries.integers().between(200, 599),
                Arbitraries.just(null));
    }

    @Provide
    Arbitrary<BounceType> types() {
        return Arbitraries.of(BounceType.HARD, BounceType.SOFT).injectNull(0.3);
    }

    @Provide
    Arbitrary<String> categories() {
        return Arbitraries.oneOf(
                Arbitraries.of("LIST", "reputation", " throttle ", "COMPLAINT", "nonsense", ""),
                Arbitraries.strings().ofMaxLength(20),
                Arbitraries.just(null));
    }
}
