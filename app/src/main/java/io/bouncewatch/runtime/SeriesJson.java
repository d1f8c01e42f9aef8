package io.bouncewatch.runtime;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The series as JSON: the minutes one instance hands another (and keeps in its file), and the
 * merged answer of {@code GET /api/series}.
 */
final class SeriesJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<MinuteSeries.Stamped>> STAMPED =
            new TypeReference<>() {};

    private SeriesJson() {}

    /** Minutes as one instance hands them to another: only those it recorded. */
    static byte[] minutes(List<MinuteSeries.Stamped> minutes) {
        try {
            return JSON.writeValueAsBytes(minutes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @throws IOException when the bytes are not minutes
     */
    static List<MinuteSeries.Stamped> readMinutes(byte[] json) throws IOException {
        List<MinuteSeries.Stamped> minutes = JSON.readValue(json, STAMPED);
        if (minutes == null || minutes.stream().anyMatch(m -> m == null || m.value() == null)) {
            throw new IOException("not a list of minutes");
        }
        return minutes;
    }

    /**
     * The answer of {@code GET /api/series}.
     *
     * @param last the current minute, the last of {@code minutes}
     * @param minutes the merged minutes ending with {@code last}, oldest first
     * @param secondsOfLast how much of the current minute has passed, in seconds
     */
    static byte[] answer(
            String range,
            long last,
            MinuteSeries.Minute[] minutes,
            double secondsOfLast,
            int answered,
            int total) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
            g.writeStartObject();
            g.writeStringField("range", range);
            g.writeStringField("step", "PT1M");
            g.writeArrayFieldStart("minutes");
            for (int i = 0; i < minutes.length; i++) {
                g.writeString(
                        Instant.ofEpochSecond((last - minutes.length + 1 + i) * 60).toString());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("eventsPerSecond");
            for (int i = 0; i < minutes.length; i++) {
                MinuteSeries.Minute m = minutes[i];
                if (m == null) {
                    g.writeNull();
                } else {
                    double seconds = i == minutes.length - 1 ? Math.max(1, secondsOfLast) : 60;
                    g.writeNumber(Math.round(m.records() / seconds * 100) / 100.0);
                }
            }
            g.writeEndArray();
            counts(g, "sends", minutes, MinuteSeries.Minute::sends);
            counts(g, "bounces", minutes, MinuteSeries.Minute::bounces);
            g.writeArrayFieldStart("bounceRate");
            for (MinuteSeries.Minute m : minutes) {
                if (m == null || m.sends() == 0) {
                    g.writeNull();
                } else {
                    g.writeNumber(rate((double) m.countedBounces() / m.sends()));
                }
            }
            g.writeEndArray();
            byStatus(g, "mailboxes", minutes, MinuteSeries.Minute::mailboxes);
            byStatus(g, "domains", minutes, MinuteSeries.Minute::domains);
            counts(g, "statusChanges", minutes, MinuteSeries.Minute::statusChanges);
            counts(g, "deadLetters", minutes, MinuteSeries.Minute::deadLetters);
            g.writeObjectFieldStart("instances");
            g.writeNumberField("answered", answered);
            g.writeNumberField("total", total);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A rate as the payloads write ratios: at most four decimals, plain (0.0005, not 5.0E-4, which
     * readers of the API took for an error).
     */
    private static BigDecimal rate(double rate) {
        return BigDecimal.valueOf(Math.round(rate * 10_000), 4).stripTrailingZeros();
    }

    private static void counts(
            JsonGenerator g,
            String name,
            MinuteSeries.Minute[] minutes,
            ToLongFunction<MinuteSeries.Minute> count)
            throws IOException {
        g.writeArrayFieldStart(name);
        for (MinuteSeries.Minute m : minutes) {
            if (m == null) {
                g.writeNull();
            } else {
                g.writeNumber(count.applyAsLong(m));
            }
        }
        g.writeEndArray();
    }

    private static void byStatus(
            JsonGenerator g,
            String name,
            MinuteSeries.Minute[] minutes,
            Function<MinuteSeries.Minute, MinuteSeries.ByStatus> of)
            throws IOException {
        g.writeObjectFieldStart(name);
        status(g, "HEALTHY", minutes, of, MinuteSeries.ByStatus::healthy);
        status(g, "WARNING", minutes, of, MinuteSeries.ByStatus::warning);
        status(g, "PAUSED", minutes, of, MinuteSeries.ByStatus::paused);
        g.writeEndObject();
    }

    private static void status(
            JsonGenerator g,
            String name,
            MinuteSeries.Minute[] minutes,
            Function<MinuteSeries.Minute, MinuteSeries.ByStatus> of,
            ToLongFunction<MinuteSeries.ByStatus> count)
            throws IOException {
        g.writeArrayFieldStart(name);
        for (MinuteSeries.Minute m : minutes) {
            MinuteSeries.ByStatus counts = m == null ? null : of.apply(m);
            if (counts == null) {
                g.writeNull();
            } else {
                g.writeNumber(count.applyAsLong(counts));
            }
        }
        g.writeEndArray();
    }
}
