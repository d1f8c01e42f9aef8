package io.bouncewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MailboxStoreKeyTest {

    @ParameterizedTest
    @ValueSource(
            strings = {"alice@acme.io", "a@b@c.io", "o'brien+tag@mail.co.uk", "用户@例子.广告", "x@y"})
    void aMailboxComesBackFromItsKey(String mailbox) {
        assertThat(MailboxStoreKey.mailboxOf(MailboxStoreKey.of(mailbox))).isEqualTo(mailbox);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice@acme.io", "a@b@acme.io", "zz@acme.io"})
    void everyMailboxOfADomainStartsWithItsPrefixAndNoOtherDoes(String mailbox) {
        assertThat(MailboxStoreKey.of(mailbox)).startsWith(MailboxStoreKey.domainPrefix("acme.io"));
        assertThat(MailboxStoreKey.of(mailbox))
                .doesNotStartWith(MailboxStoreKey.domainPrefix("acme.i"));
        assertThat(MailboxStoreKey.of(mailbox.replace("acme.io", "acme.io.evil")))
                .doesNotStartWith(MailboxStoreKey.domainPrefix("acme.io"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice@acme.io", "sender12345@outreach123.example"})
    void theDomainIsWrittenOnce(String mailbox) {
        assertThat(MailboxStoreKey.of(mailbox)).hasSize(mailbox.length());
    }
}
