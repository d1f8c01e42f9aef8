package io.bouncewatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bouncewatch.topology.Topics;
import java.lang.reflect.Constructor;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.ListTopicsResult;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TopicListing;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

/**
 * The controller confirms a new topic before the broker answering a describe knows it: the start
 * waits for it instead of failing with UnknownTopicOrPartition.
 */
class TopicProvisionerTest {

    private static final List<TopicDefinitions.Definition> DEFINITIONS =
            TopicDefinitions.load(Topics.DEFAULTS);

    /**
     * An Admin whose every topic exists and whose first {@code unknownFor} describes fail as
     * unknown.
     */
    private static Admin admin(int unknownFor, AtomicInteger describes) {
        return (Admin)
                Proxy.newProxyInstance(
                        Admin.class.getClassLoader(),
                        new Class<?>[] {Admin.class},
                        (proxy, method, args) ->
                                switch (method.getName()) {
                                    case "listTopics" ->
                                            listed(
                                                    DEFINITIONS.stream()
                                                            .map(TopicDefinitions.Definition::name)
                                                            .toList());
                                    case "describeTopics" -> {
                                        @SuppressWarnings("unchecked")
                                        Collection<String> names =
                                                args[0] instanceof Collection<?> c
                                                        ? (Collection<String>) c
                                                        : List.of();
                                        yield described(
                                                names, describes.incrementAndGet() <= unknownFor);
                                    }
                                    default ->
                                            throw new UnsupportedOperationException(
                                                    method.getName());
                                });
    }

    private static ListTopicsResult listed(List<String> names) throws ReflectiveOperationException {
        Constructor<ListTopicsResult> constructor =
                ListTopicsResult.class.getDeclaredConstructor(KafkaFuture.class);
        constructor.setAccessible(true);
        return constructor.newInstance(
                KafkaFuture.completedFuture(
                        names.stream()
                                .collect(
                                        Collectors.toMap(
                                                Function.identity(),
                                                n ->
                                                        new TopicListing(
                                                                n, Uuid.randomUuid(), false)))));
    }

    private static DescribeTopicsResult described(Collection<String> names, boolean unknown) {
        Map<String, KafkaFuture<TopicDescription>> futures =
                names.stream()
                        .collect(
                                Collectors.toMap(
                                        Function.identity(),
                                        name -> {
                                            if (unknown) {
                                                // KafkaFuture has no public factory of a failed
                                                // future: a step that throws makes one.
                                                return KafkaFuture
                                                        .<TopicDescription>completedFuture(null)
                                                        .thenApply(
                                                                none -> {
                                                                    throw new UnknownTopicOrPartitionException(
                                                                            "This server does not host this topic-partition.");
                                                                });
                                            }
                                            return KafkaFuture.completedFuture(
                                                    new TopicDescription(
                                                            name,
                                                            false,
                                                            IntStream.range(0, 6)
                                                                    .mapToObj(
                                                                            p ->
                                                                                    new TopicPartitionInfo(
                                                                                            p,
                                                                                            null,
                                                                                            List
                                                                                                    .of(),
                                                                                            List
                                                                                                    .of()))
                                                                    .toList()));
                                        }));
        return new DescribeTopicsResult(null, futures) {};
    }

    @Test
    void topicsTheBrokerDoesNotKnowYetAreDescribedOnceItDoes() {
        AtomicInteger describes = new AtomicInteger();
        int partitions =
                new TopicProvisioner(admin(2, describes), Duration.ofSeconds(10))
                        .provision(DEFINITIONS, true, -1);

        assertThat(partitions).isEqualTo(6);
        assertThat(describes).hasValue(3);
    }

    @Test
    void topicsStillUnknownAfterTheStartupTimeoutStopTheStart() {
        assertThatThrownBy(
                        () ->
                                new TopicProvisioner(
                                                admin(Integer.MAX_VALUE, new AtomicInteger()),
                                                Duration.ofMillis(200))
                                        .provision(DEFINITIONS, true, -1))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("cannot describe topics");
    }
}
