package io.bouncewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import io.bouncewatch.rules.BounceClass;
import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.CategoryCounts;
import io.bouncewatch.rules.Classification;
import io.bouncewatch.rules.Command;
import io.bouncewatch.rules.ConfigFailures;
import io.bouncewatch.rules.DomainCounts;
import io.bouncewatch.rules.DomainState;
import io.bouncewatch.rules.EventIdWindow;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.MailboxState;
import io.bouncewatch.rules.MailboxSummary;
import io.bouncewatch.rules.MailboxWindow;
import io.bouncewatch.rules.OperatorAction;
import io.bouncewatch.rules.Provider;
import io.bouncewatch.rules.Reason;
import io.bouncewatch.rules.RecentEventIds;
import io.bouncewatch.rules.Route;
import io.bouncewatch.rules.RouteStatus;
import io.bouncewatch.rules.Status;
import io.bouncewatch.rules.SuppressionAction;
import io.bouncewatch.rules.SuppressionCommand;
import io.bouncewatch.rules.SuppressionSource;
import io.bouncewatch.rules.SuppressionState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every binary format the monitor stores (state stores and their changelogs) or sends between its
 * instances (repartition topics), pinned byte for byte by the fixtures in {@code
 * src/test/resources/stored-formats}, one hex file per format and version: {@code
 * NAME.vVERSION.hex}, VERSION being the first byte of the encoded value (for the keys, which carry
 * no version byte, the file is {@code NAME.hex} and may never change).
 *
 * <p>Each current format encodes its canonical, field-rich value to exactly its fixture, and
 * decodes the fixture back to that value. A change of layout therefore fails here. To change a
 * format on purpose: raise its version byte in {@link StateSerdes}, keep the reader of the old
 * version, then run this test with {@code -Dstored-formats.record=true}: it writes the fixture of
 * the new version (it never overwrites an existing file). Move the old version's case to {@link
 * #previousVersions}, which only decodes, with the value the old bytes must still give.
 */
class StoredFormatsTest {

    private static final Path FIXTURES = Path.of("src", "test", "resources", "stored-formats");
    private static final HexFormat HEX = HexFormat.of();

    /** A format: how the canonical value is written and read. */
    private record Format<T>(
            String name,
            T value,
            Function<T, byte[]> write,
            Function<byte[], T> read,
            boolean versioned) {
        static <T> Format<T> of(String name, T value, Serde<T> serde) {
            return new Format<>(
                    name,
                    value,
                    v -> serde.serializer().serialize("t", v),
                    b -> serde.deserializer().deserialize("t", b),
                    true);
        }
    }

    /** An old version still read: its fixture and the value it decodes to. */
    private record Previous<T>(String fixture, T expected, Function<byte[], T> read) {}

    /** A temporary entry with every field set, and the bounces counting towards a longer one. */
    static SuppressionState canonicalSuppression() {
        return new SuppressionState(
                new SuppressionState.Entry(
                        Category.TRANSIENT,
                        BounceClass.MAILBOX_FULL,
                        SuppressionSource.BOUNCE,
                        1_795_000_000_000L,
                        1_795_604_800_000L,
                        "alice@acme.io",
                        "b-3",
                        "ops@acme.io",
                        "note \u2713"),
                List.of(
                        new SuppressionState.SoftBounce(1_795_100_000_000L, -7L),
                        new SuppressionState.SoftBounce(1_795_200_000_000L, Long.MAX_VALUE)));
    }

    static MailboxState canonicalMailbox() {
        return new MailboxState(
                Status.PAUSED,
                Reason.BOUNCE_RATE,
                new MailboxWindow(87_500_000L, 9_250_000L, 1_000_000L),
                12_345L,
                678L,
                9L,
                1_795_000_000_000L,
                172_800_000L,
                1_794_000_000_000L,
                17,
                42,
                true,
                1_794_500_000_000L,
                EventIdWindow.of(
                        new long[] {11L, -2L, Long.MAX_VALUE},
                        new long[] {1_794_496_400_000L, 1_794_496_400_000L, 1_794_500_000_123L}),
                EventIdWindow.of(new long[] {0x0123456789abcdefL}, new long[] {1_794_000_000_000L}),
                "ops@acme.io",
                "list cleaned \u2713",
                RecentEventIds.of(8, 5L, -6L),
                CategoryCounts.of(300, 0, 2, 41, 335, 7, 0),
                List.of(
                        new Route(
                                Provider.GOOGLE, RouteStatus.OK, 0, 0, List.of(1_794_499_000_000L)),
                        new Route(
                                Provider.MICROSOFT,
                                RouteStatus.SLOW_DOWN,
                                1_795_000_600_000L,
                                1_200_000L,
                                List.of()),
                        new Route(
                                Provider.YAHOO,
                                RouteStatus.BLOCKED,
                                1_795_086_400_000L,
                                0,
                                List.of())));
    }

    static DomainState canonicalDomain() {
        return new DomainState(
                Status.PAUSED,
                Reason.CONFIG_FAILURE,
                true,
                new DomainCounts(1_000L, 301L, 45_678L),
                "ops@acme.io",
                "DNS change",
                RecentEventIds.of(8, 42L),
                ConfigFailures.of(
                        new long[] {1_795_000_000_000L, 1_795_000_000_000L, 1_795_003_599_999L},
                        new long[] {7L, -8L, Long.MIN_VALUE},
                        Status.PAUSED,
                        1_795_003_700_000L));
    }

    /** What a version 2 state, which had no config failures, reads as. */
    private static DomainState canonicalDomainV2() {
        return new DomainState(
                Status.WARNING,
                Reason.UNHEALTHY_RATIO,
                true,
                new DomainCounts(1_000L, 301L, 45_678L),
                "ops@acme.io",
                "DNS change",
                RecentEventIds.of(8, 42L),
                ConfigFailures.NONE);
    }

    /**
     * What a version 4 state, which kept the last few ids of each kind and not when they came,
     * reads as: its ids first seen at its last event.
     */
    private static MailboxState canonicalMailboxV4() {
        MailboxState s = canonicalMailbox();
        long last = s.lastEventAt();
        return new MailboxState(
                s.status(),
                s.reason(),
                s.window(),
                s.totalSends(),
                s.totalBounces(),
                s.totalComplaints(),
                s.cooldownUntil(),
                s.lastCooldownMillis(),
                s.lastResumedAt(),
                s.probationSends(),
                s.recoverySends(),
                s.operatorPaused(),
                last,
                EventIdWindow.of(
                        new long[] {11L, -2L, Long.MAX_VALUE}, new long[] {last, last, last}),
                EventIdWindow.of(new long[] {0x0123456789abcdefL}, new long[] {last}),
                s.operator(),
                s.note(),
                s.recentCommands(),
                s.bouncesByCategory(),
                s.routes());
    }

    /** What a version 3 state, which counted no recovery sends, reads as. */
    private static MailboxState canonicalMailboxV3() {
        MailboxState s = canonicalMailboxV4();
        return new MailboxState(
                s.status(),
                s.reason(),
                s.window(),
                s.totalSends(),
                s.totalBounces(),
                s.totalComplaints(),
                s.cooldownUntil(),
                s.lastCooldownMillis(),
                s.lastResumedAt(),
                s.probationSends(),
                0,
                s.operatorPaused(),
                s.lastEventAt(),
                s.recentSends(),
                s.recentReports(),
                s.operator(),
                s.note(),
                s.recentCommands(),
                s.bouncesByCategory(),
                s.routes());
    }

    /** What a version 2 state, which kept no bounces by category and no routes, reads as. */
    private static MailboxState canonicalMailboxV2() {
        MailboxState s = canonicalMailboxV3();
        return new MailboxState(
                s.status(),
                s.reason(),
                s.window(),
                s.totalSends(),
                s.totalBounces(),
                s.totalComplaints(),
                s.cooldownUntil(),
                s.lastCooldownMillis(),
                s.lastResumedAt(),
                s.probationSends(),
                0,
                s.operatorPaused(),
                s.lastEventAt(),
                s.recentSends(),
                s.recentReports(),
                s.operator(),
                s.note(),
                s.recentCommands(),
                CategoryCounts.NONE,
                List.of());
    }

    /** What a version 1 state, which had no operator, note or command ids either, reads as. */
    private static MailboxState canonicalMailboxV1() {
        MailboxState s = canonicalMailboxV2();
        return new MailboxState(
                s.status(),
                s.reason(),
                s.window(),
                s.totalSends(),
                s.totalBounces(),
                s.totalComplaints(),
                s.cooldownUntil(),
                s.lastCooldownMillis(),
                s.lastResumedAt(),
                s.probationSends(),
                0,
                s.operatorPaused(),
                s.lastEventAt(),
                s.recentSends(),
                s.recentReports(),
                null,
                null,
                RecentEventIds.empty(Command.REMEMBERED_PER_TARGET),
                CategoryCounts.NONE,
                List.of());
    }

    private static DomainState canonicalDomainV1() {
        DomainState s = canonicalDomainV2();
        return new DomainState(
                s.status(),
                s.reason(),
                s.operatorPaused(),
                s.counts(),
                null,
                null,
                RecentEventIds.empty(Command.REMEMBERED_PER_TARGET),
                ConfigFailures.NONE);
    }

    private static Command command(boolean domain, OperatorAction action) {
        return new Command(
                "op-7",
                domain ? "acme.io" : "alice@acme.io",
                domain,
                action,
                "list cleaned",
                "ops@acme.io",
                1_795_000_123_456L);
    }

    private static Inbound inboundSend() {
        return Inbound.ForMailbox.event(
                new MailboxEvent.Send("s-1", "alice@acme.io", 1_795_000_000_001L), false);
    }

    /** A bounce with its whole classification, recipient and reply. */
    private static Inbound inboundBounce() {
        return Inbound.ForMailbox.event(
                new MailboxEvent.Bounce(
                        "b-1",
                        "alice@acme.io",
                        1_795_000_000_002L,
                        BounceType.HARD,
                        new Classification(
                                Category.REPUTATION,
                                BounceClass.LOW_REPUTATION,
                                Provider.GOOGLE,
                                "reply google-low-reputation"),
                        "bob@gmail.com",
                        "550 5.7.1 very low reputation \u2713 gsmtp"),
                false);
    }

    private static Inbound inboundComplaint() {
        return Inbound.ForMailbox.event(
                new MailboxEvent.Complaint("c-1", "alice@acme.io", 1_795_000_000_003L), false);
    }

    private static Inbound inboundMailboxCommand() {
        return Inbound.ForMailbox.command(command(false, OperatorAction.REMOVE), false);
    }

    private static Inbound inboundDomainCommand() {
        return new Inbound.ForDomain(command(true, OperatorAction.RESUME));
    }

    static List<Format<?>> formats() {
        return List.of(
                Format.of("mailbox-state", canonicalMailbox(), StateSerdes.mailboxState()),
                Format.of("domain-state", canonicalDomain(), StateSerdes.domainState()),
                Format.of(
                        "domain-state-no-config-failures",
                        canonicalDomainV2(),
                        StateSerdes.domainState()),
                Format.of(
                        "mailbox-summary",
                        new MailboxSummary(Status.WARNING, true, 40, 1_794_960_000_000L),
                        StateSerdes.mailboxSummary()),
                Format.of(
                        "domain-member",
                        (DomainInput)
                                new DomainInput.Member(
                                        "alice@acme.io",
                                        new MailboxSummary(
                                                Status.PAUSED, false, 100, 1_794_960_000_000L)),
                        StateSerdes.domainInput()),
                Format.of(
                        "domain-member-removed",
                        (DomainInput) new DomainInput.Member("alice@acme.io", null),
                        StateSerdes.domainInput()),
                Format.of("inbound-send", inboundSend(), StateSerdes.inbound()),
                Format.of("inbound-bounce", inboundBounce(), StateSerdes.inbound()),
                Format.of("inbound-complaint", inboundComplaint(), StateSerdes.inbound()),
                Format.of(
                        "domain-config-failure",
                        (DomainInput)
                                new DomainInput.ConfigFailure(
                                        "alice@acme.io", "b-9", 1_795_000_000_004L),
                        StateSerdes.domainInput()),
                Format.of(
                        "inbound-mailbox-command", inboundMailboxCommand(), StateSerdes.inbound()),
                Format.of("inbound-domain-command", inboundDomainCommand(), StateSerdes.inbound()),
                Format.of(
                        "suppression-state",
                        canonicalSuppression(),
                        StateSerdes.suppressionState()),
                Format.of(
                        "suppression-state-counting",
                        new SuppressionState(
                                null,
                                List.of(new SuppressionState.SoftBounce(1_795_000_000_000L, 42L))),
                        StateSerdes.suppressionState()),
                Format.of(
                        "suppression-input-bounce",
                        new Inbound.ForRecipient(
                                "bob@example.com",
                                new MailboxEvent.Bounce(
                                        "b-1",
                                        "alice@acme.io",
                                        1_795_000_000_001L,
                                        BounceType.HARD,
                                        new Classification(
                                                Category.LIST,
                                                BounceClass.USER_UNKNOWN,
                                                Provider.GOOGLE,
                                                "enhanced status 5.1.1"),
                                        "bob@example.com",
                                        null),
                                null),
                        StateSerdes.forRecipient()),
                Format.of(
                        "suppression-input-complaint",
                        new Inbound.ForRecipient(
                                "bob@example.com",
                                new MailboxEvent.Complaint(
                                        "c-1",
                                        "alice@acme.io",
                                        1_795_000_000_002L,
                                        "bob@example.com"),
                                null),
                        StateSerdes.forRecipient()),
                Format.of(
                        "suppression-input-command",
                        new Inbound.ForRecipient(
                                "carol@example.com",
                                null,
                                new SuppressionCommand(
                                        "op-3",
                                        "carol@example.com",
                                        SuppressionAction.SUPPRESS,
                                        1_798_675_200_000L,
                                        Category.COMPLAINT,
                                        SuppressionSource.IMPORT,
                                        "from the old provider",
                                        "ops@acme.io",
                                        1_795_000_000_003L)),
                        StateSerdes.forRecipient()),
                new Format<>(
                        "suppression-deadline-key",
                        "bob@example.com",
                        v -> SuppressionProcessor.deadlineKey(1_795_604_800_000L, v).get(),
                        b -> {
                            assertThat(SuppressionProcessor.deadlineOf(Bytes.wrap(b)))
                                    .isEqualTo(1_795_604_800_000L);
                            return SuppressionProcessor.recipientOf(Bytes.wrap(b));
                        },
                        false),
                new Format<>(
                        "mailbox-store-key",
                        "alice@acme.io",
                        v -> MailboxStoreKey.of(v).getBytes(StandardCharsets.UTF_8),
                        b -> MailboxStoreKey.mailboxOf(new String(b, StandardCharsets.UTF_8)),
                        false),
                new Format<>(
                        "cooldown-index-key",
                        "alice@acme.io",
                        v ->
                                MailboxProcessor.cooldownKey(
                                                1_795_000_000_000L, MailboxStoreKey.of(v))
                                        .get(),
                        b -> {
                            assertThat(MailboxProcessor.cooldownExpiry(Bytes.wrap(b)))
                                    .isEqualTo(1_795_000_000_000L);
                            return MailboxProcessor.cooldownMailbox(Bytes.wrap(b));
                        },
                        false));
    }

    /** Versions no longer written but still read: what their fixtures decode to. */
    static List<Previous<?>> previousVersions() {
        return List.of(
                new Previous<>(
                        "mailbox-state.v1.hex", canonicalMailboxV1(), StateSerdes::readMailbox),
                new Previous<>("domain-state.v1.hex", canonicalDomainV1(), StateSerdes::readDomain),
                new Previous<>("domain-state.v2.hex", canonicalDomainV2(), StateSerdes::readDomain),
                // Summaries before version 3 knew no probation and no last event.
                new Previous<>(
                        "domain-member.v1.hex",
                        new DomainInput.Member(
                                "alice@acme.io", new MailboxSummary(Status.PAUSED, false, 100, 0)),
                        StateSerdes::readDomainInput),
                new Previous<>(
                        "domain-member.v2.hex",
                        new DomainInput.Member(
                                "alice@acme.io", new MailboxSummary(Status.PAUSED, false, 100, 0)),
                        StateSerdes::readDomainInput),
                new Previous<>(
                        "domain-member-removed.v2.hex",
                        new DomainInput.Member("alice@acme.io", null),
                        StateSerdes::readDomainInput),
                new Previous<>(
                        "domain-config-failure.v2.hex",
                        new DomainInput.ConfigFailure("alice@acme.io", "b-9", 1_795_000_000_004L),
                        StateSerdes::readDomainInput),
                new Previous<>(
                        "mailbox-summary.v1.hex",
                        new MailboxSummary(Status.WARNING, false, 42, 0),
                        bytes ->
                                StateSerdes.mailboxSummary().deserializer().deserialize("", bytes)),
                new Previous<>(
                        "domain-member-removed.v1.hex",
                        new DomainInput.Member("alice@acme.io", null),
                        StateSerdes::readDomainInput),
                new Previous<>(
                        "mailbox-state.v2.hex", canonicalMailboxV2(), StateSerdes::readMailbox),
                new Previous<>(
                        "mailbox-state.v3.hex", canonicalMailboxV3(), StateSerdes::readMailbox),
                new Previous<>(
                        "mailbox-state.v4.hex", canonicalMailboxV4(), StateSerdes::readMailbox),
                new Previous<>("inbound-send.v1.hex", inboundSend(), StateSerdes::readInbound),
                // A version-1 bounce knew only its type: it is classified by it alone.
                new Previous<>(
                        "inbound-bounce.v1.hex",
                        Inbound.ForMailbox.event(
                                new MailboxEvent.Bounce(
                                        "b-1",
                                        "alice@acme.io",
                                        1_795_000_000_002L,
                                        BounceType.SOFT),
                                false),
                        StateSerdes::readInbound),
                new Previous<>(
                        "inbound-complaint.v1.hex", inboundComplaint(), StateSerdes::readInbound),
                new Previous<>(
                        "inbound-mailbox-command.v1.hex",
                        inboundMailboxCommand(),
                        StateSerdes::readInbound),
                new Previous<>(
                        "inbound-domain-command.v1.hex",
                        inboundDomainCommand(),
                        StateSerdes::readInbound));
    }

    @TestFactory
    Stream<DynamicTest> everyFormatEncodesToItsFixtureByteForByteAndDecodesFromIt() {
        return formats().stream().map(f -> DynamicTest.dynamicTest(f.name(), () -> check(f)));
    }

    @TestFactory
    Stream<DynamicTest> previousVersionsStillDecode() {
        return previousVersions().stream()
                .map(p -> DynamicTest.dynamicTest(p.fixture(), () -> checkPrevious(p)));
    }

    private static <T> void check(Format<T> format) throws IOException {
        byte[] encoded = format.write().apply(format.value());
        String file =
                format.versioned()
                        ? format.name() + ".v" + (encoded[0] & 0xFF) + ".hex"
                        : format.name() + ".hex";
        Path fixture = FIXTURES.resolve(file);
        if (!Files.exists(fixture)) {
            if (Boolean.getBoolean("stored-formats.record")) {
                Files.createDirectories(FIXTURES);
                Files.writeString(fixture, HEX.formatHex(encoded) + "\n");
            }
            fail(
                    "no fixture "
                            + fixture
                            + " for format "
                            + format.name()
                            + ": a changed layout needs a new version"
                            + " byte (see this test's comment); the bytes are "
                            + HEX.formatHex(encoded));
        }
        byte[] pinned = readFixture(file);
        assertThat(HEX.formatHex(encoded))
                .as("%s written as its fixture %s", format.name(), file)
                .isEqualTo(HEX.formatHex(pinned));
        assertThat(format.read().apply(pinned))
                .as("%s read from %s", format.name(), file)
                .isEqualTo(format.value());
    }

    private static <T> void checkPrevious(Previous<T> previous) throws IOException {
        assertThat(previous.read().apply(readFixture(previous.fixture())))
                .isEqualTo(previous.expected());
    }

    private static byte[] readFixture(String file) throws IOException {
        return HEX.parseHex(Files.readString(FIXTURES.resolve(file)).strip());
    }

    @Test
    void anUnknownVersionOrEnumCodeIsRejectedNamingIt() throws IOException {
        byte[] mailbox =
                readFixture(
                        "mailbox-state.v"
                                + (StateSerdes.writeMailbox(canonicalMailbox())[0] & 0xFF)
                                + ".hex");
        byte[] future = mailbox.clone();
        future[0] = 99;
        assertThatThrownBy(() -> StateSerdes.readMailbox(future))
                .hasMessageContaining("format version 99");
        byte[] badStatus = mailbox.clone();
        badStatus[1] = 9;
        assertThatThrownBy(() -> StateSerdes.readMailbox(badStatus))
                .hasMessageContaining("unknown Status code 9");
    }
}
