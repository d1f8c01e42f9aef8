package io.bouncewatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.demo.RulesReplay.Change;
import io.bouncewatch.rules.Evidence;
import io.bouncewatch.rules.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The story a demo viewer sees, checked against the monitor's own rules: the fleet's records
 * replayed through MailboxRules and DomainRules with the demo settings. It fails if the fleet and
 * the rules drift apart (a threshold change, a script that lands its bounces in the wrong place).
 */
class DemoStoryTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Set<String> ACME_BAD =
            Set.of("outreach-04@acme-outreach.io", "sales.tom@acme-outreach.io");
    private static final Set<String> BRIGHTLEADS_BAD =
            Set.of(
                    "growth.jake@brightleads.co",
                    "growth.lena@brightleads.co",
                    "bizdev.omar@brightleads.co",
                    "bizdev.sara@brightleads.co");
    private static final String BRIGHTLEADS_LATE = "bizdev.sara@brightleads.co";

    @ParameterizedTest(name = "seed {0}, speed {1}, monitor lag {2} ms, {3} minutes")
    @CsvSource({"42, 1.0, 300, 6", "2026, 1.0, 4000, 6", "7, 0.5, 300, 8", "1, 3.0, 300, 5"})
    void everyMailboxGoesThroughItsStoryAndHeals(
            long seed, double speed, long lagMillis, long minutes) {
        RulesReplay replay = replay(seed, speed, lagMillis, Duration.ofMinutes(minutes));
        List<Change> changes = replay.changes();

        assertThat(of(changes, "northwind-mail.com"))
                .as("northwind stays healthy: throttling never counts, two blocks stay under 2%")
                .isEmpty();
        assertThat(of(changes, "ledgerly.app"))
                .as(
                        "DMARC failures count for the domain's config rule, never in a mailbox's window")
                .isEmpty();
        assertThat(changes)
                .filteredOn(c -> c.entity().equals("DOMAIN"))
                .as("only brightleads.co changes as a domain")
                .allMatch(c -> c.id().equals("brightleads.co"));
        assertThat(changes)
                .filteredOn(c -> c.entity().equals("DOMAIN"))
                .extracting(Change::to)
                // Its mailboxes on probation count as healthy, so it resumes when their cooldowns
                // end, and none comes out of probation unhealthy while the others still are: it
                // heals once, without going back to PAUSED.
                .as("brightleads.co warns, pauses, then heals by itself, once")
                .containsExactly(Status.WARNING, Status.PAUSED, Status.WARNING, Status.HEALTHY);

        for (String mailbox : ACME_BAD) {
            assertThat(reasons(changes, mailbox))
                    .as(mailbox)
                    .containsExactly("BOUNCE_RATE", "BOUNCE_RATE", "COOLDOWN_EXPIRED", "RECOVERED");
            assertThat(targets(changes, mailbox))
                    .as(mailbox)
                    .containsExactly(Status.WARNING, Status.PAUSED, Status.WARNING, Status.HEALTHY);
        }
        assertThat(reasons(changes, "newsletter@quietsend.net"))
                .containsExactly("COMPLAINTS", "COMPLAINTS", "COOLDOWN_EXPIRED", "RECOVERED");
        assertThat(reasons(changes, "hello@quietsend.net"))
                .containsExactly("EARLY_WARNING", "BOUNCE_RATE", "COOLDOWN_EXPIRED", "RECOVERED");
        // Pausing once: probation is judged without volume, and a rate still over 2% when it ends
        // holds the mailbox in WARNING until it recovers, instead of flipping it. Three heal when
        // their probation ends; the last, with two more bounces in its window, by its rate.
        for (String mailbox : BRIGHTLEADS_BAD) {
            assertThat(targets(changes, mailbox))
                    .as(mailbox)
                    .containsExactly(Status.WARNING, Status.PAUSED, Status.WARNING, Status.HEALTHY);
            assertThat(reasons(changes, mailbox))
                    .as(mailbox)
                    .containsExactly("BOUNCE_RATE", "BOUNCE_RATE", "COOLDOWN_EXPIRED", "RECOVERED");
            assertThat(changes)
                    .filteredOn(c -> c.id().equals(mailbox) && c.to() == Status.HEALTHY)
                    .extracting(Change::rule)
                    .as(mailbox + " healed by")
                    .containsExactly(
                            mailbox.equals(BRIGHTLEADS_LATE)
                                    ? Evidence.Rule.RECOVERY_RATE
                                    : Evidence.Rule.PROBATION);
        }
        assertThat(changes)
                .filteredOn(
                        c ->
                                c.id().equals("info@brightleads.co")
                                        || c.id().equals("ops@brightleads.co"))
                .isEmpty();

        for (String domain :
                List.of(
                        "northwind-mail.com",
                        "acme-outreach.io",
                        "brightleads.co",
                        "quietsend.net",
                        "ledgerly.app")) {
            assertThat(replay.domainStatus(domain)).as(domain).isEqualTo(Status.HEALTHY);
        }
        Set<String> changed =
                changes.stream()
                        .filter(c -> c.entity().equals("MAILBOX"))
                        .map(Change::id)
                        .collect(Collectors.toSet());
        assertThat(changed)
                .hasSize(8)
                .allSatisfy(
                        mailbox ->
                                assertThat(replay.mailboxStatus(mailbox))
                                        .as(mailbox)
                                        .isEqualTo(Status.HEALTHY));
    }

    @ParameterizedTest(name = "seed {0}")
    @CsvSource({"42", "2026"})
    void atSpeedOneTheHighlightsComeWithinTwoMinutes(long seed) {
        List<Change> changes = replay(seed, 1.0, 300, Duration.ofMinutes(2)).changes();

        assertThat(changes)
                .filteredOn(c -> c.id().equals("brightleads.co") && c.to() == Status.PAUSED)
                .singleElement()
                .satisfies(c -> assertThat(c.atSeconds()).isLessThan(90));
        assertThat(changes)
                .filteredOn(c -> c.entity().equals("MAILBOX") && c.to() == Status.WARNING)
                .extracting(Change::reason)
                .contains("EARLY_WARNING", "BOUNCE_RATE", "COMPLAINTS", "COOLDOWN_EXPIRED");
        assertThat(changes)
                .filteredOn(c -> c.to() == Status.PAUSED && c.entity().equals("MAILBOX"))
                .extracting(Change::reason)
                .contains("BOUNCE_RATE", "COMPLAINTS");
        assertThat(changes)
                .filteredOn(c -> c.reason().equals("COOLDOWN_EXPIRED"))
                .allSatisfy(c -> assertThat(c.atSeconds()).isGreaterThan(60));
    }

    private static RulesReplay replay(long seed, double speed, long lagMillis, Duration length) {
        DemoFleet fleet =
                new DemoFleet(
                        new MockProducer<>(
                                true, null, new StringSerializer(), new StringSerializer()),
                        DemoTopics.DEFAULTS,
                        RulesReplay.DEMO_RULES,
                        seed,
                        speed);
        RulesReplay replay = new RulesReplay(DemoTopics.DEFAULTS, T0.toEpochMilli(), lagMillis);
        long ticks = length.toMillis() / DemoFleet.TICK_MILLIS;
        for (long i = 0; i <= ticks; i++) {
            Instant now = T0.plusMillis(DemoFleet.TICK_MILLIS * i);
            replay.accept(fleet.tick(now), now.toEpochMilli());
        }
        return replay;
    }

    private static List<Change> of(List<Change> changes, String domain) {
        return changes.stream()
                .filter(c -> c.id().equals(domain) || c.id().endsWith("@" + domain))
                .collect(Collectors.toList());
    }

    private static List<String> reasons(List<Change> changes, String mailbox) {
        return changes.stream()
                .filter(c -> c.id().equals(mailbox))
                .map(Change::reason)
                .collect(Collectors.toList());
    }

    private static List<Status> targets(List<Change> changes, String mailbox) {
        return changes.stream()
                .filter(c -> c.id().equals(mailbox))
                .map(Change::to)
                .collect(Collectors.toList());
    }
}
