package io.bouncewatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every line of the suppression rules (docs/rules.md §10), and their edges. */
class SuppressionRulesTest {

    private static final String BOB = "bob@example.com";
    private static final long T0 = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final BounceClassifier CLASSIFIER = new BounceClassifier();

    private final SuppressionRules rules = new SuppressionRules(RuleSettings.DEFAULTS);

    private static MailboxEvent.Bounce bounce(
            String id, String mailbox, long at, int code, String status, String diagnostic) {
        return MailboxEvent.Bounce.classified(
                id,
                mailbox,
                at,
                new BounceFacts(null, diagnostic, status, code, null, BOB, null, null),
                CLASSIFIER);
    }

    private static MailboxEvent.Bounce userUnknown(String id, long at) {
        return bounce(id, "alice@acme.io", at, 550, "5.1.1", "user unknown");
    }

    private static MailboxEvent.Bounce mailboxFull(String id, String mailbox, long at) {
        return bounce(id, mailbox, at, 452, "4.2.2", "mailbox full");
    }

    private static SuppressionCommand suppress(String id, Long until, long at) {
        return new SuppressionCommand(
                id,
                BOB,
                SuppressionAction.SUPPRESS,
                until,
                Category.LIST,
                SuppressionSource.IMPORT,
                "old provider's list",
                "ops@acme.io",
                at);
    }

    private static SuppressionCommand unsuppress(String id, long at) {
        return new SuppressionCommand(
                id,
                BOB,
                SuppressionAction.UNSUPPRESS,
                null,
                null,
                SuppressionSource.OPERATOR,
                "address fixed",
                "ops@acme.io",
                at);
    }

    /** The bounces in turn, each decided at its own time; the last decision. */
    private List<SuppressionDecision> feed(List<MailboxEvent.Bounce> bounces) {
        SuppressionState state = null;
        List<SuppressionDecision> out = new ArrayList<>();
        for (MailboxEvent.Bounce b : bounces) {
            SuppressionDecision d = rules.onBounce(state, BOB, b, b.timestamp());
            out.add(d);
            state = d.state();
        }
        return out;
    }

    @Test
    void aListBounceSuppressesUntilRemovedAndSaysWhy() {
        MailboxEvent.Bounce b = userUnknown("b-1", T0);

        SuppressionDecision d = rules.onBounce(null, BOB, b, T0);

        assertThat(d.written())
                .isEqualTo(
                        new Suppression(
                                BOB,
                                Category.LIST,
                                BounceClass.USER_UNKNOWN,
                                SuppressionSource.BOUNCE,
                                T0,
                                null,
                                "alice@acme.io",
                                "b-1",
                                null,
                                null));
        assertThat(d.state().suppressedAt(T0 + 365 * DAY)).isTrue();
        assertThat(rules.deadline(d.state())).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aComplaintSuppressesUntilRemoved() {
        SuppressionDecision d =
                rules.onComplaint(
                        null, BOB, new MailboxEvent.Complaint("c-1", "alice@acme.io", T0, BOB), T0);

        assertThat(d.written().category()).isEqualTo(Category.COMPLAINT);
        assertThat(d.written().source()).isEqualTo(SuppressionSource.COMPLAINT);
        assertThat(d.written().bounceClass()).isNull();
        assertThat(d.written().until()).isNull();
        assertThat(d.written().causeEventId()).isEqualTo("c-1");
    }

    @ParameterizedTest(name = "{0} {1} {2}: {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "550|5.7.1|Our system has detected that this message is likely unsolicited mail."
                        + " To reduce the amount of spam, this message has been blocked."
                        + " low reputation|REPUTATION",
                "421|4.7.28|Our system has detected an unusual rate of unsolicited mail"
                        + " originating from your IP address|THROTTLE",
                "550|5.7.26|Unauthenticated email is not accepted, DMARC policy|CONFIG",
                "421|4.7.0|Too many connections, try again later|THROTTLE",
                "250|2.0.0|auto-reply: I am on vacation|IGNORE",
                "500||something nobody recognises|UNKNOWN"
            })
    void noOtherCategoryEverSuppresses(
            int code, String status, String diagnostic, Category expected) {
        MailboxEvent.Bounce b = bounce("b-1", "alice@acme.io", T0, code, status, diagnostic);
        assertThat(b.category()).isEqualTo(expected);

        List<SuppressionDecision> three =
                feed(
                        List.of(
                                b,
                                bounce("b-2", "m2@acme.io", T0 + 1, code, status, diagnostic),
                                bounce("b-3", "m3@acme.io", T0 + 2, code, status, diagnostic)));

        assertThat(three).allSatisfy(d -> assertThat(d.changesList()).isFalse());
        assertThat(three.get(2).state()).isNull();
        assertThat(SuppressionRules.suppresses(expected)).isFalse();
    }

    @Test
    void threeTransientBouncesWithinAWeekFromAnyMailboxesSuppressForAWeekFromTheLast() {
        List<SuppressionDecision> d =
                feed(
                        List.of(
                                mailboxFull("b-1", "a@acme.io", T0),
                                mailboxFull("b-2", "b@acme.io", T0 + 3 * DAY),
                                mailboxFull("b-3", "c@other.io", T0 + 6 * DAY)));

        assertThat(d.get(0).changesList()).isFalse();
        assertThat(d.get(1).changesList()).isFalse();
        Suppression s = d.get(2).written();
        assertThat(s.category()).isEqualTo(Category.TRANSIENT);
        assertThat(s.bounceClass()).isEqualTo(BounceClass.MAILBOX_FULL);
        assertThat(s.since()).isEqualTo(T0 + 6 * DAY);
        assertThat(s.until()).isEqualTo(T0 + 13 * DAY);
        assertThat(s.mailbox()).isEqualTo("c@other.io");
        assertThat(s.causeEventId()).isEqualTo("b-3");
        assertThat(rules.deadline(d.get(2).state())).isEqualTo(T0 + 13 * DAY);
    }

    @Test
    void threeTransientBouncesSpreadOverEightDaysDoNotSuppress() {
        List<SuppressionDecision> d =
                feed(
                        List.of(
                                mailboxFull("b-1", "a@acme.io", T0),
                                mailboxFull("b-2", "a@acme.io", T0 + 4 * DAY),
                                mailboxFull("b-3", "a@acme.io", T0 + 8 * DAY)));

        assertThat(d).allSatisfy(x -> assertThat(x.changesList()).isFalse());
        assertThat(d.get(2).state().soft()).hasSize(2);
    }

    @Test
    void aRedeliveredTransientBounceCountsOnce() {
        List<SuppressionDecision> d =
                feed(
                        List.of(
                                mailboxFull("b-1", "a@acme.io", T0),
                                mailboxFull("b-1", "a@acme.io", T0 + 1),
                                mailboxFull("b-2", "a@acme.io", T0 + 2)));

        assertThat(d).allSatisfy(x -> assertThat(x.changesList()).isFalse());
        assertThat(d.get(2).state().soft()).hasSize(2);
    }

    @Test
    void theTemporaryEntryLeavesWhenItsTimeIsUpOnTheWallClock() {
        SuppressionState suppressed =
                feed(List.of(
                                mailboxFull("b-1", "a@acme.io", T0),
                                mailboxFull("b-2", "a@acme.io", T0 + 1),
                                mailboxFull("b-3", "a@acme.io", T0 + 2)))
                        .get(2)
                        .state();
        long until = T0 + 2 + 7 * DAY;

        SuppressionDecision before = rules.onTime(suppressed, BOB, until - 1);
        SuppressionDecision after = rules.onTime(suppressed, BOB, until);

        assertThat(before.changesList()).isFalse();
        assertThat(before.state()).isEqualTo(suppressed);
        assertThat(after.state()).isNull();
        assertThat(after.removal()).isEqualTo(SuppressionDecision.Removal.EXPIRED);
        assertThat(after.removed().until()).isEqualTo(until);
    }

    @Test
    void countingBouncesTheWindowHasLeftAreForgottenSilently() {
        SuppressionState counting =
                feed(List.of(mailboxFull("b-1", "a@acme.io", T0))).get(0).state();

        assertThat(rules.deadline(counting)).isEqualTo(T0 + 7 * DAY);
        assertThat(rules.onTime(counting, BOB, T0 + 7 * DAY - 1).state()).isEqualTo(counting);
        SuppressionDecision gone = rules.onTime(counting, BOB, T0 + 7 * DAY);
        assertThat(gone.state()).isNull();
        assertThat(gone.changesList()).isFalse();
    }

    @Test
    void aPermanentEntryIsNotWeakenedByATemporaryCause() {
        SuppressionState list = rules.onBounce(null, BOB, userUnknown("b-1", T0), T0).state();

        SuppressionDecision imported = rules.onCommand(list, suppress("op-1", T0 + DAY, T0), T0);
        SuppressionDecision transients =
                rules.onBounce(list, BOB, mailboxFull("b-2", "a@acme.io", T0), T0);
        SuppressionDecision complaint =
                rules.onComplaint(
                        list, BOB, new MailboxEvent.Complaint("c-1", "a@acme.io", T0, BOB), T0);

        assertThat(imported.changesList()).isFalse();
        assertThat(transients.changesList()).isFalse();
        assertThat(complaint.changesList()).isFalse();
        assertThat(complaint.state()).isEqualTo(list);
    }

    @Test
    void aTemporaryEntryIsUpgradedByAPermanentCauseAndKeepsItsSince() {
        SuppressionState temporary =
                rules.onCommand(null, suppress("op-1", T0 + DAY, T0), T0).state();

        SuppressionDecision d = rules.onBounce(temporary, BOB, userUnknown("b-1", T0 + 60_000), T0);

        assertThat(d.written().until()).isNull();
        assertThat(d.written().category()).isEqualTo(Category.LIST);
        assertThat(d.written().source()).isEqualTo(SuppressionSource.BOUNCE);
        assertThat(d.written().since()).isEqualTo(T0);
        assertThat(d.written().operator()).isNull();
    }

    @Test
    void aLaterEndExtendsATemporaryEntryAndAnEarlierOneChangesNothing() {
        SuppressionState temporary =
                rules.onCommand(null, suppress("op-1", T0 + DAY, T0), T0).state();

        assertThat(
                        rules.onCommand(temporary, suppress("op-2", T0 + 2 * DAY, T0), T0)
                                .written()
                                .until())
                .isEqualTo(T0 + 2 * DAY);
        assertThat(rules.onCommand(temporary, suppress("op-3", T0 + DAY / 2, T0), T0).changesList())
                .isFalse();
    }

    @Test
    void aSuppressCommandCarriesWhoAndWhyAndAnImportAgainChangesNothing() {
        SuppressionDecision first = rules.onCommand(null, suppress("op-1", null, T0), T0);
        SuppressionDecision again =
                rules.onCommand(first.state(), suppress("op-9", null, T0 + DAY), T0);

        assertThat(first.written())
                .isEqualTo(
                        new Suppression(
                                BOB,
                                Category.LIST,
                                null,
                                SuppressionSource.IMPORT,
                                T0,
                                null,
                                null,
                                "op-1",
                                "ops@acme.io",
                                "old provider's list"));
        assertThat(again.changesList()).isFalse();
        assertThat(again.state()).isEqualTo(first.state());
    }

    @Test
    void aSuppressionWhoseEndHasPassedChangesNothing() {
        SuppressionDecision d = rules.onCommand(null, suppress("op-1", T0 - 1, T0), T0);

        assertThat(d.changesList()).isFalse();
        assertThat(d.state()).isNull();
    }

    @Test
    void unsuppressRemovesTheEntryAndWhatCountedTowardsOne() {
        SuppressionState list = rules.onBounce(null, BOB, userUnknown("b-1", T0), T0).state();
        SuppressionState counting =
                feed(List.of(mailboxFull("b-1", "a@acme.io", T0))).get(0).state();

        SuppressionDecision removed = rules.onCommand(list, unsuppress("op-2", T0 + 1), T0 + 1);
        SuppressionDecision forgotten = rules.onCommand(counting, unsuppress("op-3", T0), T0);
        SuppressionDecision nothing = rules.onCommand(null, unsuppress("op-4", T0), T0);

        assertThat(removed.state()).isNull();
        assertThat(removed.removal()).isEqualTo(SuppressionDecision.Removal.OPERATOR);
        assertThat(removed.removed().causeEventId()).isEqualTo("b-1");
        assertThat(forgotten.state()).isNull();
        assertThat(forgotten.changesList()).isFalse();
        assertThat(nothing.changesList()).isFalse();
    }

    @Test
    void theSoftRuleFollowsItsSettings() {
        Map<String, Object> values = new HashMap<>();
        RuleSetting.ALL.forEach(r -> values.put(r.key(), r.typedDefault()));
        values.put("suppression.soft-bounces", 1);
        values.put("suppression.soft-ttl", Duration.ofSeconds(3));
        SuppressionRules quick = new SuppressionRules(RuleSettings.from(values));

        SuppressionDecision first =
                quick.onBounce(null, BOB, mailboxFull("b-1", "a@acme.io", T0), T0);

        assertThat(RuleSettings.DEFAULTS.suppressionSoftBounces()).isEqualTo(3);
        assertThat(first.written().until()).isEqualTo(T0 + 3_000);
    }
}
