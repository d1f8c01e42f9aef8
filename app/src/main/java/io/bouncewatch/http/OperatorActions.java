package io.bouncewatch.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.bouncewatch.payload.Addresses;
import io.bouncewatch.payload.InputParser;
import io.bouncewatch.payload.IsoInstant;
import io.bouncewatch.payload.PayloadWriter;
import io.bouncewatch.rules.Category;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The operator's pause, resume and reset of a mailbox or domain, and the suppression or its removal
 * of a recipient: checks the target, the action and the body, and publishes the command. Its answer
 * is the command as published.
 */
final class OperatorActions {

    /** The longest command id a client may choose, to send the same one again on a retry. */
    static final int MAX_COMMAND_ID_LENGTH = 200;

    private static final ObjectMapper STRICT_JSON =
            JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    private final CommandPublisher commands;

    OperatorActions(CommandPublisher commands) {
        this.commands = Objects.requireNonNull(commands, "commands");
    }

    /**
     * Publishes {@code action} for {@code target} and returns the command's JSON.
     *
     * @param domain whether the target is a domain (else a mailbox)
     * @param body reads the request body, only once the action and target are known to be valid
     * @throws Refusal 404 for an action the target does not have
     * @throws HttpApi.BadRequest for a target or body that is not valid
     * @throws PublishTimedOut when the publish was not acknowledged in time
     */
    byte[] act(boolean domain, String action, String target, Supplier<byte[]> body)
            throws Exception {
        String command = action.toUpperCase(Locale.ROOT);
        List<String> allowed =
                domain ? List.of("PAUSE", "RESUME") : List.of("PAUSE", "RESUME", "RESET");
        if (!allowed.contains(command)) {
            throw new Refusal(
                    404,
                    "no action "
                            + action
                            + "; allowed: "
                            + String.join(", ", allowed).toLowerCase(Locale.ROOT));
        }
        String key =
                HttpApi.valid(
                        () ->
                                domain
                                        ? Addresses.normaliseDomain(target)
                                        : Addresses.normaliseMailbox(target));
        JsonNode json = body(body.get(), "commandId, reason and operator");
        String commandId = commandId(json);
        return publish(
                key,
                commandId,
                commandJson(
                        commandId,
                        domain,
                        key,
                        command,
                        text(json, "reason"),
                        text(json, "operator")));
    }

    /**
     * Publishes {@code SUPPRESS} (with the body's optional until and category, source OPERATOR) or
     * {@code UNSUPPRESS} for {@code target}, and returns the command's JSON.
     *
     * @throws HttpApi.BadRequest for a recipient or body that is not valid
     * @throws PublishTimedOut when the publish was not acknowledged in time
     */
    byte[] suppression(boolean suppress, String target, Supplier<byte[]> body) throws Exception {
        String recipient = HttpApi.valid(() -> Addresses.normaliseRecipient(target));
        JsonNode json =
                body(
                        body.get(),
                        suppress
                                ? "commandId, reason, operator, until and category"
                                : "commandId, reason and operator");
        String commandId = commandId(json);
        String reason = text(json, "reason");
        String operator = text(json, "operator");
        String until = suppress ? until(json) : null;
        Category category = suppress ? category(json) : null;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON_FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("commandId", commandId);
            g.writeStringField("recipient", recipient);
            g.writeStringField("action", suppress ? "SUPPRESS" : "UNSUPPRESS");
            if (until != null) {
                g.writeStringField("until", until);
            }
            if (reason != null) {
                g.writeStringField("reason", reason);
            }
            if (operator != null) {
                g.writeStringField("operator", operator);
            }
            if (category != null) {
                g.writeStringField("category", category.name());
            }
            if (suppress) {
                g.writeStringField("source", "OPERATOR");
            }
            g.writeStringField("timestamp", PayloadWriter.instant(System.currentTimeMillis()));
            g.writeEndObject();
        }
        return publish(recipient, commandId, out.toByteArray());
    }

    private byte[] publish(String key, String commandId, byte[] published) throws Exception {
        try {
            commands.publish(key, published);
        } catch (Exception e) {
            if (timedOut(e)) {
                throw new PublishTimedOut(commandId);
            }
            throw e;
        }
        return published;
    }

    /** The body as a JSON object; an empty one when there is none. */
    private static JsonNode body(byte[] bytes, String fields) {
        String raw = new String(bytes, StandardCharsets.UTF_8);
        if (raw.isBlank()) {
            return STRICT_JSON.createObjectNode();
        }
        JsonNode json;
        try {
            json = STRICT_JSON.readTree(raw);
        } catch (IOException e) {
            throw new HttpApi.BadRequest(
                    "the body is not JSON: expected {\"reason\":\"...\",\"operator\":\"...\"}");
        }
        if (json == null || !json.isObject()) {
            throw new HttpApi.BadRequest("the body must be a JSON object with optional " + fields);
        }
        return json;
    }

    /** An ISO-8601 time still to come, as given; null when absent. */
    private static String until(JsonNode body) {
        String until = text(body, "until");
        if (until == null) {
            return null;
        }
        long at;
        try {
            at = IsoInstant.parseMillis(until);
        } catch (DateTimeException | ArithmeticException e) {
            throw new HttpApi.BadRequest(
                    "until must be an ISO-8601 time such as 2026-12-31T00:00:00Z");
        }
        if (at <= System.currentTimeMillis()) {
            throw new HttpApi.BadRequest("until must be in the future: " + until + " is past");
        }
        return PayloadWriter.instant(at);
    }

    private static Category category(JsonNode body) {
        String category = text(body, "category");
        if (category == null) {
            return null;
        }
        try {
            return Category.valueOf(category.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new HttpApi.BadRequest(
                    "category must be one of "
                            + Arrays.stream(Category.values())
                                    .map(Category::name)
                                    .collect(Collectors.joining(", ")));
        }
    }

    private static byte[] commandJson(
            String commandId,
            boolean domain,
            String key,
            String action,
            String reason,
            String operator)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON_FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("commandId", commandId);
            g.writeStringField(domain ? "domain" : "mailbox", key);
            g.writeStringField("action", action);
            if (reason != null) {
                g.writeStringField("reason", reason);
            }
            if (operator != null) {
                g.writeStringField("operator", operator);
            }
            g.writeStringField("timestamp", PayloadWriter.instant(System.currentTimeMillis()));
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /**
     * The client's own id, so that a retry after a timeout carries the same one and counts once; a
     * new one when the body has none.
     */
    private static String commandId(JsonNode body) {
        JsonNode value = body.get("commandId");
        if (value == null || value.isNull()) {
            return "http-" + UUID.randomUUID();
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new HttpApi.BadRequest("commandId must be a non-blank string");
        }
        if (value.asText().length() > MAX_COMMAND_ID_LENGTH) {
            throw new HttpApi.BadRequest(
                    "commandId is longer than " + MAX_COMMAND_ID_LENGTH + " characters");
        }
        return value.asText();
    }

    /**
     * Whether the publish ran out of time: the command may still be delivered, so a retry must
     * reuse its id.
     */
    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException
                    || t instanceof org.apache.kafka.common.errors.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new HttpApi.BadRequest(field + " must be a string");
        }
        if (value.asText().length() > InputParser.MAX_TEXT_LENGTH) {
            throw new HttpApi.BadRequest(
                    field + " is longer than " + InputParser.MAX_TEXT_LENGTH + " characters");
        }
        return value.asText();
    }

    /** 503 with the command's id: the publish timed out, and the command may yet be delivered. */
    static final class PublishTimedOut extends RuntimeException {
        private final String commandId;

        PublishTimedOut(String commandId) {
            super(
                    "the command was not acknowledged in time and may still be applied; retry with the same commandId",
                    null,
                    false,
                    false);
            this.commandId = commandId;
        }

        String commandId() {
            return commandId;
        }
    }
}
