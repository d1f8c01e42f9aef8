package io.bouncewatch.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.bouncewatch.payload.Addresses;
import io.bouncewatch.payload.InputParser;
import io.bouncewatch.payload.PayloadWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The operator's pause, resume and reset of a mailbox or domain: checks the target, the action and
 * the body, and publishes the command. Its answer is the command as published.
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
        String reason = null;
        String operator = null;
        String commandId = null;
        String raw = new String(body.get(), StandardCharsets.UTF_8);
        if (!raw.isBlank()) {
            JsonNode json;
            try {
                json = STRICT_JSON.readTree(raw);
            } catch (IOException e) {
                throw new HttpApi.BadRequest(
                        "the body is not JSON: expected {\"reason\":\"...\",\"operator\":\"...\"}");
            }
            if (json == null || !json.isObject()) {
                throw new HttpApi.BadRequest(
                        "the body must be a JSON object with optional commandId, reason and operator");
            }
            reason = text(json, "reason");
            operator = text(json, "operator");
            commandId = commandId(json);
        }
        if (commandId == null) {
            commandId = "http-" + UUID.randomUUID();
        }
        byte[] published = commandJson(commandId, domain, key, command, reason, operator);
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
     * The client's own id, so that a retry after a timeout carries the same one and counts once.
     * Null when the body has none.
     */
    private static String commandId(JsonNode body) {
        JsonNode value = body.get("commandId");
        if (value == null || value.isNull()) {
            return null;
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
