package io.bouncewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.dsn.BounceMessageParser;
import io.bouncewatch.input.InputKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * Records that would split a mailbox across tasks are marked for re-routing; a raw message's events
 * have ids of their own, stable and one per recipient.
 */
class ParseProcessorTest {

    private static final int PARTITIONS = 6;
    private static final String MAILBOX = "alice@acme.io";
    private static final byte[] EVENT =
            "{\"eventId\":\"s-1\",\"mailbox\":\"alice@acme.io\"}".getBytes(StandardCharsets.UTF_8);

    private boolean misrouted(String key, int partition) {
        MockProcessorContext<String, Inbound> context = new MockProcessorContext<>();
        context.setRecordMetadata("email.sends", partition, 42L);
        context.setCurrentSystemTimeMs(1_795_000_000_000L);
        ParseProcessor parser =
                new ParseProcessor(
                        java.util.Map.of("email.sends", InputKind.SENDS),
                        PARTITIONS,
                        new BounceMessageParser());
        parser.init(context);
        parser.process(
                new Record<>(key == null ? null : key.getBytes(StandardCharsets.UTF_8), EVENT, 0L));
        Inbound out = context.forwarded().get(0).record().value();
        return ((Inbound.ForMailbox) out).misrouted();
    }

    private static int javaPartition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    @Test
    void aRecordKeyedByTheMailboxOnItsDefaultPartitionStaysWhereItIs() {
        assertThat(misrouted(MAILBOX, javaPartition(MAILBOX))).isFalse();
    }

    @Test
    void aRecordPlacedByAnotherPartitionerIsReRouted() {
        assertThat(misrouted(MAILBOX, (javaPartition(MAILBOX) + 1) % PARTITIONS)).isTrue();
    }

    @Test
    void aRecordKeyedOtherwiseOrNotAtAllIsReRouted() {
        assertThat(misrouted("Alice@ACME.io", javaPartition(MAILBOX))).isTrue();
        assertThat(misrouted(null, javaPartition(MAILBOX))).isTrue();
    }

    private static final String DSN_TOPIC = "email.dsn";

    private static final String BOUNCE =
            """
            From: Mail Delivery System <MAILER-DAEMON@mx.acme.io>
            To: alice@acme.io
            Subject: Undelivered Mail Returned to Sender
            {header}MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="B1"

            --B1
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.acme.io

            Final-Recipient: rfc822; bob@example.org
            Action: failed
            Status: 5.1.1

            Final-Recipient: rfc822; carol@example.org
            Action: failed
            Status: 5.1.1

            --B1--
            """;

    /** The bounce with one more header line (or none) before its MIME-Version. */
    private static String bounce(String header) {
        return BOUNCE.replace("{header}", header);
    }

    /** The inputs the parser forwards for one raw message, keyed and placed as given. */
    private static List<Inbound> parseMessage(String key, int partition, String message) {
        MockProcessorContext<String, Inbound> context = new MockProcessorContext<>();
        context.setRecordMetadata(DSN_TOPIC, partition, 7L);
        context.setCurrentSystemTimeMs(1_795_000_000_000L);
        ParseProcessor parser =
                new ParseProcessor(
                        Map.of(DSN_TOPIC, InputKind.DSN), PARTITIONS, new BounceMessageParser());
        parser.init(context);
        parser.process(
                new Record<>(
                        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                        message.getBytes(StandardCharsets.UTF_8),
                        1_795_000_000_000L));
        return context.forwarded().stream()
                .<Inbound>map(f -> f.record().value())
                .filter(i -> !(i instanceof Inbound.ForRecipient))
                .toList();
    }

    private static List<String> eventIds(List<Inbound> inputs) {
        return inputs.stream().map(i -> ((Inbound.ForMailbox) i).event().eventId()).toList();
    }

    @Test
    void eachRecipientOfAMessageHasItsOwnEventIdAndTheSameOnEveryDelivery() {
        String message = bounce("Message-ID: <b-1@mx.acme.io>\n");
        List<String> first = eventIds(parseMessage(null, 0, message));
        List<String> again = eventIds(parseMessage(MAILBOX, 3, message));

        assertThat(first)
                .hasSize(2)
                .doesNotHaveDuplicates()
                .allMatch(id -> id.matches("dsn-[0-9a-f]{16}"));
        assertThat(again).isEqualTo(first);
    }

    /** A relay that adds a header to the same message does not make it another bounce. */
    @Test
    void theMessageIdAloneIdentifiesAMessageThatHasOne() {
        String message = bounce("Message-ID: <b-1@mx.acme.io>\n");
        assertThat(eventIds(parseMessage(null, 0, "Delivered-To: bounces@acme.io\n" + message)))
                .isEqualTo(eventIds(parseMessage(null, 0, message)));
        assertThat(eventIds(parseMessage(null, 0, bounce("Message-ID: <b-2@mx.acme.io>\n"))))
                .doesNotContainAnyElementsOf(eventIds(parseMessage(null, 0, message)));
    }

    @Test
    void aMessageWithoutMessageIdIsIdentifiedByItsBytes() {
        String message = bounce("");
        assertThat(eventIds(parseMessage(null, 0, message)))
                .isEqualTo(eventIds(parseMessage(null, 0, message)))
                .doesNotContainAnyElementsOf(
                        eventIds(parseMessage(null, 0, "X-Relayed: yes\n" + message)));
    }

    @Test
    void aMessagesEventsTakeTheRecordsTimestampAndAreReRoutedUnlessKeyedByTheirMailbox() {
        String message = bounce("");
        List<Inbound> keyed = parseMessage(MAILBOX, javaPartition(MAILBOX), message);
        List<Inbound> unkeyed = parseMessage(null, javaPartition(MAILBOX), message);

        assertThat(keyed)
                .allSatisfy(
                        i -> {
                            Inbound.ForMailbox m = (Inbound.ForMailbox) i;
                            assertThat(m.misrouted()).isFalse();
                            assertThat(m.event().timestamp()).isEqualTo(1_795_000_000_000L);
                            assertThat(m.event().mailbox()).isEqualTo(MAILBOX);
                        });
        assertThat(unkeyed)
                .allSatisfy(i -> assertThat(((Inbound.ForMailbox) i).misrouted()).isTrue());
    }

    /**
     * A child may change the headers it gets (the dead letters add their reasons; a producer makes
     * them read-only once sent): each event of a message has headers of its own.
     */
    @Test
    void eachEventOfAMessageHasHeadersOfItsOwn() {
        MockProcessorContext<String, Inbound> context = new MockProcessorContext<>();
        context.setRecordMetadata(DSN_TOPIC, 0, 7L);
        context.setCurrentSystemTimeMs(1_795_000_000_000L);
        ParseProcessor parser =
                new ParseProcessor(
                        Map.of(DSN_TOPIC, InputKind.DSN), PARTITIONS, new BounceMessageParser());
        parser.init(context);
        Record<byte[], byte[]> record =
                new Record<>(null, bounce("").getBytes(StandardCharsets.UTF_8), 0L);
        record.headers().add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
        parser.process(record);

        List<Headers> headers =
                context.forwarded().stream()
                        .filter(f -> !(f.record().value() instanceof Inbound.ForRecipient))
                        .map(f -> f.record().headers())
                        .toList();
        assertThat(headers).hasSize(2);
        headers.get(0).add("bouncewatch.error.reason", new byte[0]);
        assertThat(headers.get(1).lastHeader("bouncewatch.error.reason")).isNull();
        assertThat(headers.get(1).lastHeader("trace").value())
                .isEqualTo("t-1".getBytes(StandardCharsets.UTF_8));
    }

    /** What each record of the topic gives the suppression list's outlet. */
    private static List<Inbound.ForRecipient> toRecipients(
            String topic, InputKind kind, String json) {
        MockProcessorContext<String, Inbound> context = new MockProcessorContext<>();
        context.setRecordMetadata(topic, 0, 1L);
        context.setCurrentSystemTimeMs(1_795_000_000_000L);
        ParseProcessor parser =
                new ParseProcessor(Map.of(topic, kind), PARTITIONS, new BounceMessageParser());
        parser.init(context);
        parser.process(
                new Record<>(
                        MAILBOX.getBytes(StandardCharsets.UTF_8),
                        json.getBytes(StandardCharsets.UTF_8),
                        1_795_000_000_000L));
        return context.forwarded().stream()
                .filter(f -> f.record().value() instanceof Inbound.ForRecipient)
                .peek(
                        f ->
                                assertThat(f.childName())
                                        .hasValue("suppression-rekey-repartition-filter"))
                .map(f -> (Inbound.ForRecipient) f.record().value())
                .toList();
    }

    @Test
    void onlyWhatCanSuppressGoesToTheRecipientKeyedByTheNormalisedRecipient() {
        String userUnknown =
                "{\"eventId\":\"b-1\",\"mailbox\":\"alice@acme.io\",\"recipient\":\"Bob@Example.COM\","
                        + "\"smtpCode\":550,\"enhancedStatus\":\"5.1.1\",\"diagnostic\":\"user unknown\"}";
        String reputation =
                "{\"eventId\":\"b-2\",\"mailbox\":\"alice@acme.io\",\"recipient\":\"bob@example.com\","
                        + "\"smtpCode\":550,\"enhancedStatus\":\"5.7.1\",\"diagnostic\":\"low reputation\"}";
        String noRecipient =
                "{\"eventId\":\"b-3\",\"mailbox\":\"alice@acme.io\",\"smtpCode\":550,"
                        + "\"enhancedStatus\":\"5.1.1\"}";
        String complaint =
                "{\"eventId\":\"c-1\",\"mailbox\":\"alice@acme.io\",\"recipient\":\"bob@example.com\"}";
        String command =
                "{\"commandId\":\"op-1\",\"recipient\":\"bob@example.com\",\"action\":\"UNSUPPRESS\"}";

        assertThat(toRecipients("email.bounces", InputKind.BOUNCES, userUnknown))
                .singleElement()
                .satisfies(r -> assertThat(r.recipient()).isEqualTo("bob@example.com"));
        assertThat(toRecipients("email.bounces", InputKind.BOUNCES, reputation)).isEmpty();
        assertThat(toRecipients("email.bounces", InputKind.BOUNCES, noRecipient)).isEmpty();
        assertThat(
                        toRecipients(
                                "email.sends",
                                InputKind.SENDS,
                                new String(EVENT, StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(toRecipients("email.complaints", InputKind.COMPLAINTS, complaint))
                .singleElement()
                .satisfies(r -> assertThat(r.event()).isNotNull());
        assertThat(toRecipients("mailbox.commands", InputKind.COMMANDS, command))
                .singleElement()
                .satisfies(r -> assertThat(r.command()).isNotNull());
    }
}
