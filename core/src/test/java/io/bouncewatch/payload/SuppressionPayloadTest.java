package io.bouncewatch.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bouncewatch.rules.BounceClass;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.Command;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.OperatorCommand;
import io.bouncewatch.rules.Suppression;
import io.bouncewatch.rules.SuppressionAction;
import io.bouncewatch.rules.SuppressionCommand;
import io.bouncewatch.rules.SuppressionSource;
import io.bouncewatch.schema.JsonSchemas;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The Suppression JSON, the recipient commands and the recipient of a complaint. */
class SuppressionPayloadTest {

    private static final long NOW = Instant.parse("2026-11-22T12:00:00Z").toEpochMilli();
    private static final long SINCE = Instant.parse("2026-11-22T10:16:02Z").toEpochMilli();

    private static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static OperatorCommand command(String json) {
        return InputParser.command(utf8(json), NOW, NOW);
    }

    @Test
    void aListEntryIsWrittenInTheDocumentedShapeAndReadBack() {
        Suppression s =
                new Suppression(
                        "bob@example.com",
                        Category.LIST,
                        BounceClass.USER_UNKNOWN,
                        SuppressionSource.BOUNCE,
                        SINCE,
                        null,
                        "alice@acme.io",
                        "b-1",
                        null,
                        null);

        byte[] json = PayloadWriter.suppression(s);

        assertThat(new String(json, StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"recipient\":\"bob@example.com\",\"category\":\"LIST\","
                                + "\"class\":\"USER_UNKNOWN\",\"source\":\"BOUNCE\","
                                + "\"since\":\"2026-11-22T10:16:02Z\",\"until\":null,"
                                + "\"mailbox\":\"alice@acme.io\",\"causeEventId\":\"b-1\","
                                + "\"operator\":null,\"note\":null}");
        JsonSchemas.assertValid(
                "suppression.schema.json", new String(json, StandardCharsets.UTF_8));
        assertThat(InputParser.suppression(json)).isEqualTo(s);
    }

    @Test
    void anOperatorsTemporaryEntryWithoutCategoryRoundTrips() {
        Suppression s =
                new Suppression(
                        "carol@example.com",
                        null,
                        null,
                        SuppressionSource.IMPORT,
                        SINCE,
                        SINCE + 86_400_000L,
                        null,
                        "op-3",
                        "ops@acme.io",
                        "from the old provider");

        byte[] json = PayloadWriter.suppression(s);

        JsonSchemas.assertValid(
                "suppression.schema.json", new String(json, StandardCharsets.UTF_8));
        assertThat(InputParser.suppression(json)).isEqualTo(s);
    }

    @Test
    void aSuppressionWithoutSinceOrWithAnUnknownSourceIsNotRead() {
        assertThatThrownBy(
                        () ->
                                InputParser.suppression(
                                        utf8("{\"recipient\":\"a@b.io\",\"source\":\"BOUNCE\"}")))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage("missing required field 'since'");
        assertThatThrownBy(
                        () ->
                                InputParser.suppression(
                                        utf8(
                                                "{\"recipient\":\"a@b.io\",\"source\":\"X\","
                                                        + "\"since\":\"2026-11-22T10:16:02Z\"}")))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("field 'source' 'X' is none of");
    }

    @Test
    void aSuppressCommandCarriesItsUntilCategorySourceAndNormalisedRecipient() {
        OperatorCommand read =
                command(
                        "{\"commandId\":\"op-3\",\"recipient\":\" Carol@Example.COM \","
                                + "\"action\":\"suppress\",\"until\":\"2026-12-31T00:00:00Z\","
                                + "\"reason\":\"moved\",\"operator\":\"ops@acme.io\","
                                + "\"category\":\"LIST\",\"source\":\"IMPORT\"}");

        assertThat(read)
                .isEqualTo(
                        new SuppressionCommand(
                                "op-3",
                                "carol@example.com",
                                SuppressionAction.SUPPRESS,
                                Instant.parse("2026-12-31T00:00:00Z").toEpochMilli(),
                                Category.LIST,
                                SuppressionSource.IMPORT,
                                "moved",
                                "ops@acme.io",
                                NOW));
    }

    @Test
    void theContractsUnsuppressCommandIsAnOperatorsWithoutUntil() {
        OperatorCommand read =
                command(
                        "{\"commandId\":\"op-3\",\"recipient\":\"carol@example.com\","
                                + "\"action\":\"UNSUPPRESS\",\"reason\":\"address fixed\","
                                + "\"operator\":\"ops@acme.io\"}");

        assertThat(read)
                .isEqualTo(
                        new SuppressionCommand(
                                "op-3",
                                "carol@example.com",
                                SuppressionAction.UNSUPPRESS,
                                null,
                                null,
                                SuppressionSource.OPERATOR,
                                "address fixed",
                                "ops@acme.io",
                                NOW));
    }

    @Test
    void aMailboxCommandIsStillACommand() {
        assertThat(
                        command(
                                "{\"commandId\":\"op-1\",\"mailbox\":\"alice@acme.io\","
                                        + "\"action\":\"RESUME\"}"))
                .isInstanceOf(Command.class);
    }

    @Test
    void badRecipientCommandsAreRejectedWithTheReason() {
        assertThatThrownBy(
                        () ->
                                command(
                                        "{\"commandId\":\"c\",\"recipient\":\"a@b.io\","
                                                + "\"action\":\"PAUSE\"}"))
                .hasMessage(
                        "action 'PAUSE' does not apply to a recipient: expected SUPPRESS or"
                                + " UNSUPPRESS");
        assertThatThrownBy(
                        () ->
                                command(
                                        "{\"commandId\":\"c\",\"mailbox\":\"a@b.io\","
                                                + "\"action\":\"SUPPRESS\"}"))
                .hasMessage("action SUPPRESS applies to recipients only");
        assertThatThrownBy(
                        () ->
                                command(
                                        "{\"commandId\":\"c\",\"recipient\":\"a@b.io\","
                                                + "\"mailbox\":\"m@b.io\",\"action\":\"SUPPRESS\"}"))
                .hasMessage(
                        "a command names one of a mailbox, a domain or a recipient, not several");
        assertThatThrownBy(
                        () ->
                                command(
                                        "{\"commandId\":\"c\",\"recipient\":\"nobody\","
                                                + "\"action\":\"SUPPRESS\"}"))
                .hasMessage("recipient 'nobody' has no @");
        assertThatThrownBy(
                        () ->
                                command(
                                        "{\"commandId\":\"c\",\"recipient\":\"a@b.io\","
                                                + "\"action\":\"SUPPRESS\",\"source\":\"BOUNCE\"}"))
                .hasMessage("field 'source' 'BOUNCE' of a command must be OPERATOR or IMPORT");
        assertThatThrownBy(
                        () ->
                                command(
                                        "{\"commandId\":\"c\",\"recipient\":\"a@b.io\","
                                                + "\"action\":\"SUPPRESS\",\"until\":\"soon\"}"))
                .hasMessageContaining("field 'until' 'soon' is not an ISO-8601 date-time");
        assertThatThrownBy(
                        () ->
                                command(
                                        "{\"commandId\":\"c\",\"recipient\":\"a@b.io\","
                                                + "\"action\":\"SUPPRESS\",\"category\":\"BAD\"}"))
                .hasMessageContaining("unknown category 'BAD'");
    }

    @Test
    void aComplaintNamesItsNormalisedRecipientOrNone() {
        MailboxEvent.Complaint named =
                InputParser.complaint(
                        utf8(
                                "{\"eventId\":\"c-1\",\"mailbox\":\"alice@acme.io\","
                                        + "\"recipient\":\"Bob@Example.com\"}"),
                        NOW,
                        NOW);
        MailboxEvent.Complaint unnamed =
                InputParser.complaint(
                        utf8(
                                "{\"eventId\":\"c-2\",\"mailbox\":\"alice@acme.io\","
                                        + "\"recipient\":\"not an address\"}"),
                        NOW,
                        NOW);

        assertThat(named.recipient()).isEqualTo("bob@example.com");
        assertThat(unnamed.recipient()).isNull();
    }
}
