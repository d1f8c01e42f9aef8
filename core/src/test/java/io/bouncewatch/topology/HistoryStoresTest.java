package io.bouncewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.payload.MailboxHistory;
import io.bouncewatch.rules.BounceClass;
import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.Classification;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.MailboxWindow;
import io.bouncewatch.rules.Provider;
import io.bouncewatch.rules.Status;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HistoryStoresTest {

    private static MailboxEvent.Bounce bounce(Classification c, String recipient, String reply) {
        return new MailboxEvent.Bounce(
                "e-1", "alice@story.io", 1_000, BounceType.HARD, c, recipient, reply);
    }

    private static MailboxHistory.Bounce roundTrip(MailboxEvent.Bounce bounce) {
        return HistoryStores.decodeBounce(bounce.timestamp(), HistoryStores.encode(bounce));
    }

    @Test
    void aBounceKeepsWhatItMeant() {
        MailboxEvent.Bounce bounce =
                bounce(
                        new Classification(
                                Category.REPUTATION,
                                BounceClass.LOW_REPUTATION,
                                Provider.GOOGLE,
                                "reply google-low-reputation"),
                        "bob@gmail.com",
                        "550 5.7.1 very low reputation gsmtp");

        assertThat(roundTrip(bounce))
                .isEqualTo(
                        new MailboxHistory.Bounce(
                                "e-1",
                                1_000,
                                "bob@gmail.com",
                                Category.REPUTATION,
                                BounceClass.LOW_REPUTATION,
                                Provider.GOOGLE,
                                "550 5.7.1 very low reputation gsmtp"));
    }

    @Test
    void anUnknownClassAndProviderAreNullAndAMissingReplyStaysMissing() {
        MailboxHistory.Bounce kept =
                roundTrip(bounce(Classification.ofType(BounceType.HARD), null, null));

        assertThat(kept.category()).isEqualTo(Category.UNKNOWN);
        assertThat(kept.bounceClass()).isNull();
        assertThat(kept.provider()).isNull();
        assertThat(kept.recipient()).isNull();
        assertThat(kept.diagnostic()).isNull();
    }

    @Test
    void aLongReplyIsCutTo200Characters() {
        String reply = "550 " + "x".repeat(400);

        MailboxHistory.Bounce kept =
                roundTrip(bounce(Classification.ofType(BounceType.HARD), null, reply));

        assertThat(kept.diagnostic()).isEqualTo(reply.substring(0, 200));
    }

    /**
     * The stored bytes, pinned: a change of layout must come with a new version byte, or the
     * histories restored from a running deployment's changelogs are misread.
     */
    @Test
    void theStoredBytesArePinned() {
        MailboxEvent.Bounce bounce =
                new MailboxEvent.Bounce(
                        "e-1",
                        "alice@story.io",
                        1_000,
                        BounceType.HARD,
                        new Classification(
                                Category.REPUTATION,
                                BounceClass.LOW_REPUTATION,
                                Provider.GOOGLE,
                                "reply google-low-reputation"),
                        "bob@gmail.com",
                        "550 5.7.1");
        assertThat(
                        HexFormat.of()
                                .formatHex(
                                        HistoryLog.add(
                                                null, 1_000, HistoryStores.encode(bounce), 20)))
                .isEqualTo(
                        "01e8071f03652d310e626f6240676d61696c2e636f6d010b010a35353020352e372e31");
        byte[] sample =
                HistoryStores.encode(new MailboxWindow(3_000_000, 1_000_000, 0), Status.PAUSED);
        assertThat(HexFormat.of().formatHex(HistoryLog.add(null, 1_000, sample, 144)))
                .isEqualTo("01e80704ac026402");
    }

    @Test
    void aMailboxsKeysSitUnderItsStoreKeyOneKindApart() {
        assertThat(HistoryStores.key("alice@story.io", false, (byte) 1).get())
                .isEqualTo(
                        "story.io\u0000alice\u0001"
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(HistoryStores.key("story.io", true, (byte) 4).get())
                .isEqualTo("story.io\u0004".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
