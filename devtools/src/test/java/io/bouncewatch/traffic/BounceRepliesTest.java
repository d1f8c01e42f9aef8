package io.bouncewatch.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.rules.BounceClassifier;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.Classification;
import io.bouncewatch.rules.Provider;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BounceRepliesTest {

    private static final BounceClassifier CLASSIFIER = new BounceClassifier();
    private static final String CORPORATE = "globex-corp.example";

    static List<BounceReply> replies() {
        return BounceReplies.ALL;
    }

    /** Every recipient domain the reply is given for: its consumer domains, or a company's. */
    private static List<String> domainsOf(BounceReply reply) {
        return reply.domains().isEmpty() ? List.of(CORPORATE) : reply.domains();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replies")
    void theClassifierMakesOfEveryReplyWhatItClaims(BounceReply reply) {
        for (String domain : domainsOf(reply)) {
            Classification c =
                    CLASSIFIER.classify(reply.facts("jordan.kim@" + domain, "acme-outreach.io"));

            assertThat(c.category()).as(reply.id() + " at " + domain).isEqualTo(reply.category());
            assertThat(c.bounceClass())
                    .as(reply.id() + " (" + c.matchedBy() + ")")
                    .isEqualTo(reply.bounceClass());
            assertThat(c.provider()).as(reply.id() + " at " + domain).isEqualTo(reply.provider());
            assertThat(reply.fits(domain)).isTrue();
        }
    }

    @Test
    void everyBounceCategoryHasRepliesAndThrottlingComesFromEachBigProvider() {
        Set<Category> categories =
                BounceReplies.ALL.stream().map(BounceReply::category).collect(Collectors.toSet());
        assertThat(categories).isEqualTo(EnumSet.complementOf(EnumSet.of(Category.COMPLAINT)));
        assertThat(BounceReplies.of(Category.THROTTLE))
                .extracting(BounceReply::provider)
                .contains(Provider.GOOGLE, Provider.MICROSOFT, Provider.YAHOO, Provider.OTHER);
        assertThat(BounceReplies.of(Category.REPUTATION))
                .extracting(BounceReply::provider)
                .contains(Provider.GOOGLE, Provider.MICROSOFT, Provider.OTHER);
        Set<String> ids = new HashSet<>();
        assertThat(BounceReplies.ALL).allSatisfy(r -> assertThat(ids.add(r.id())).isTrue());
    }

    @Test
    void placeholdersAreFilledWithTheRecipientAndTheSendersDomain() {
        BounceReply dmarc = BounceReplies.byId("gmail-dmarc");
        BounceReply noDomain = BounceReplies.byId("no-such-domain");

        assertThat(dmarc.diagnostic("li.chen@gmail.com", "ledgerly.app"))
                .contains("Unauthenticated email from ledgerly.app is not accepted")
                .doesNotContain("{");
        assertThat(noDomain.facts("sam@gone-corp.example", "acme-outreach.io").diagnostic())
                .contains("name=gone-corp.example type=MX");
        assertThat(noDomain.facts("sam@gone-corp.example", "acme-outreach.io").recipient())
                .isEqualTo("sam@gone-corp.example");
    }

    @Test
    void aPickFitsTheRecipientsDomainAndFollowsTheWeights() {
        Random random = new Random(1);
        int gmailNoAccount = 0;
        for (int i = 0; i < 2_000; i++) {
            BounceReply list =
                    BounceReplies.pick(r -> r.category() == Category.LIST, "gmail.com", random)
                            .orElseThrow();
            assertThat(list.provider()).isEqualTo(Provider.GOOGLE);
            gmailNoAccount += list.id().equals("gmail-no-account") ? 1 : 0;
        }
        // 26 against 4 for the disabled account
        assertThat(gmailNoAccount / 2_000.0).isBetween(0.82, 0.91);
        assertThat(
                        BounceReplies.pick(r -> r.category() == Category.LIST, CORPORATE, random)
                                .orElseThrow()
                                .provider())
                .isIn(Provider.OTHER, Provider.MICROSOFT);
        assertThat(BounceReplies.pick(r -> r.category() == Category.THROTTLE, "icloud.com", random))
                .as("no iCloud throttling reply")
                .isEmpty();
    }
}
