package io.bouncewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The mailbox processor counts the events it counted: sends, complaints, bounces by category, and
 * the bounces that count toward the mailbox's bounce rate; duplicates are not counted again.
 */
class EventCountersTest {

    private static final String MAILBOX = "news@acme.io";

    private final TopologyHarness h = new TopologyHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private double total(String name) {
        return h.total("mailbox", name);
    }

    private void bounce(String id, String category) {
        h.raw(
                "bounces",
                MAILBOX.getBytes(StandardCharsets.UTF_8),
                ("{\"eventId\":\""
                                + id
                                + "\",\"mailbox\":\""
                                + MAILBOX
                                + "\",\"type\":\"HARD\",\"smtpCode\":550,\"category\":\""
                                + category
                                + "\",\"timestamp\":\""
                                + h.eventTime()
                                + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyCounterExistsFromZeroBeforeAnyEvent() {
        assertThat(h.metricNames("mailbox"))
                .contains(
                        "sends-total",
                        "complaints-total",
                        "counted-bounces-total",
                        "bounces-list-total",
                        "bounces-reputation-total",
                        "bounces-config-total",
                        "bounces-throttle-total",
                        "bounces-transient-total",
                        "bounces-ignore-total",
                        "bounces-unknown-total")
                .doesNotContain("bounces-complaint-total");
        assertThat(total("sends")).isZero();
    }

    @Test
    void sendsAndComplaintsAreCountedOnceEach() {
        h.sends(MAILBOX, 3);
        h.send(MAILBOX, MAILBOX, "s-again", h.eventTime());
        h.send(MAILBOX, MAILBOX, "s-again", h.eventTime());
        h.complaint(MAILBOX);

        assertThat(total("sends")).isEqualTo(4);
        assertThat(total("complaints")).isEqualTo(1);
        assertThat(total("counted-bounces")).isZero();
    }

    @Test
    void bouncesCountByCategoryAndTowardTheRateOnlyWhenTheWindowCountedThem() {
        h.sends(MAILBOX, 10);
        bounce("b-list", "LIST");
        bounce("b-list", "LIST");
        bounce("b-reputation", "REPUTATION");
        bounce("b-throttle", "THROTTLE");
        bounce("b-config", "CONFIG");
        bounce("b-ignore", "IGNORE");

        assertThat(total("bounces-list")).isEqualTo(1);
        assertThat(total("bounces-reputation")).isEqualTo(1);
        assertThat(total("bounces-throttle")).isEqualTo(1);
        assertThat(total("bounces-config")).isEqualTo(1);
        assertThat(total("bounces-ignore")).isEqualTo(1);
        // The list and the reputation bounce count toward the rate; a throttle, the sender's own
        // setup and an auto-reply do not.
        assertThat(total("counted-bounces")).isEqualTo(2);
    }
}
