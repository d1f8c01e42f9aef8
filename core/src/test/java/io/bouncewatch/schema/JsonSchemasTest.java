package io.bouncewatch.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonSchemasTest {

    private static final String SEND = "send-event.schema.json";
    private static final String BOUNCE = "bounce-event.schema.json";
    private static final String COMPLAINT = "complaint-event.schema.json";
    private static final String COMMAND = "command.schema.json";
    private static final String CHANGE = "status-change.schema.json";
    private static final String MAILBOX = "mailbox-health.schema.json";
    private static final String DOMAIN = "domain-health.schema.json";

    // Input examples exactly as docs/interface.md §1.2 writes them.
    private static final String CONTRACT_SEND =
            "{\"eventId\":\"s-1\",\"mailbox\":\"alice@acme.io\","
                    + "\"recipient\":\"bob@example.com\",\"timestamp\":\"2026-11-22T10:15:30Z\",\"campaignId\":\"c-9\"}";
    private static final String CONTRACT_BOUNCE =
            "{\"eventId\":\"b-1\",\"mailbox\":\"alice@acme.io\","
                    + "\"recipient\":\"bob@example.com\",\"timestamp\":\"2026-11-22T10:16:02Z\",\"type\":\"HARD\","
                    + "\"smtpCode\":550,\"enhancedStatus\":\"5.1.1\",\"diagnostic\":\"user unknown\"}";
    private static final String CONTRACT_COMPLAINT =
            "{\"eventId\":\"c-1\",\"mailbox\":\"alice@acme.io\","
                    + "\"recipient\":\"bob@example.com\",\"timestamp\":\"2026-11-22T11:00:00Z\",\"feedbackType\":\"abuse\"}";
    private static final String CONTRACT_MAILBOX_COMMAND =
            "{\"commandId\":\"op-1\",\"mailbox\":\"alice@acme.io\","
                    + "\"action\":\"RESUME\",\"reason\":\"list cleaned\",\"operator\":\"ops@acme.io\"}";
    private static final String CONTRACT_RECIPIENT_COMMAND =
            "{\"commandId\":\"op-3\",\"recipient\":\"carol@example.com\","
                    + "\"action\":\"UNSUPPRESS\",\"reason\":\"address fixed\",\"operator\":\"ops@acme.io\"}";
    private static final String CONTRACT_DOMAIN_COMMAND =
            "{\"commandId\":\"op-2\",\"domain\":\"acme.io\","
                    + "\"action\":\"PAUSE\",\"reason\":\"DNS change\",\"operator\":\"ops@acme.io\"}";

    // Output examples exactly as docs/interface.md §1.3 writes them.
    private static final String CONTRACT_MAILBOX_CHANGE =
            """
            {"entity":"MAILBOX","id":"alice@acme.io","domain":"acme.io","from":"HEALTHY","to":"WARNING",
             "reason":"EARLY_WARNING","operator":null,"note":null,"at":"2026-11-22T10:16:02Z","windowSends":42,"windowBounces":3,
             "windowComplaints":0,"bounceRate":0.0714,"cooldownUntil":null,"causeEventId":"b-1",
             "evidence":{"rule":"EARLY_WARNING","threshold":3,"value":3},
             "causeCategory":"LIST","causeDiagnostic":"550 5.1.1 user unknown"}""";
    private static final String CONTRACT_DOMAIN_CHANGE =
            """
            {"entity":"DOMAIN","id":"acme.io","from":"HEALTHY","to":"WARNING","reason":"UNHEALTHY_RATIO",
             "operator":null,"note":null,"at":"2026-11-22T10:16:02Z","totalMailboxes":3,"unhealthyMailboxes":1,"unhealthyRatio":0.3333,
             "configFailures":0,"evidence":{"rule":"UNHEALTHY_RATIO","threshold":0.3,"value":0.3333}}""";
    private static final String CONTRACT_ROUTE_CHANGE =
            """
            {"entity":"ROUTE","id":"alice@acme.io","mailbox":"alice@acme.io","domain":"acme.io","provider":"microsoft",
             "from":"OK","to":"SLOW_DOWN","reason":"RATE_LIMITED","until":"2026-11-22T10:26:02Z","at":"2026-11-22T10:16:02Z",
             "causeEventId":"b-7","evidence":{"rule":"RATE_LIMITED","threshold":1,"value":1},"causeCategory":"THROTTLE",
             "causeDiagnostic":"451 4.7.650 The mail server has been temporarily rate limited due to IP reputation"}""";
    private static final String PAUSED_MAILBOX =
            """
            {"mailbox":"alice@acme.io","domain":"acme.io","status":"PAUSED","reason":"BOUNCE_COUNT",
             "windowSends":50,"windowBounces":5.5,"windowComplaints":0.25,"bounceRate":0.11,
             "totalSends":150,"totalBounces":9,"totalComplaints":1,"riskScore":100,
             "cooldownUntil":"2026-11-23T10:16:02Z","sendingAllowed":false,"blockedBy":"MAILBOX",
             "probationSendsRemaining":0,"lastEventAt":"2026-11-22T10:16:02Z","operator":null,"note":null,
             "bouncesByCategory":{"LIST":5,"REPUTATION":2,"CONFIG":0,"THROTTLE":1,"TRANSIENT":1,"IGNORE":3,"UNKNOWN":0},
             "routes":[{"provider":"microsoft","status":"SLOW_DOWN","reason":"RATE_LIMITED","until":"2026-11-22T10:26:02Z"}]}""";
    private static final String DOMAIN_HEALTH =
            """
            {"domain":"acme.io","status":"WARNING","reason":"UNHEALTHY_RATIO","totalMailboxes":3,
             "unhealthyMailboxes":1,"unhealthyRatio":0.3333,"averageRiskScore":41.67,"configFailures":1,
             "operatorPaused":false,"operator":null,"note":null}""";

    static Stream<Arguments> validPayloads() {
        return Stream.of(
                arguments(SEND, "the contract example", CONTRACT_SEND),
                arguments(
                        SEND,
                        "only the required fields",
                        "{\"eventId\":\"s-2\",\"mailbox\":\"alice@acme.io\"}"),
                arguments(
                        SEND,
                        "an untrimmed mixed-case mailbox, normalised later",
                        "{\"eventId\":\"s-3\",\"mailbox\":\" Alice@Acme.IO \"}"),
                arguments(
                        SEND,
                        "fields of the sender's own and null optional fields",
                        "{\"eventId\":\"s-4\",\"mailbox\":\"alice@acme.io\",\"timestamp\":null,\"x-tenant\":\"t1\"}"),
                arguments(BOUNCE, "the contract example", CONTRACT_BOUNCE),
                arguments(
                        BOUNCE,
                        "a soft bounce known only by its enhanced status",
                        "{\"eventId\":\"b-2\",\"mailbox\":\"alice@acme.io\",\"enhancedStatus\":\"4.2.2\"}"),
                arguments(
                        BOUNCE,
                        "a bounce with neither type nor codes",
                        "{\"eventId\":\"b-3\",\"mailbox\":\"alice@acme.io\"}"),
                arguments(COMPLAINT, "the contract example", CONTRACT_COMPLAINT),
                arguments(COMMAND, "the contract mailbox example", CONTRACT_MAILBOX_COMMAND),
                arguments(COMMAND, "the contract domain example", CONTRACT_DOMAIN_COMMAND),
                arguments(COMMAND, "the contract recipient example", CONTRACT_RECIPIENT_COMMAND),
                arguments(
                        COMMAND,
                        "an import's temporary suppression",
                        "{\"commandId\":\"imp-1\",\"recipient\":\"carol@example.com\","
                                + "\"action\":\"SUPPRESS\",\"until\":\"2026-12-31T00:00:00Z\","
                                + "\"category\":\"LIST\",\"source\":\"IMPORT\"}"),
                arguments(
                        COMMAND,
                        "a mailbox removal without reason or operator",
                        "{\"commandId\":\"op-3\",\"mailbox\":\"alice@acme.io\",\"action\":\"REMOVE\"}"),
                arguments(CHANGE, "the contract mailbox example", CONTRACT_MAILBOX_CHANGE),
                arguments(CHANGE, "the contract domain example", CONTRACT_DOMAIN_CHANGE),
                arguments(CHANGE, "the contract route example", CONTRACT_ROUTE_CHANGE),
                arguments(
                        CHANGE,
                        "a route whose block ran its time",
                        """
                        {"entity":"ROUTE","id":"alice@acme.io","mailbox":"alice@acme.io","domain":"acme.io","provider":"google",
                         "from":"BLOCKED","to":"OK","reason":"EXPIRED","until":null,"at":"2026-11-23T10:16:02Z",
                         "causeEventId":null,"evidence":{"rule":"EXPIRED","threshold":86400,"value":86400.25},
                         "causeCategory":null,"causeDiagnostic":null}"""),
                arguments(
                        CHANGE,
                        "a domain paused by its config failures",
                        CONTRACT_DOMAIN_CHANGE
                                .replace("\"WARNING\"", "\"PAUSED\"")
                                .replace("UNHEALTHY_RATIO", "CONFIG_FAILURE")
                                .replace("\"configFailures\":0", "\"configFailures\":10")
                                .replace(
                                        "\"threshold\":0.3,\"value\":0.3333",
                                        "\"threshold\":10,\"value\":10")),
                arguments(
                        CHANGE,
                        "the contract example of an operator's resume",
                        """
                        {"entity":"MAILBOX","id":"alice@acme.io","domain":"acme.io","from":"PAUSED","to":"WARNING",
                         "reason":"OPERATOR","operator":"ops@acme.io","note":"list cleaned","at":"2026-11-22T12:00:00Z",
                         "windowSends":25,"windowBounces":2.5,"windowComplaints":0,"bounceRate":0.1,
                         "cooldownUntil":null,"causeEventId":"op-1",
                         "evidence":{"rule":"OPERATOR","threshold":null,"value":null},
                         "causeCategory":null,"causeDiagnostic":null}"""),
                arguments(
                        CHANGE,
                        "a cooldown expiry, with no cause event and more bounces than sends",
                        """
                        {"entity":"MAILBOX","id":"alice@acme.io","domain":"acme.io","from":"PAUSED","to":"WARNING",
                         "reason":"COOLDOWN_EXPIRED","operator":null,"note":null,"at":"2026-11-23T10:16:02Z","windowSends":1.5,
                         "windowBounces":2.75,"windowComplaints":0,"bounceRate":1.8333,"cooldownUntil":null,
                         "causeEventId":null,"evidence":{"rule":"COOLDOWN_EXPIRED","threshold":86400,"value":86400},
                         "causeCategory":null,"causeDiagnostic":null}"""),
                arguments(MAILBOX, "a paused mailbox with decimal window counters", PAUSED_MAILBOX),
                arguments(
                        MAILBOX,
                        "a mailbox that never changed status",
                        """
                        {"mailbox":"bob@acme.io","domain":"acme.io","status":"HEALTHY","reason":null,
                         "windowSends":0,"windowBounces":0,"windowComplaints":0,"bounceRate":0,
                         "totalSends":0,"totalBounces":0,"totalComplaints":0,"riskScore":0,
                         "cooldownUntil":null,"sendingAllowed":true,"blockedBy":null,
                         "probationSendsRemaining":0,"lastEventAt":null,"operator":null,"note":null,
                         "bouncesByCategory":{"LIST":0,"REPUTATION":0,"CONFIG":0,"THROTTLE":0,"TRANSIENT":0,"IGNORE":0,"UNKNOWN":0},"routes":[]}"""),
                arguments(
                        MAILBOX,
                        "a mailbox an operator resumed",
                        """
                        {"mailbox":"alice@acme.io","domain":"acme.io","status":"WARNING","reason":"OPERATOR",
                         "windowSends":25,"windowBounces":2.5,"windowComplaints":0,"bounceRate":0.1,
                         "totalSends":150,"totalBounces":9,"totalComplaints":1,"riskScore":50,
                         "cooldownUntil":null,"sendingAllowed":true,"blockedBy":null,"probationSendsRemaining":60,
                         "lastEventAt":"2026-11-22T10:16:02Z","operator":"ops@acme.io","note":"list cleaned",
                         "bouncesByCategory":{"LIST":0,"REPUTATION":0,"CONFIG":0,"THROTTLE":0,"TRANSIENT":0,"IGNORE":0,"UNKNOWN":0},"routes":[]}"""),
                arguments(DOMAIN, "a domain at warning", DOMAIN_HEALTH),
                arguments(
                        DOMAIN,
                        "a domain paused by an operator",
                        """
                        {"domain":"acme.io","status":"PAUSED","reason":"OPERATOR","totalMailboxes":0,
                         "unhealthyMailboxes":0,"unhealthyRatio":0,"averageRiskScore":0,"configFailures":0,
                         "operatorPaused":true,"operator":"ops@acme.io","note":"DNS change"}"""),
                arguments(
                        DOMAIN,
                        "a domain paused by its config failures",
                        """
                        {"domain":"acme.io","status":"PAUSED","reason":"CONFIG_FAILURE","totalMailboxes":4,
                         "unhealthyMailboxes":0,"unhealthyRatio":0,"averageRiskScore":0,"configFailures":10,
                         "operatorPaused":false,"operator":null,"note":null}"""));
    }

    @ParameterizedTest(name = "{0} accepts {1}")
    @MethodSource("validPayloads")
    void acceptsValidPayload(String schema, String description, String json) {
        assertThatCode(() -> JsonSchemas.assertValid(schema, json)).doesNotThrowAnyException();
    }

    static Stream<Arguments> invalidPayloads() {
        return Stream.of(
                arguments(
                        SEND,
                        "a send without eventId",
                        without(CONTRACT_SEND, "eventId"),
                        "eventId"),
                arguments(
                        SEND,
                        "an empty eventId",
                        CONTRACT_SEND.replace("\"s-1\"", "\"\""),
                        "$.eventId"),
                arguments(
                        SEND,
                        "a mailbox without @",
                        CONTRACT_SEND.replace("alice@acme.io", "alice"),
                        "$.mailbox"),
                arguments(
                        SEND,
                        "a mailbox without domain",
                        CONTRACT_SEND.replace("alice@acme.io", "alice@"),
                        "$.mailbox"),
                arguments(
                        SEND,
                        "a numeric mailbox",
                        CONTRACT_SEND.replace("\"alice@acme.io\"", "42"),
                        "$.mailbox"),
                arguments(
                        SEND,
                        "a timestamp that is not a date-time",
                        CONTRACT_SEND.replace("2026-11-22T10:15:30Z", "yesterday"),
                        "$.timestamp"),
                arguments(
                        BOUNCE,
                        "a bounce without mailbox",
                        without(CONTRACT_BOUNCE, "mailbox"),
                        "mailbox"),
                arguments(
                        BOUNCE,
                        "a lower-case type",
                        CONTRACT_BOUNCE.replace("HARD", "hard"),
                        "$.type"),
                arguments(
                        BOUNCE,
                        "an SMTP code out of range",
                        CONTRACT_BOUNCE.replace("550", "700"),
                        "$.smtpCode"),
                arguments(
                        BOUNCE,
                        "an SMTP code as a string",
                        CONTRACT_BOUNCE.replace("550", "\"550\""),
                        "$.smtpCode"),
                arguments(
                        BOUNCE,
                        "a malformed enhanced status",
                        CONTRACT_BOUNCE.replace("5.1.1", "5.1"),
                        "$.enhancedStatus"),
                arguments(
                        COMPLAINT,
                        "a complaint without eventId",
                        without(CONTRACT_COMPLAINT, "eventId"),
                        "eventId"),
                arguments(
                        COMPLAINT,
                        "a numeric feedback type",
                        CONTRACT_COMPLAINT.replace("\"abuse\"", "7"),
                        "$.feedbackType"),
                arguments(
                        COMMAND,
                        "a command without commandId",
                        without(CONTRACT_MAILBOX_COMMAND, "commandId"),
                        "commandId"),
                arguments(
                        COMMAND,
                        "an unknown action",
                        CONTRACT_MAILBOX_COMMAND.replace("RESUME", "STOP"),
                        "$.action"),
                arguments(
                        COMMAND,
                        "a command for neither mailbox nor domain",
                        without(CONTRACT_MAILBOX_COMMAND, "mailbox"),
                        "mailbox"),
                arguments(
                        COMMAND,
                        "a command for both a mailbox and a domain",
                        CONTRACT_MAILBOX_COMMAND.replace("{", "{\"domain\":\"acme.io\","),
                        "domain"),
                arguments(
                        COMMAND,
                        "a pause of a recipient",
                        CONTRACT_RECIPIENT_COMMAND.replace("UNSUPPRESS", "PAUSE"),
                        "$.action"),
                arguments(
                        COMMAND,
                        "a suppression of a mailbox",
                        CONTRACT_MAILBOX_COMMAND.replace("RESUME", "SUPPRESS"),
                        "$.action"),
                arguments(
                        COMMAND,
                        "a reset of a whole domain",
                        CONTRACT_DOMAIN_COMMAND.replace("PAUSE", "RESET"),
                        "$.action"),
                arguments(
                        CHANGE,
                        "a mailbox change without windowComplaints",
                        without(CONTRACT_MAILBOX_CHANGE, "windowComplaints"),
                        "windowComplaints"),
                arguments(
                        CHANGE,
                        "an unknown target status",
                        CONTRACT_MAILBOX_CHANGE.replace("\"WARNING\"", "\"BAD\""),
                        "$.to"),
                arguments(
                        CHANGE,
                        "a domain reason on a mailbox",
                        CONTRACT_MAILBOX_CHANGE.replace("EARLY_WARNING", "UNHEALTHY_RATIO"),
                        "$.reason"),
                arguments(
                        CHANGE,
                        "a field the contract does not have",
                        CONTRACT_MAILBOX_CHANGE.replace("{", "{\"debug\":true,"),
                        "debug"),
                arguments(
                        CHANGE,
                        "a domain ratio above 1",
                        CONTRACT_DOMAIN_CHANGE.replace("0.3333", "1.5"),
                        "$.unhealthyRatio"),
                arguments(
                        CHANGE,
                        "a negative count of config failures",
                        CONTRACT_DOMAIN_CHANGE.replace(
                                "\"configFailures\":0", "\"configFailures\":-1"),
                        "$.configFailures"),
                arguments(
                        CHANGE,
                        "a mailbox change without its evidence",
                        CONTRACT_MAILBOX_CHANGE.replace(
                                "\"evidence\":{\"rule\":\"EARLY_WARNING\",\"threshold\":3,\"value\":3},",
                                ""),
                        "evidence"),
                arguments(
                        CHANGE,
                        "a rule's evidence without its measured value",
                        CONTRACT_MAILBOX_CHANGE.replace("\"value\":3", "\"value\":null"),
                        "$.evidence.value"),
                arguments(
                        CHANGE,
                        "an operator's change with a threshold",
                        CONTRACT_MAILBOX_CHANGE.replace(
                                "\"rule\":\"EARLY_WARNING\"", "\"rule\":\"OPERATOR\""),
                        "$.evidence.threshold"),
                arguments(
                        CHANGE,
                        "a route's rule as a mailbox's evidence",
                        CONTRACT_MAILBOX_CHANGE.replace(
                                "\"rule\":\"EARLY_WARNING\"", "\"rule\":\"BLOCKED\""),
                        "$.evidence.rule"),
                arguments(
                        CHANGE,
                        "evidence with a field of its own",
                        CONTRACT_DOMAIN_CHANGE.replace(
                                "\"value\":0.3333", "\"value\":0.3333,\"why\":1"),
                        "why"),
                arguments(
                        CHANGE,
                        "an unknown entity",
                        CONTRACT_DOMAIN_CHANGE.replace("DOMAIN", "USER"),
                        "$.entity"),
                arguments(
                        CHANGE,
                        "a change that keeps the status",
                        CONTRACT_DOMAIN_CHANGE.replace(
                                "\"from\":\"HEALTHY\"", "\"from\":\"WARNING\""),
                        "sameStatus"),
                arguments(
                        MAILBOX,
                        "a mailbox without probationSendsRemaining",
                        without(PAUSED_MAILBOX, "probationSendsRemaining"),
                        "probationSendsRemaining"),
                arguments(
                        MAILBOX,
                        "a risk score above 100",
                        PAUSED_MAILBOX.replace(":100,", ":101,"),
                        "$.riskScore"),
                arguments(
                        MAILBOX,
                        "a decimal lifetime total",
                        PAUSED_MAILBOX.replace(":150,", ":150.5,"),
                        "$.totalSends"),
                arguments(
                        MAILBOX,
                        "a negative window counter",
                        PAUSED_MAILBOX.replace(":50,", ":-1,"),
                        "$.windowSends"),
                arguments(
                        MAILBOX,
                        "an unknown blocker",
                        PAUSED_MAILBOX.replace(
                                "\"blockedBy\":\"MAILBOX\"", "\"blockedBy\":\"USER\""),
                        "$.blockedBy"),
                arguments(
                        MAILBOX,
                        "sendingAllowed as a string",
                        PAUSED_MAILBOX.replace("false", "\"false\""),
                        "$.sendingAllowed"),
                arguments(
                        MAILBOX,
                        "a field the contract does not have",
                        PAUSED_MAILBOX.replace("{", "{\"internalState\":1,"),
                        "internalState"),
                arguments(
                        DOMAIN,
                        "a domain without operatorPaused",
                        without(DOMAIN_HEALTH, "operatorPaused"),
                        "operatorPaused"),
                arguments(
                        DOMAIN,
                        "an unknown status",
                        DOMAIN_HEALTH.replace("\"WARNING\"", "\"OK\""),
                        "$.status"),
                arguments(
                        DOMAIN,
                        "an average risk above 100",
                        DOMAIN_HEALTH.replace("41.67", "120"),
                        "$.averageRiskScore"),
                arguments(
                        DOMAIN,
                        "a mailbox reason on a domain",
                        DOMAIN_HEALTH.replace("UNHEALTHY_RATIO", "BOUNCE_RATE"),
                        "$.reason"),
                arguments(
                        CHANGE,
                        "a route change that keeps the status",
                        CONTRACT_ROUTE_CHANGE.replace("\"from\":\"OK\"", "\"from\":\"SLOW_DOWN\""),
                        "$"),
                arguments(
                        CHANGE,
                        "a route with a mailbox status",
                        CONTRACT_ROUTE_CHANGE.replace("\"SLOW_DOWN\"", "\"PAUSED\""),
                        "$.to"),
                arguments(
                        CHANGE,
                        "a route change without its provider",
                        without(CONTRACT_ROUTE_CHANGE, "provider"),
                        "provider"),
                arguments(
                        CHANGE,
                        "a route of an unknown provider",
                        CONTRACT_ROUTE_CHANGE.replace("microsoft", "hotmail"),
                        "$.provider"),
                arguments(
                        CHANGE,
                        "a mailbox change caused by a complaint category",
                        CONTRACT_MAILBOX_CHANGE.replace("\"LIST\"", "\"COMPLAINT\""),
                        "$.causeCategory"),
                arguments(
                        MAILBOX,
                        "a mailbox without a category of its counts",
                        PAUSED_MAILBOX.replace("\"CONFIG\":0,", ""),
                        "CONFIG"),
                arguments(
                        MAILBOX,
                        "an OK route listed",
                        PAUSED_MAILBOX.replace("\"SLOW_DOWN\"", "\"OK\""),
                        "$.routes[0].status"));
    }

    @ParameterizedTest(name = "{0} rejects {1}")
    @MethodSource("invalidPayloads")
    void rejectsInvalidPayloadNamingTheField(
            String schema, String description, String json, String field) {
        Set<String> violations = JsonSchemas.violations(schema, json);

        assertThat(violations).as(json).anySatisfy(v -> assertThat(v).contains(field));
    }

    @Test
    void assertValidListsEveryViolationAndTheJson() {
        String json = "{\"eventId\":\"\",\"mailbox\":\"nobody\"}";

        assertThatThrownBy(() -> JsonSchemas.assertValid(SEND, json))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("$.eventId")
                .hasMessageContaining("$.mailbox")
                .hasMessageContaining(json);
    }

    @Test
    void unparsableJsonIsAViolation() {
        assertThat(JsonSchemas.violations(SEND, "{\"eventId\":\"s-1\","))
                .singleElement()
                .asString()
                .startsWith("$: not valid JSON");
        assertThat(JsonSchemas.violations(SEND, CONTRACT_SEND + " trailing"))
                .singleElement()
                .asString()
                .startsWith("$: not valid JSON");
    }

    @Test
    void unknownSchemaFileIsAnError() {
        assertThatThrownBy(() -> JsonSchemas.violations("no-such.schema.json", "{}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such.schema.json");
    }

    @Test
    void findsTheSchemaOfATopicByItsName() {
        assertThat(JsonSchemas.schemaFileForTopic("mailbox.status")).isEqualTo(MAILBOX);
        assertThat(JsonSchemas.schemaFileForTopic("health.dead-letters")).isNull();
    }

    /** Removes one top-level field from a flat JSON object written as in this class. */
    private static String without(String json, String field) {
        String result = json.replaceAll("\"" + field + "\":(\"[^\"]*\"|[^,}\"]*),?\\s*", "");
        assertThat(result).as("removed " + field).isNotEqualTo(json);
        return result.replace(",}", "}").replaceAll(",\\s*}", "}");
    }
}
