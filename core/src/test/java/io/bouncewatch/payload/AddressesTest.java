package io.bouncewatch.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.IDN;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Addresses are accepted, normalised and refused, with the same reasons, as the documented rules
 * say.
 */
class AddressesTest {

    @Property(tries = 5000)
    void aMailboxIsReadAsTheReferenceReadsIt(@ForAll("addresses") String raw) {
        assertThat(outcome(() -> Addresses.normaliseMailbox(raw)))
                .isEqualTo(outcome(() -> Reference.mailbox(raw)));
    }

    @Property(tries = 3000)
    void aDomainIsReadAsTheReferenceReadsIt(@ForAll("addresses") String raw) {
        assertThat(outcome(() -> Addresses.normaliseDomain(raw)))
                .isEqualTo(outcome(() -> Reference.domain(raw)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Alice@Acme.IO",
                " alice@acme.io\t",
                "alice@",
                "@acme.io",
                "alice",
                "a@b@c",
                "a@b@",
                "al ice@acme.io",
                "alice@ac me.io",
                "alice\u200b@acme.io",
                "alice@acme\u200b.io",
                "alice@acme\u00ad.io",
                "alice@acme\u00a0.io",
                "alice\ud800@acme.io",
                "alice@acme\udc00.io",
                "jörg@bücher.de",
                "\ud83d\ude00@x.io",
                "alice\u007f@acme.io",
                "alice@acme\u0085.io",
                ""
            })
    void edgeCasesAreReadAsTheReferenceReadsThem(String raw) {
        assertThat(outcome(() -> Addresses.normaliseMailbox(raw)))
                .isEqualTo(outcome(() -> Reference.mailbox(raw)));
        assertThat(outcome(() -> Addresses.normaliseDomain(raw)))
                .isEqualTo(outcome(() -> Reference.domain(raw)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "acme.io.",
                "Acme.Io.",
                "xn--bcher-kva.example.",
                "bücher.example.",
                "Bücher.Example",
                "a.",
                ".",
                "。",
                "bücher。example",
                "\ud83d\ude00.io",
                "a..ö",
                "ö.ä.ü",
                "x.ö\u0301.de"
            })
    void trailingDotsAndInternationalNamesAreReadAsTheReferenceReadsThem(String domain) {
        for (String raw :
                new String[] {domain, "Bob@" + domain, "ö" + "a".repeat(70) + "." + domain}) {
            assertThat(outcome(() -> Addresses.normaliseMailbox(raw)))
                    .isEqualTo(outcome(() -> Reference.mailbox(raw)));
            assertThat(outcome(() -> Addresses.normaliseDomain(raw)))
                    .isEqualTo(outcome(() -> Reference.domain(raw)));
        }
    }

    @Test
    void aDomainIsLowerCaseWithoutItsTrailingDotAndInPunycode() {
        assertThat(Addresses.normaliseDomain("ACME.IO.")).isEqualTo("acme.io");
        assertThat(Addresses.normaliseDomain(" Bücher.Example "))
                .isEqualTo("xn--bcher-kva.example");
        assertThat(Addresses.normaliseMailbox("Alice@ACME.IO.")).isEqualTo("alice@acme.io");
        assertThat(Addresses.normaliseMailbox("Bob@Bücher.Example"))
                .isEqualTo("bob@xn--bcher-kva.example");
        assertThat(Addresses.normaliseMailbox("\"a@b\"@Bücher.Example."))
                .as("the domain is after the last @")
                .isEqualTo("\"a@b\"@xn--bcher-kva.example");
        assertThat(Addresses.normaliseMailbox("Jörg@xn--bcher-kva.example"))
                .as("the local part stays as written")
                .isEqualTo("jörg@xn--bcher-kva.example");
    }

    @Test
    void invalidDomainsAreStillRefusedWithAReason() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Addresses.normaliseDomain("."))
                .withMessage("domain has no domain");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Addresses.normaliseMailbox("alice@."))
                .withMessage("mailbox 'alice@.' has no domain");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Addresses.normaliseMailbox("alice@\ud83d\ude00.io"))
                .withMessageStartingWith(
                        "mailbox 'alice@\ud83d\ude00.io': '\ud83d\ude00.io' is not a valid "
                                + "internationalised domain name (An unassigned code point");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Addresses.normaliseDomain("ö" + "a".repeat(70) + ".de"))
                .withMessageEndingWith(
                        "is not a valid internationalised domain name "
                                + "(The label in the input is too long)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Addresses.normaliseDomain("acme\u200b.io."))
                .withMessage("domain contains an invisible character (U+200B)");
    }

    @Property(tries = 50)
    void longAddressesAreReadAsTheReferenceReadsThem(@ForAll("longAddresses") String raw) {
        assertThat(outcome(() -> Addresses.normaliseMailbox(raw)))
                .isEqualTo(outcome(() -> Reference.mailbox(raw)));
        assertThat(outcome(() -> Addresses.normaliseDomain(raw)))
                .isEqualTo(outcome(() -> Reference.domain(raw)));
    }

    @Provide
    Arbitrary<String> addresses() {
        Arbitrary<Character> chars =
                Arbitraries.oneOf(
                        Arbitraries.chars().range('a', 'z'),
                        Arbitraries.chars().range('A', 'Z'),
                        Arbitraries.chars().range('!', '~'),
                        Arbitraries.of(
                                '@', '@', '.', ' ', '\t', '\n', '\u0000', '\u007f', '\u0085',
                                '\u00a0', '\u00ad', '\u200b', '\u2028', '\u3000', '\ufeff', 'ö',
                                'İ', '用', '\ud83d', '\ude00', '\udc00'));
        return chars.list()
                .ofMaxSize(30)
                .map(
                        list -> {
                            StringBuilder b = new StringBuilder();
                            list.forEach(b::append);
                            return b.toString();
                        });
    }

    @Provide
    Arbitrary<String> longAddresses() {
        return Arbitraries.integers()
                .between(50, 400)
                .flatMap(
                        local ->
                                Arbitraries.integers()
                                        .between(1, 300)
                                        .map(
                                                domain ->
                                                        "a".repeat(local)
                                                                + "@"
                                                                + "b".repeat(domain)));
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
                throw new IllegalArgumentException(
                        "mailbox is longer than " + Addresses.MAX_ADDRESS_LENGTH + " characters");
            }
            int at = mailbox.lastIndexOf('@');
            if (at < 0) {
                throw new IllegalArgumentException(
                        "mailbox '" + Addresses.abbreviate(mailbox) + "' has no @");
            }
            if (at == 0) {
                throw new IllegalArgumentException(
                        "mailbox '" + Addresses.abbreviate(mailbox) + "' has nothing before the @");
            }
            String what = "mailbox '" + Addresses.abbreviate(mailbox) + "'";
            checkDomain(mailbox.substring(at + 1), what);
            String domain = normalForm(mailbox.substring(at + 1), what);
            checkPrintable(mailbox, "mailbox");
            String normalised = mailbox.substring(0, at + 1) + domain;
            if (normalised.length() > Addresses.MAX_ADDRESS_LENGTH) {
                throw new IllegalArgumentException(
                        "mailbox is longer than " + Addresses.MAX_ADDRESS_LENGTH + " characters");
            }
            return normalised;
        }

        static String domain(String raw) {
            String domain = raw.strip().toLowerCase(Locale.ROOT);
            checkDomain(domain, "domain");
            return normalForm(domain, "domain");
        }

        /** In ASCII (punycode) when internationalised, then without the trailing dot. */
        private static String normalForm(String domain, String what) {
            String ascii = domain;
            if (!domain.chars().allMatch(c -> c < 0x80)) {
                try {
                    ascii = IDN.toASCII(domain).toLowerCase(Locale.ROOT);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            what
                                    + ": '"
                                    + Addresses.abbreviate(domain)
                                    + "' is not a valid internationalised domain name ("
                                    + e.getMessage().replace("java.text.ParseException: ", "")
                                    + ")");
                }
                if (ascii.length() > Addresses.MAX_DOMAIN_LENGTH) {
                    throw new IllegalArgumentException(
                            what
                                    + ": domain is longer than "
                                    + Addresses.MAX_DOMAIN_LENGTH
                                    + " characters in its ASCII form");
                }
            }
            if (ascii.endsWith(".")) {
                ascii = ascii.substring(0, ascii.length() - 1);
            }
            if (ascii.isEmpty()) {
                throw new IllegalArgumentException(what + " has no domain");
            }
            return ascii;
        }

        private static void checkDomain(String domain, String what) {
            if (domain.isEmpty()) {
                throw new IllegalArgumentException(what + " has no domain");
            }
            if (domain.length() > Addresses.MAX_DOMAIN_LENGTH) {
                throw new IllegalArgumentException(
                        what
                                + ": domain is longer than "
                                + Addresses.MAX_DOMAIN_LENGTH
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
                if (Character.isHighSurrogate(c)
                        && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                if (Character.isSurrogate(c)) {
                    throw new IllegalArgumentException(
                            what + " contains invalid Unicode (a lone surrogate)");
                }
                if (Character.isWhitespace(c)
                        || Character.isSpaceChar(c)
                        || Character.isISOControl(c)) {
                    throw new IllegalArgumentException(
                            what + " contains white space or a control character");
                }
                if (Character.getType(c) == Character.FORMAT) {
                    throw new IllegalArgumentException(
                            what
                                    + " contains an invisible character (U+"
                                    + String.format(Locale.ROOT, "%04X", (int) c)
                                    + ")");
                }
            }
        }
    }
}
