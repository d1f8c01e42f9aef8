package io.bouncewatch.bench;

import io.bouncewatch.payload.InputParser;
import io.bouncewatch.rules.MailboxEvent;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The floor any Kafka Streams design of the monitor pays: parse each event with the monitor's own
 * parser and do one read-modify-write of a per-mailbox counter in a RocksDB store with a changelog.
 * No rules, no outputs.
 */
final class MinimalTopology {

    static final String STORE = "minimal-counts";

    private MinimalTopology() {}

    /**
     * @param inputs the sends, bounces and complaints topics, in that order
     * @param cached whether the store has Kafka Streams' record cache in front of it
     */
    static Topology build(List<String> inputs, boolean cached) {
        Topology topology = new Topology();
        String[] sources = new String[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            sources[i] = "source-" + i;
            topology.addSource(
                    sources[i],
                    Serdes.ByteArray().deserializer(),
                    Serdes.ByteArray().deserializer(),
                    inputs.get(i));
        }
        var store =
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.Long());
        topology.addProcessor("count", () -> new CountProcessor(inputs), sources);
        topology.addStateStore(
                cached ? store.withCachingEnabled() : store.withCachingDisabled(), "count");
        return topology;
    }

    private static final class CountProcessor implements Processor<byte[], byte[], Void, Void> {
        private final List<String> inputs;
        private ProcessorContext<Void, Void> context;
        private KeyValueStore<String, Long> counts;

        CountProcessor(List<String> inputs) {
            this.inputs = inputs;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.context = context;
            this.counts = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            String topic = context.recordMetadata().orElseThrow().topic();
            long now = context.currentSystemTimeMs();
            MailboxEvent event;
            if (topic.equals(inputs.get(0))) {
                event = InputParser.send(record.value(), record.timestamp(), now);
            } else if (topic.equals(inputs.get(1))) {
                event = InputParser.bounce(record.value(), record.timestamp(), now);
            } else {
                event = InputParser.complaint(record.value(), record.timestamp(), now);
            }
            Long count = counts.get(event.mailbox());
            counts.put(event.mailbox(), count == null ? 1L : count + 1);
        }
    }
}
