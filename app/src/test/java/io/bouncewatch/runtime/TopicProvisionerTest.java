package io.bouncewatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.bouncewatch.topology.Topics;
import java.lang.reflect.Constructor;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsResult;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeConfigsResult;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.ListTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TopicListing;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

/**
 * The controller confirms a new topic before the broker answering a describe knows it: the start
 * waits for it instead of failing with UnknownTopicOrPartition. Topics that must take large records
 * get the limit when created, and have it raised when they exist with less.
 */
class TopicProvisionerTest {

    private static final List<TopicDefinitions.Definition> DEFINITIONS =
            TopicDefinitions.load(Topics.DEFAULTS);

    /**
     * An Admin whose every topic exists and whose first {@code unknownFor} describes fail as
     * unknown.
     */
    private static Admin admin(int unknownFor, AtomicInteger describes) {
        return new FakeAdmin(
                        DEFINITIONS.stream().map(TopicDefinitions.Definition::name).toList(),
                        unknownFor,
                        describes)
                .proxy();
    }

    /**
     * A cluster holding {@code existing} topics, each taking records of {@code maxMessageBytes} (as
     * the broker's default would), that records the topics created and the configs altered.
     */
    private static final class FakeAdmin {
        final List<String> existing;
        final int unknownFor;
        final AtomicInteger describes;
        final Map<String, String> maxMessageBytes = new TreeMap<>();
        final Map<String, Integer> partitions = new TreeMap<>();
        final List<NewTopic> created = new ArrayList<>();
        final Map<String, String> altered = new TreeMap<>();

        FakeAdmin(List<String> existing, int unknownFor, AtomicInteger describes) {
            this.existing = new ArrayList<>(existing);
            this.unknownFor = unknownFor;
            this.describes = describes;
            existing.forEach(name -> maxMessageBytes.put(name, "1048588"));
        }

        Admin proxy() {
            return (Admin)
                    Proxy.newProxyInstance(
                            Admin.class.getClassLoader(),
                            new Class<?>[] {Admin.class},
                            (proxy, method, args) -> answer(method.getName(), args));
        }

        @SuppressWarnings("unchecked")
        private Object answer(String method, Object[] args) throws ReflectiveOperationException {
            switch (method) {
                case "listTopics":
                    return listed(existing);
                case "describeTopics":
                    Collection<String> names =
                            args[0] instanceof Collection<?> c ? (Collection<String>) c : List.of();
                    return described(
                            names,
                            describes.incrementAndGet() <= unknownFor,
                            name -> partitions.getOrDefault(name, 6));
                case "createTopics":
                    Collection<NewTopic> topics = (Collection<NewTopic>) args[0];
                    created.addAll(topics);
                    topics.forEach(t -> existing.add(t.name()));
                    topics.forEach(t -> partitions.put(t.name(), t.numPartitions()));
                    return new CreateTopicsResult(
                            topics.stream()
                                    .collect(
                                            Collectors.toMap(
                                                    NewTopic::name,
                                                    t ->
                                                            KafkaFuture
                                                                    .<CreateTopicsResult
                                                                                    .TopicMetadataAndConfig>
                                                                            completedFuture(
                                                                                    null)))) {};
                case "describeConfigs":
                    return new DescribeConfigsResult(
                            ((Collection<ConfigResource>) args[0])
                                    .stream()
                                            .collect(
                                                    Collectors.toMap(
                                                            Function.identity(),
                                                            r ->
                                                                    KafkaFuture.completedFuture(
                                                                            new Config(
                                                                                    List.of(
                                                                                            new ConfigEntry(
                                                                                                    TopicConfig
                                                                                                            .MAX_MESSAGE_BYTES_CONFIG,
                                                                                                    maxMessageBytes
                                                                                                            .get(
                                                                                                                    r
                                                                                                                            .name())))))))) {};
                case "incrementalAlterConfigs":
                    Map<ConfigResource, Collection<AlterConfigOp>> ops =
                            (Map<ConfigResource, Collection<AlterConfigOp>>) args[0];
                    ops.forEach(
                            (r, list) ->
                                    list.forEach(
                                            op -> altered.put(r.name(), op.configEntry().value())));
                    Constructor<AlterConfigsResult> constructor =
                            AlterConfigsResult.class.getDeclaredConstructor(Map.class);
                    constructor.setAccessible(true);
                    return constructor.newInstance(
                            ops.keySet().stream()
                                    .collect(
                                            Collectors.toMap(
                                                    Function.identity(),
                                                    r -> KafkaFuture.<Void>completedFuture(null))));
                default:
                    throw new UnsupportedOperationException(method);
            }
        }
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

    private static DescribeTopicsResult described(
            Collection<String> names, boolean unknown, Function<String, Integer> partitions) {
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
                                                            IntStream.range(
                                                                            0,
                                                                            partitions.apply(name))
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

    /**
     * A release adds input topics to a cluster whose inputs have 12 partitions: they get 12, since
     * any other count would stop the start.
     */
    @Test
    void aNewInputTopicTakesThePartitionCountOfTheExistingInputs() {
        List<String> earlier =
                DEFINITIONS.stream()
                        .map(TopicDefinitions.Definition::name)
                        .filter(name -> !name.startsWith("ingest."))
                        .toList();
        FakeAdmin cluster = new FakeAdmin(earlier, 0, new AtomicInteger());
        earlier.forEach(name -> cluster.partitions.put(name, 12));

        int partitions =
                new TopicProvisioner(cluster.proxy(), Duration.ofSeconds(10))
                        .provision(DEFINITIONS, true, -1);

        assertThat(partitions).isEqualTo(12);
        assertThat(cluster.created)
                .extracting(NewTopic::name, NewTopic::numPartitions)
                .containsExactlyInAnyOrder(
                        tuple("ingest.kumomta", 12), tuple("ingest.postfix", 12));
    }

    /** The run command creates every topic, the raw messages' one among them. */
    @Test
    void onAnEmptyClusterEveryTopicIsCreatedAndTheLargeRecordOnesTakeThem() {
        FakeAdmin cluster = new FakeAdmin(List.of(), 0, new AtomicInteger());

        new TopicProvisioner(cluster.proxy(), Duration.ofSeconds(10))
                .provision(DEFINITIONS, true, -1);

        assertThat(cluster.created)
                .extracting(NewTopic::name)
                .containsExactlyInAnyOrderElementsOf(
                        DEFINITIONS.stream().map(TopicDefinitions.Definition::name).toList())
                .contains("email.dsn");
        Map<String, String> limits = new TreeMap<>();
        cluster.created.stream()
                .filter(t -> t.configs().containsKey(TopicConfig.MAX_MESSAGE_BYTES_CONFIG))
                .forEach(
                        t ->
                                limits.put(
                                        t.name(),
                                        t.configs().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)));
        assertThat(limits)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "email.dsn",
                                "8323072",
                                "health.dead-letters",
                                Integer.toString(Topics.MAX_RECORD_BYTES)));
        assertThat(cluster.created)
                .filteredOn(t -> t.name().equals("email.dsn"))
                .singleElement()
                .satisfies(t -> assertThat(t.numPartitions()).isEqualTo(6));
        assertThat(cluster.altered).isEmpty();
    }

    /**
     * An earlier release created the dead letters with the broker's 1 MiB limit: a raw message's
     * dead letter would be refused and stop the stream, so the limit is raised.
     */
    @Test
    void existingTopicsThatTakeSmallerRecordsThanTheyMustAreRaised() {
        List<String> earlier =
                DEFINITIONS.stream()
                        .map(TopicDefinitions.Definition::name)
                        .filter(name -> !name.equals("email.dsn"))
                        .toList();
        FakeAdmin cluster = new FakeAdmin(earlier, 0, new AtomicInteger());

        new TopicProvisioner(cluster.proxy(), Duration.ofSeconds(10))
                .provision(DEFINITIONS, true, -1);

        assertThat(cluster.created).extracting(NewTopic::name).containsExactly("email.dsn");
        assertThat(cluster.altered)
                .containsExactlyEntriesOf(
                        Map.of("health.dead-letters", Integer.toString(Topics.MAX_RECORD_BYTES)));
    }

    @Test
    void withoutTopicCreationTooSmallALimitStopsTheStartNamingTheTopic() {
        FakeAdmin cluster =
                new FakeAdmin(
                        DEFINITIONS.stream().map(TopicDefinitions.Definition::name).toList(),
                        0,
                        new AtomicInteger());

        assertThatThrownBy(
                        () ->
                                new TopicProvisioner(cluster.proxy(), Duration.ofSeconds(10))
                                        .provision(DEFINITIONS, false, -1))
                .isInstanceOf(StartupException.class)
                .hasMessage(
                        "topic email.dsn takes records of at most 1048588 bytes (max.message.bytes) and must"
                                + " take 8323072; raise it (see topics/topics.json) or set topics.create=true");
        assertThat(cluster.altered).isEmpty();
    }
}
