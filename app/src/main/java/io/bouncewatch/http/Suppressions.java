package io.bouncewatch.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.bouncewatch.payload.Addresses;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The body of {@code POST /api/suppressions/check}: {@code {"recipients":["...", ...]}}. */
final class Suppressions {

    /** The most recipients one check asks about: a scheduler's batch. */
    static final int MAX_CHECKED = 10_000;

    /** Room for {@link #MAX_CHECKED} addresses of the longest kind, quoted and separated. */
    static final int CHECK_BODY_LIMIT = 4 * 1024 * 1024;

    private static final JsonFactory JSON = new JsonFactory();
    private static final String SHAPE = "the body must be {\"recipients\":[\"address\", ...]}";

    private Suppressions() {}

    /**
     * The recipients to check, normalised, in the order given.
     *
     * @throws HttpApi.BadRequest for a body of another shape, an address that is not one, or more
     *     than {@link #MAX_CHECKED} of them
     */
    static List<String> recipients(byte[] body) {
        List<String> recipients = null;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new HttpApi.BadRequest(SHAPE);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (!field.equals("recipients")) {
                    p.skipChildren();
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    throw new HttpApi.BadRequest(SHAPE);
                }
                recipients = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    int index = recipients.size();
                    if (index == MAX_CHECKED) {
                        throw new HttpApi.BadRequest(
                                "at most "
                                        + MAX_CHECKED
                                        + " recipients per check; split the batch");
                    }
                    if (t != JsonToken.VALUE_STRING) {
                        throw new HttpApi.BadRequest("recipients[" + index + "] is not a string");
                    }
                    String raw = p.getText();
                    recipients.add(
                            HttpApi.valid(
                                    () -> {
                                        try {
                                            return Addresses.normaliseRecipient(raw);
                                        } catch (IllegalArgumentException e) {
                                            throw new IllegalArgumentException(
                                                    "recipients[" + index + "]: " + e.getMessage());
                                        }
                                    }));
                }
            }
            if (p.nextToken() != null) {
                throw new HttpApi.BadRequest(SHAPE);
            }
        } catch (IOException e) {
            throw new HttpApi.BadRequest(SHAPE + "; it is not valid JSON");
        }
        if (recipients == null) {
            throw new HttpApi.BadRequest(SHAPE);
        }
        return recipients;
    }
}
