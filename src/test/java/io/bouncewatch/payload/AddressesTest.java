package io.bouncewatch.payload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Addresses are accepted, normalised and refused, with the same reasons, as the rules of CONTRACT.md say. */
class AddressesTest {

    @Property(tries = 5000)
    void aMailboxIsReadAsTheReferenceReadsIt(@ForAll("addresses") String raw) {
        assertThat(outcome(() -> Addresses.normaliseMailbox(raw))).isEqualTo(outcome(() -> Reference.mailbox(raw)));
    }

    @Property(tries = 3000)
    void aDomainIsReadAsTheReferenceReadsIt(@ForAll("addresses") String raw) {
        assertThat(outcome(() -> Addresses.normaliseDomain(raw))).isEqualTo(outcome(() -> Reference.domain(raw)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Alice@Acme.IO", " alice@acme.io\t", "alice@", "@acme.io", "alice", "a@b@c", "a@b@",
        "al ice@acme.io", "alice@ac me.io", "alice\u200b@acme.io", "alice@acme\u200b.io", "alice@acme\u00ad.io",
        "alice@acme\u00a0.io", "alice\ud800@acme.io", "alice@acme\udc00.io", "jörg@bücher.de", "\ud83d\ude00@x.io",
        "alice\u007f@acme.io", "alice@acme\u0085.io", ""})
    void edgeCasesAreReadAsTheReferenceReadsThem(String raw) {
        assertThat(outcome(() -> Addresses.normaliseMailbox(raw))).isEqualTo(outcome(() -> Reference.mailbox(raw)));
        assertThat(outcome(() -> Addresses.normaliseDomain(raw))).isEqualTo(outcome(() -> Reference.domain(raw)));
    }

    @Property(tries = 50)
    void longAddressesAreReadAsTheReferenceReadsThem(@ForAll("longAddresses") String raw) {
        assertThat(outcome(() -> Addresses.normaliseMailbox(raw))).isEqualTo(outcome(() -> Reference.mailbox(raw)));
        assertThat(outcome(() -> Addresses.normaliseDomain(raw))).isEqualTo(outcome(() -> Reference.domain(raw)));
    }

    @Provide
    Arbitrary<String> addresses() {
        Arbitrary<Character> chars = Arbitraries.oneOf(
                Arbitraries.chars().range('a', 'z'),
                Arbitraries.chars().range('A', 'Z'),
                Arbitraries.chars().range('!', '~'),
                Arbitraries.of('@', '@', '.', ' ', '\t', '\n', '\u0000', '\u007f', '\u0085', '\u00a0', '\u00ad',
                        '\u200b', '\u2028', '\u3000', '\ufeff', 'ö', 'İ', '用', '\ud83d', '\ude00', '\udc00'));
        return chars.list().ofMaxSize(30).map(list -> {
            StringBuilder b = new StringBuilder();
            list.forEach(b::append);
            return b.toString();
        });
    }

    @Provide
    Arbitrary<String> longAddresses() {
        return Arbitraries.integers().between(50, 400).flatMap(local -> Arbitraries.integers().between(1, 300)
                .map(domain -> "a".repeat(local) + "@" + "b".repeat(domain)));
    }

    private static String outcome(java.util.function.Supplier<String> read) {
        try {
            return "ok " + read.get();
        } catch (IllegalArgumentException e) {
            return "refused " + e.getMessage();
        }
    }

    /** The straightforward statement of the rules, each check in turn. */
    private static final class Reference {

        static String mailbox(String raw) {
            String mailbox = raw.strip().toLowerCase(Locale.ROOT);
            if (mailbox.isEmpty()) {
                throw new IllegalArgumentException("mailbox is empty");
            }
            if (mailbox.length() > Addresses.MAX_ADDRESS_LENGTH) {
                throw new IllegalArgumentException("mailbox is longer than " + Addresses.MAX_ADDRESS_LENGTH
                        + " characters");
            }
            int at = mailbox.lastIndexOf('@');
            if (at < 0) {
                throw new IllegalArgumentException("mailbox '" + Addresses.abbreviate(mailbox) + "' has no @");
            }
            if (at == 0) {
                throw new IllegalArgumentException("mailbox '" + Addresses.abbreviate(mailbox)
                        + "' has nothing before the @");
            }
            checkDomain(mailbox.substring(at + 1), "mailbox '" + Addresses.abbreviate(mailbox) + "'");
            checkPrintable(mailbox, "mailbox");
            return mailbox;
        }

        static String domain(String raw) {
            String domain = raw.strip().toLowerCase(Locale.ROOT);
            checkDomain(domain, "domain");
            return domain;
        }

        private static void checkDomain(String domain, String what) {
            if (domain.isEmpty()) {
                throw new IllegalArgumentException(what + " has no domain");
            }
            if (domain.length() > Addresses.MAX_DOMAIN_LENGTH) {
                throw new IllegalArgumentException(what + ": domain is longer than " + Addresses.MAX_DOMAIN_LENGTH
                        + " characters");
            }
            if (domain.indexOf('@') >= 0) {
                throw new IllegalArgumentException(what + ": a domain has no @");
            }
            checkPrintable(domain, what);
        }

        private static void checkPrintable(String value, String what) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                if (Character.isSurrogate(c)) {
                    throw new IllegalArgumentException(what + " contains invalid Unicode (a lone surrogate)");
                }
                if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                    throw new IllegalArgumentException(what + " contains white space or a control character");
                }
                if (Character.getType(c) == Character.FORMAT) {
                    throw new IllegalArgumentException(what + " contains an invisible character (U+"
                            + String.format(Locale.ROOT, "%04X", (int) c) + ")");
                }
            }
        }
    }
}
