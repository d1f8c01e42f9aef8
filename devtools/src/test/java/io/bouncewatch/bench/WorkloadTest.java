package io.bouncewatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.bouncewatch.payload.Addresses;
import io.bouncewatch.payload.InputParser;
import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.MailboxEvent;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkloadTest {

    private static final long NOW = java.time.Instant.parse("2026-11-22T00:00:00Z").toEpochMilli();

    @Test
    void theSameSeedGivesTheSameRecordsByteForByte() {
        Workload a = new Workload(1_000, 10, TrafficMix.DEFAULT, 7, "");
        Workload b = new Workload(1_000, 10, TrafficMix.DEFAULT, 7, "");
        Workload other = new Workload(1_000, 10, TrafficMix.DEFAULT, 8, "");
        boolean differs = false;
        for (int i = 0; i < 5_000; i++) {
            Workload.Event x = a.next();
            Workload.Event y = b.next();
            assertThat(y.json()).isEqualTo(x.json());
            assertThat(y.mailbox()).isEqualTo(x.mailbox());
            differs |= !java.util.Arrays.equals(other.next().json(), x.json());
        }
        assertThat(differs).as("another seed gives other records").isTrue();
    }

    @Test
    void everyRecordIsAValidEventOfItsTopicKeyedByItsNormalisedMailbox() {
        Workload workload = new Workload(500, 5, new TrafficMix(0.1, 0.2, 0.5, 0.3, 0.01), 1, "p-");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            Workload.Event e = workload.next();
            MailboxEvent parsed =
                    switch (e.kind()) {
                        case SEND -> InputParser.send(e.json(), NOW, NOW);
                        case BOUNCE -> InputParser.bounce(e.json(), NOW, NOW);
                        case COMPLAINT -> InputParser.complaint(e.json(), NOW, NOW);
                    };
            assertThat(parsed.mailbox())
                    .isEqualTo(e.mailbox())
                    .isEqualTo(Addresses.normaliseMailbox(e.mailbox()));
            assertThat(parsed.eventId()).isEqualTo(e.eventId()).startsWith("p-");
            assertThat(ids.add(e.eventId())).as("event ids are unique").isTrue();
        }
    }

    @Test
    void sharesFollowTheMixAndBadMailboxesBounceMore() {
        TrafficMix mix = new TrafficMix(0.01, 0.05, 0.2, 0.3, 0.001);
        Workload workload = new Workload(10_000, 100, mix, 3, "");
        Map<Workload.Kind, Integer> counts = new HashMap<>();
        int soft = 0;
        int events = 400_000;
        for (int i = 0; i < events; i++) {
            Workload.Event e = workload.next();
            counts.merge(e.kind(), 1, Integer::sum);
            if (e.kind() == Workload.Kind.BOUNCE
                    && InputParser.bounce(e.json(), NOW, NOW).type() == BounceType.SOFT) {
                soft++;
            }
        }
        assertThat(workload.badMailboxes()).isEqualTo(500);
        double expectedBounces = 0.95 * 0.01 + 0.05 * 0.2;
        assertThat(counts.get(Workload.Kind.BOUNCE) / (double) events)
                .isCloseTo(expectedBounces, within(0.002));
        assertThat(soft / (double) counts.get(Workload.Kind.BOUNCE)).isCloseTo(0.3, within(0.02));
        assertThat(counts.get(Workload.Kind.COMPLAINT)).isPositive();
    }

    @Test
    void badMailboxesCrowdIntoAFewDomainsSoThatDomainsTipToo() {
        Workload workload =
                new Workload(20_000, 200, new TrafficMix(0.01, 0.03, 0.12, 0.3, 0.0005), 42, "");
        assertThat(workload.badShareOfWorstDomain()).isGreaterThanOrEqualTo(0.5);
    }
}
