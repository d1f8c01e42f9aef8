package io.bouncewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bouncewatch.rules.Command;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.OperatorAction;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * The compiler checks that a processor forwards to each outlet what the outlet's child takes; this
 * checks what it cannot: that each processor's outlets name exactly its children in the built
 * topology (a forward to a node that is not a child stops the stream thread), and that the typed
 * repartition serdes keep the pinned format of every input they carry.
 */
class TypedWiringTest {

    private static final Command MAILBOX_COMMAND =
            new Command(
                    "op-1",
                    "alice@acme.io",
                    false,
                    OperatorAction.PAUSE,
                    null,
                    null,
                    1_795_000_000_000L);
    private static final Command DOMAIN_COMMAND =
            new Command(
                    "op-2", "acme.io", true, OperatorAction.PAUSE, null, null, 1_795_000_000_000L);

    @Test
    void theParsersOutletsAreItsChildren() {
        assertThat(children("parse"))
                .isEqualTo(
                        nodes(
                                ParseProcessor.MAILBOX_INPUTS,
                                ParseProcessor.MISROUTED,
                                ParseProcessor.DOMAIN_COMMANDS,
                                ParseProcessor.REJECTED,
                                ParseProcessor.RECIPIENT_INPUTS,
                                ParseProcessor.POSTFIX_LINES));
    }

    @Test
    void thePostfixJoinsOutletsAreItsChildren() {
        assertThat(children("postfix-join"))
                .isEqualTo(nodes(PostfixJoinProcessor.SENDS, PostfixJoinProcessor.BOUNCES));
    }

    @Test
    void theMailboxProcessorsOutletsAreItsChildren() {
        assertThat(children("mailbox-health"))
                .isEqualTo(
                        nodes(
                                MailboxProcessor.CHANGES,
                                MailboxProcessor.STATUS,
                                MailboxProcessor.SUMMARIES));
    }

    @Test
    void theDomainProcessorsOutletsAreItsChildren() {
        assertThat(children("domain-health"))
                .isEqualTo(
                        nodes(
                                DomainProcessor.CHANGES,
                                DomainProcessor.STATUS,
                                DomainProcessor.BLOCKS));
    }

    @Test
    void mailboxInputsCrossTheirRepartitionTopicInThePinnedFormat() {
        Inbound.ForMailbox event =
                Inbound.ForMailbox.event(
                        new MailboxEvent.Send("s-1", "alice@acme.io", 1_795_000_000_001L), true);
        Inbound.ForMailbox command = Inbound.ForMailbox.command(MAILBOX_COMMAND, true);

        for (Inbound.ForMailbox input : List.of(event, command)) {
            byte[] bytes = write(StateSerdes.forMailbox(), input);
            assertThat(bytes).isEqualTo(write(StateSerdes.inbound(), input));
            assertThat(read(StateSerdes.forMailbox(), bytes)).isEqualTo(input.rerouted());
        }
    }

    @Test
    void domainCommandsCrossTheirRepartitionTopicInThePinnedFormat() {
        Inbound.ForDomain command = new Inbound.ForDomain(DOMAIN_COMMAND);

        byte[] bytes = write(StateSerdes.forDomain(), command);

        assertThat(bytes).isEqualTo(write(StateSerdes.inbound(), command));
        assertThat(read(StateSerdes.forDomain(), bytes)).isEqualTo(command);
    }

    @Test
    void aRepartitionTopicRefusesAnotherKindOfInput() {
        byte[] domainCommand = write(StateSerdes.inbound(), new Inbound.ForDomain(DOMAIN_COMMAND));
        byte[] mailboxCommand =
                write(StateSerdes.inbound(), Inbound.ForMailbox.command(MAILBOX_COMMAND, false));

        assertThatThrownBy(() -> read(StateSerdes.forMailbox(), domainCommand))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ForMailbox");
        assertThatThrownBy(() -> read(StateSerdes.forDomain(), mailboxCommand))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ForDomain");
    }

    private static Set<String> children(String processor) {
        TopologyDescription description =
                MonitorTopology.build(TopologySettings.defaults()).describe();
        Set<String> children = new TreeSet<>();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node.name().equals(processor)) {
                    node.successors().forEach(child -> children.add(child.name()));
                }
            }
        }
        return children;
    }

    /** The nodes the outlets forward to, as a processor's context records them. */
    private static Set<String> nodes(Outlet<?>... outlets) {
        Set<String> nodes = new TreeSet<>();
        for (Outlet<?> outlet : outlets) {
            nodes.add(nodeOf(outlet));
        }
        return nodes;
    }

    private static <V> String nodeOf(Outlet<V> outlet) {
        MockProcessorContext<String, Object> context = new MockProcessorContext<>();
        outlet.forward(context, new Record<String, V>("key", null, 0L));
        return context.forwarded().get(0).childName().orElseThrow();
    }

    private static <T> byte[] write(Serde<T> serde, T value) {
        return serde.serializer().serialize("t", value);
    }

    private static <T> T read(Serde<T> serde, byte[] bytes) {
        return serde.deserializer().deserialize("t", bytes);
    }
}
