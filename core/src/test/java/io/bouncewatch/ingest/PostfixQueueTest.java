package io.bouncewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bouncewatch.rules.Category;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostfixQueueTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final PostfixLine FROM =
            new PostfixLine.Sender("mx1", "4A1B2C3D", "alice@acme.io", 1);
    private static final PostfixLine BOUNCED =
            new PostfixLine.Outcome(
                    "mx1",
                    "4A1B2C3D",
                    "bob@remote.example",
                    "bounced",
                    "5.1.1",
                    "mx.remote.example",
                    "550 5.1.1 User unknown");
    private static final PostfixLine DEFERRED =
            new PostfixLine.Outcome(
                    "mx1",
                    "4A1B2C3D",
                    "bob@remote.example",
                    "deferred",
                    "4.4.1",
                    null,
                    "connect to mx.remote.example[1.2.3.4]:25: Connection refused");
    private static final PostfixLine REMOVED = new PostfixLine.Removed("mx1", "4A1B2C3D");
    private static final PostfixLine EXPIRED =
            new PostfixLine.Expired("mx1", "4A1B2C3D", "alice@acme.io");
    private static final PostfixLine SENT_TO_CAROL =
            new PostfixLine.Outcome(
                    "mx1", "4A1B2C3D", "carol@remote.example", "sent", "2.0.0", null, "250 Ok");

    /** The lines in order, and every event they make. */
    private static List<JsonNode> run(PostfixLine... lines) {
        PostfixQueue state = PostfixQueue.EMPTY;
        List<JsonNode> out = new ArrayList<>();
        long t = 1_000;
        for (PostfixLine line : lines) {
            PostfixQueue.Step step =
                    (state == null ? PostfixQueue.EMPTY : state).accept(line, t, t);
            for (Ingested.Event e : step.events()) {
                try {
                    JsonNode json = JSON.readTree(e.value());
                    ((ObjectNode) json).put("kind", e.kind().name());
                    out.add(json);
                } catch (IOException ex) {
                    throw new IllegalStateException(ex);
                }
            }
            state = step.next();
            t += 1_000;
        }
        return out;
    }

    private static List<String> ids(List<JsonNode> events) {
        return events.stream()
                .map(e -> e.get("kind").asText() + " " + e.get("eventId").asText())
                .toList();
    }

    @Test
    void anOutcomeBeforeItsSenderWaitsAndBothComeOutWhenTheSenderDoes() {
        PostfixQueue.Step first = PostfixQueue.EMPTY.accept(BOUNCED, 1, 1);
        assertThat(first.events()).isEmpty();
        assertThat(first.next().pending()).hasSize(1);

        List<JsonNode> events = run(BOUNCED, FROM);

        assertThat(ids(events))
                .containsExactly(
                        "SENDS mx1/4A1B2C3D:bob@remote.example",
                        "BOUNCES mx1/4A1B2C3D:bob@remote.example:bounced");
        JsonNode bounce = events.get(1);
        assertThat(bounce.get("mailbox").asText()).isEqualTo("alice@acme.io");
        assertThat(bounce.get("type").asText()).isEqualTo("HARD");
        assertThat(bounce.get("smtpCode").asInt()).isEqualTo(550);
        assertThat(bounce.get("enhancedStatus").asText()).isEqualTo("5.1.1");
        assertThat(bounce.get("diagnostic").asText()).isEqualTo("550 5.1.1 User unknown");
        assertThat(bounce.get("remoteMta").asText()).isEqualTo("mx.remote.example");
    }

    @Test
    void theSameOrderInAnyOrderMakesTheSameEvents() {
        assertThat(ids(run(FROM, DEFERRED, BOUNCED, REMOVED)))
                .containsExactlyInAnyOrderElementsOf(ids(run(REMOVED, BOUNCED, DEFERRED, FROM)))
                .containsExactly(
                        "SENDS mx1/4A1B2C3D:bob@remote.example",
                        "BOUNCES mx1/4A1B2C3D:bob@remote.example:deferred",
                        "BOUNCES mx1/4A1B2C3D:bob@remote.example:bounced");
    }

    @Test
    void aRecipientIsSentOnceHoweverManyOfItsLinesCome() {
        assertThat(ids(run(FROM, DEFERRED, DEFERRED, BOUNCED)))
                .filteredOn(id -> id.startsWith("SENDS"))
                .hasSize(1);
    }

    @Test
    void theQueueIdIsForgottenOnceRemovedWithEveryRecipientsFinalOutcome() {
        PostfixQueue state = PostfixQueue.EMPTY.accept(FROM, 1, 1).next();
        state = state.accept(DEFERRED, 2, 2).next();
        assertThat(state.accept(REMOVED, 3, 3).next())
                .as("removed before the final outcome: it is still on its way")
                .isNotNull();

        state = state.accept(BOUNCED, 3, 3).next();

        assertThat(state.accept(REMOVED, 4, 4).next()).isNull();
        assertThat(PostfixQueue.EMPTY.accept(REMOVED, 3, 3).next())
                .as("removed before its sender")
                .isNotNull();
    }

    @Test
    void anExpiredMessageBouncesEachRecipientStillDeferredWithItsLastReply() {
        PostfixLine fromTwo = new PostfixLine.Sender("mx1", "4A1B2C3D", "alice@acme.io", 2);

        List<JsonNode> events = run(fromTwo, DEFERRED, SENT_TO_CAROL, DEFERRED, EXPIRED);

        assertThat(ids(events))
                .containsExactly(
                        "SENDS mx1/4A1B2C3D:bob@remote.example",
                        "BOUNCES mx1/4A1B2C3D:bob@remote.example:deferred",
                        "SENDS mx1/4A1B2C3D:carol@remote.example",
                        "BOUNCES mx1/4A1B2C3D:bob@remote.example:deferred",
                        "BOUNCES mx1/4A1B2C3D:bob@remote.example:expired");
        JsonNode expired = events.get(4);
        assertThat(expired.get("type").asText()).isEqualTo("SOFT");
        assertThat(expired.get("enhancedStatus").asText()).isEqualTo("4.4.1");
        assertThat(expired.get("diagnostic").asText()).contains("Connection refused");
        assertThat(SesEventsTest.categoryOf(expired)).isEqualTo(Category.TRANSIENT);
    }

    @Test
    void anExpiredMessageIsForgottenOnceRemovedAndItsLaterLinesAddNothing() {
        PostfixQueue state = PostfixQueue.EMPTY;
        for (PostfixLine line : List.of(FROM, DEFERRED, EXPIRED)) {
            state = state.accept(line, 1, 1).next();
        }
        assertThat(state.deferred()).isEmpty();
        assertThat(state.accept(REMOVED, 2, 2).next()).isNull();
        assertThat(state.accept(EXPIRED, 2, 2).events()).as("the expiry shipped twice").isEmpty();
    }

    @Test
    void anExpiryBeforeTheSenderLineNamesTheSenderItself() {
        assertThat(ids(run(DEFERRED, EXPIRED)))
                .containsExactly(
                        "SENDS mx1/4A1B2C3D:bob@remote.example",
                        "BOUNCES mx1/4A1B2C3D:bob@remote.example:deferred",
                        "BOUNCES mx1/4A1B2C3D:bob@remote.example:expired");
    }

    @Test
    void theNullSendersMailCountsForNoMailbox() {
        assertThat(run(new PostfixLine.Sender("mx1", "4A1B2C3D", null, 1), BOUNCED)).isEmpty();
    }

    @Test
    void outcomesWaitingPastTheLimitAreDropped() {
        PostfixQueue state = PostfixQueue.EMPTY;
        for (int i = 0; i < PostfixQueue.MAX_RECIPIENTS; i++) {
            state = state.accept(BOUNCED, i, i).next();
        }
        PostfixQueue.Step step = state.accept(BOUNCED, 0, 0);

        assertThat(step.dropped()).isEqualTo(1);
        assertThat(step.next().pending()).hasSize(PostfixQueue.MAX_RECIPIENTS);
    }

    @Test
    void theEventsTakeTheTimeOfTheOutcomesLine() {
        assertThat(run(FROM, BOUNCED))
                .allSatisfy(
                        e ->
                                assertThat(e.get("timestamp").asText())
                                        .isEqualTo("1970-01-01T00:00:02Z"));
    }
}
