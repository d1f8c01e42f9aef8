package io.bouncewatch.topology;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/** A topic name with the serdes of its keys and values, so the two never travel apart. */
public record TopicSpec<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        if (name.isBlank()) {
            throw new IllegalArgumentException("topic name is blank");
        }
    }

    Consumed<K, V> consumed(String sourceName) {
        return Consumed.with(keySerde, valueSerde).withName(sourceName);
    }

    Produced<K, V> produced(String sinkName) {
        return Produced.with(keySerde, valueSerde).withName(sinkName);
    }
}
