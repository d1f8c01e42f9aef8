package io.bouncewatch.dsn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.rules.BounceClassifier;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.Classification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every message of the labelled corpus in core/src/test/resources/corpus/sisimai (real bounces from
 * some 60 MTAs and providers, with Sisimai's verdict; see its README and LICENSE) parsed and
 * classified, the first recipient of each compared with the category Sisimai's reason maps to.
 */
class SisimaiCorpusTest {

    private static final String CORPUS = "/corpus/sisimai/";
    private static final Set<String> REPUTATION_BLOCKS =
            Set.of("blocked", "badreputation", "spamdetected", "rejected", "policyviolation");

    /**
     * Where we disagree with Sisimai on purpose, the category we give and why. Sisimai is a strong
     * reference, not an oracle: several of its verdicts come from context it infers per MTA, and a
     * few contradict the reply itself.
     */
    private static final Map<String, Deliberate> DELIBERATE =
            deliberate(
                    // "Access denied" is a refusal by policy, and reputation blocks use the same
                    // words (Sisimai itself calls lhost-mfilter-04's "Access denied" rejected):
                    // calling it an unknown user would suppress a recipient for ever on a block.
                    // (Exchange Online's "5.4.1 Recipient address rejected: Access denied" is the
                    // exception its documentation makes: the recipient is not in its directory.)
                    "lhost-exim-30.eml",
                    Category.REPUTATION,
                    "Access denied is a policy refusal, not an unknown user",
                    // The reply names the cause, and it is not the one Sisimai gives.
                    "lhost-exim-46.eml",
                    Category.CONFIG,
                    "missing reverse DNS is the sender's own setup",
                    "lhost-exim-56.eml",
                    Category.THROTTLE,
                    "a daily relay quota is a rate limit",
                    "lhost-sendmail-21.eml",
                    Category.TRANSIENT,
                    "a refused connection is the network, not a block",
                    "lhost-opensmtpd-13.eml",
                    Category.THROTTLE,
                    "Yahoo's [TSS04] defers for volume: a throttle",
                    "lhost-postfix-74.eml",
                    Category.THROTTLE,
                    "Yahoo's [TSS04] defers for volume: a throttle",
                    "lhost-dragonfly-18.eml",
                    Category.REPUTATION,
                    "Policy violation is the receiver's policy",
                    "lhost-dragonfly-19.eml",
                    Category.REPUTATION,
                    "Delivery not authorized is the receiver's policy",
                    // Sisimai calls these "filtered" from context it infers per MTA (the SMTP
                    // stage, the status, the MTA's habits); the replies say the user does not
                    // exist, and the text beats the codes.
                    "lhost-mcafee-01.eml",
                    Category.LIST,
                    "the reply says Unknown user",
                    "lhost-mcafee-04.eml",
                    Category.LIST,
                    "the reply says No such user",
                    "lhost-mcafee-05.eml",
                    Category.LIST,
                    "the reply says User not exist",
                    "lhost-mxlogic-03.eml",
                    Category.LIST,
                    "the reply says unknown user",
                    "lhost-surfcontrol-01.eml",
                    Category.LIST,
                    "the reply says No such user",
                    "lhost-zoho-02.eml",
                    Category.LIST,
                    "the reply says User Unknown",
                    "lhost-zoho-03.eml",
                    Category.LIST,
                    "the notice says Invalid Address",
                    "lhost-x1-02.eml",
                    Category.LIST,
                    "the notice says User unknown",
                    "lhost-postfix-07.eml",
                    Category.LIST,
                    "the reply says User unknown",
                    "rfc3464-42.eml",
                    Category.LIST,
                    "the reply says the account does not exist",
                    "rhost-nttdocomo-01.eml",
                    Category.LIST,
                    "the reply says Unknown user",
                    "lhost-exchange2003-04.eml",
                    Category.LIST,
                    "the notice says Recipient Not Found",
                    "lhost-amazonworkmail-02.eml",
                    Category.LIST,
                    "the reply says User Unknown",
                    "lhost-postfix-01.eml",
                    Category.LIST,
                    "the reply says No such user",
                    "rfc3464-01.eml",
                    Category.LIST,
                    "the reply is 5.1.1 User Unknown, not a full mailbox",
                    // A server that will retry does not say the address is gone.
                    "lhost-postfix-05.eml",
                    Category.TRANSIENT,
                    "450 4.1.1 is a temporary failure",
                    // Sisimai gives this reply notaccept here and networkerror in lhost-postfix-17:
                    // a DNS failure.
                    "rhost-aol-06.eml",
                    Category.TRANSIENT,
                    "a malformed name server reply is a DNS failure",
                    // A mailing list manager's loop alert to its own administrator reports no
                    // recipient's failure.
                    "lhost-fml-03.eml",
                    Category.IGNORE,
                    "a list manager's loop alert is no bounce");

    private static final BounceMessageParser PARSER = new BounceMessageParser();
    private static final BounceClassifier CLASSIFIER = new BounceClassifier();

    private static List<Verdict> verdicts;

    record Deliberate(Category ours, String why) {}

    private static Map<String, Deliberate> deliberate(Object... fileCategoryWhy) {
        Map<String, Deliberate> out = new LinkedHashMap<>();
        for (int i = 0; i < fileCategoryWhy.length; i += 3) {
            out.put(
                    (String) fileCategoryWhy[i],
                    new Deliberate(
                            (Category) fileCategoryWhy[i + 1], (String) fileCategoryWhy[i + 2]));
        }
        return out;
    }

    record Verdict(String file, String reason, Category expected, Category actual, String detail) {
        boolean agrees() {
            return expected == actual;
        }
    }

    @BeforeAll
    static void classifyTheCorpus() throws IOException {
        Map<String, JsonNode> firstRecipient = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : resource("expected.jsonl").split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode row = json.readTree(line);
            if (row.get("recipientIndex").asInt() == 1) {
                firstRecipient.putIfAbsent(row.get("file").asText(), row);
            }
        }
        verdicts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : firstRecipient.entrySet()) {
            JsonNode row = entry.getValue();
            if (row.get("category").isNull()) {
                continue; // Sisimai's onhold and undefined: no verdict to compare
            }
            ParsedMessage parsed = PARSER.parse(bytes("eml/" + entry.getKey()));
            Category actual;
            String detail;
            if (parsed instanceof ParsedMessage.Reports reports) {
                RecipientReport first = reports.reports().get(0);
                Classification c = first.classify(CLASSIFIER);
                actual = c.category();
                detail = c.bounceClass() + " by " + c.matchedBy() + " | " + first;
            } else {
                actual = null;
                detail = parsed.toString();
            }
            verdicts.add(
                    new Verdict(
                            entry.getKey(),
                            row.get("sisimaiReason").asText(),
                            Category.valueOf(row.get("category").asText()),
                            actual,
                            detail));
        }
        printTable();
    }

    private static void printTable() {
        Map<Category, int[]> byCategory = new EnumMap<>(Category.class);
        for (Verdict v : verdicts) {
            int[] counts = byCategory.computeIfAbsent(v.expected(), c -> new int[2]);
            counts[0]++;
            counts[1] += v.agrees() ? 1 : 0;
        }
        StringBuilder out =
                new StringBuilder("\nAgreement with Sisimai, first recipient of each message\n");
        out.append(
                String.format(
                        Locale.ROOT,
                        "%-11s %8s %6s %7s%n",
                        "category",
                        "messages",
                        "agree",
                        "share"));
        int total = 0;
        int agree = 0;
        for (Map.Entry<Category, int[]> e : byCategory.entrySet()) {
            int[] c = e.getValue();
            total += c[0];
            agree += c[1];
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%-11s %8d %6d %6.1f%%%n",
                            e.getKey(),
                            c[0],
                            c[1],
                            100.0 * c[1] / c[0]));
        }
        out.append(
                String.format(
                        Locale.ROOT,
                        "%-11s %8d %6d %6.1f%%%n",
                        "all",
                        total,
                        agree,
                        100.0 * agree / total));
        out.append("Disagreements (Sisimai's reason and category -> ours):\n");
        for (Verdict v : verdicts) {
            if (!v.agrees()) {
                Deliberate why = DELIBERATE.get(v.file());
                out.append(
                        String.format(
                                Locale.ROOT,
                                "  %-28s %-15s %-10s -> %-10s %s%n",
                                v.file(),
                                v.reason(),
                                v.expected(),
                                v.actual(),
                                why != null ? "on purpose: " + why.why() : v.detail()));
            }
        }
        System.out.println(out);
    }

    @Test
    void agreesWithSisimaiOnAtLeastNinetyPercentOfTheMessages() {
        long agree = verdicts.stream().filter(Verdict::agrees).count();
        assertThat((double) agree / verdicts.size()).isGreaterThanOrEqualTo(0.90);
    }

    @Test
    void classifiesNoReputationBlockAsList() {
        assertThat(verdicts)
                .filteredOn(v -> REPUTATION_BLOCKS.contains(v.reason()))
                .filteredOn(v -> v.actual() == Category.LIST)
                .isEmpty();
    }

    @Test
    void classifiesAtLeastNinetyPercentOfTheListMessagesAsList() {
        List<Verdict> list = verdicts.stream().filter(v -> v.expected() == Category.LIST).toList();
        long agree = list.stream().filter(Verdict::agrees).count();
        assertThat((double) agree / list.size()).isGreaterThanOrEqualTo(0.90);
    }

    @Test
    void everyDeliberateDisagreementStillGivesTheCategoryItsReasonDefends() {
        for (Map.Entry<String, Deliberate> entry : DELIBERATE.entrySet()) {
            Verdict verdict =
                    verdicts.stream()
                            .filter(v -> v.file().equals(entry.getKey()))
                            .findFirst()
                            .orElseThrow();

            assertThat(verdict.actual())
                    .as(entry.getKey() + ": " + entry.getValue().why())
                    .isEqualTo(entry.getValue().ours())
                    .isNotEqualTo(verdict.expected());
        }
    }

    private static String resource(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String name) {
        try (InputStream in = SisimaiCorpusTest.class.getResourceAsStream(CORPUS + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + CORPUS + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
