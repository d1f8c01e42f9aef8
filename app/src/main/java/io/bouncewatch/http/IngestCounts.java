package io.bouncewatch.http;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What each configured webhook source has answered and published since the start, for the metrics:
 * requests by outcome, and the records they were written as.
 */
public final class IngestCounts {

    /** How a request to a configured source ended. */
    public enum Outcome {
        /** 200: every record acknowledged by Kafka. */
        ACCEPTED,
        /** 400, 401, 403 or 413: nothing recorded. */
        REFUSED,
        /** 503: the monitor was starting or Kafka did not acknowledge; the provider retries. */
        UNAVAILABLE
    }

    private record Source(Map<Outcome, LongAdder> requests, LongAdder events, LongAdder rejected) {}

    private final Map<String, Source> sources = new TreeMap<>();

    IngestCounts(Set<String> names) {
        for (String name : names) {
            Map<Outcome, LongAdder> requests = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                requests.put(outcome, new LongAdder());
            }
            sources.put(name, new Source(requests, new LongAdder(), new LongAdder()));
        }
    }

    /** The configured sources' names, sorted. */
    public Set<String> sources() {
        return sources.keySet();
    }

    public long requests(String source, Outcome outcome) {
        return sources.get(source).requests().get(outcome).sum();
    }

    /** Input events published for the source's accepted requests. */
    public long events(String source) {
        return sources.get(source).events().sum();
    }

    /** Parts of accepted requests that went to the dead letters. */
    public long rejected(String source) {
        return sources.get(source).rejected().sum();
    }

    void request(String source, Outcome outcome) {
        sources.get(source).requests().get(outcome).increment();
    }

    void published(String source, long events, long rejected) {
        sources.get(source).events().add(events);
        sources.get(source).rejected().add(rejected);
    }
}
