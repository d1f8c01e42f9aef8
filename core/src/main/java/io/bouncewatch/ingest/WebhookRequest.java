package io.bouncewatch.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A webhook request as a source verifies it: its headers (names lower-case), its body exactly as
 * received (signatures are over these bytes) and when it arrived (for the age of signed
 * timestamps).
 */
public record WebhookRequest(Map<String, List<String>> headers, byte[] body, Instant receivedAt) {

    public WebhookRequest {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(receivedAt, "receivedAt");
        headers =
                headers.entrySet().stream()
                        .collect(
                                Collectors.toUnmodifiableMap(
                                        e -> e.getKey().toLowerCase(Locale.ROOT),
                                        e -> List.copyOf(e.getValue()),
                                        (a, b) -> a));
    }

    /** The first value of a header, by any case of its name; null when absent. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
