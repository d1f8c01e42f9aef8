package io.bouncewatch.topology;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;

/**
 * One of the named children a processor forwards to, typed with the values it takes. A processor
 * forwards only through its outlets, and the topology builds each child from its outlet, out of a
 * processor, merge, repartition or sink of that same type: a value the child cannot take does not
 * compile. The one unchecked cast, of the parent's stream to the outlet's type, holds because no
 * record reaches the child other than through the outlet.
 *
 * @param <V> the values forwarded to the child; the keys are strings throughout
 */
final class Outlet<V> {

    private final String node;
    private final String repartition;

    private Outlet(String node, String repartition) {
        this.node = Objects.requireNonNull(node, "node");
        this.repartition = repartition;
    }

    /** A child the topology names {@code node}: a processor, a merge or a sink. */
    static <V> Outlet<V> node(String node) {
        return new Outlet<>(node, null);
    }

    /**
     * A repartition topic {@code <application.id>-<name>-repartition}, reached through the node
     * Kafka Streams puts in front of it (which drops records without a key).
     */
    static <V> Outlet<V> repartition(String name) {
        return new Outlet<>(name + "-repartition-filter", name);
    }

    void forward(ProcessorContext<String, ? super V> context, Record<String, V> record) {
        context.forward(record, node);
    }

    /** Adds the child: a processor of this outlet's values. */
    <KO, VO> KStream<KO, VO> process(
            KStream<String, ?> parent,
            ProcessorSupplier<String, ? super V, KO, VO> supplier,
            String... stores) {
        return of(parent).process(supplier, Named.as(node), stores);
    }

    /** Adds the child: the topic the records cross to be read back keyed as they are forwarded. */
    KStream<String, V> repartition(KStream<String, ?> parent, Serde<V> values) {
        if (repartition == null) {
            throw new IllegalStateException(node + " is not a repartition topic");
        }
        return of(parent)
                .repartition(Repartitioned.with(Serdes.String(), values).withName(repartition));
    }

    /** Adds the child: a sink, named as the outlet, writing its values to the topic. */
    void to(KStream<String, ?> parent, TopicSpec<String, V> topic) {
        of(parent).to(topic.name(), topic.produced(node));
    }

    /**
     * Adds the child: a sink, named as the outlet, writing its values to the partitions the
     * partitioner picks.
     */
    void to(
            KStream<String, ?> parent,
            TopicSpec<String, V> topic,
            StreamPartitioner<String, V> partitioner) {
        of(parent).to(topic.name(), topic.produced(node).withStreamPartitioner(partitioner));
    }

    /**
     * Adds the child: a merge of the outlet's records with another stream of a type they belong to,
     * so that the processor downstream has one parent.
     */
    static <W> KStream<String, W> merge(
            Outlet<? extends W> outlet, KStream<String, ?> parent, KStream<String, W> other) {
        @SuppressWarnings("unchecked")
        KStream<String, W> forwarded = (KStream<String, W>) parent;
        return forwarded.merge(other, Named.as(outlet.node));
    }

    @SuppressWarnings("unchecked")
    private KStream<String, V> of(KStream<String, ?> parent) {
        return (KStream<String, V>) parent;
    }
}
