package io.bouncewatch.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bouncewatch.payload.DomainHealth;
import io.bouncewatch.payload.PayloadWriter;
import io.bouncewatch.rules.Reason;
import io.bouncewatch.rules.Status;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lists merged from every instance, written once: this instance's values as PayloadWriter writes
 * them, another instance's items byte for byte as it wrote them, the whole ordered by key.
 */
class RemoteQueriesTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String merged(List<RemoteQueries.Item> items, int limit) {
        return new String(RemoteQueries.array(items, limit), StandardCharsets.UTF_8);
    }

    private static RemoteQueries.Item local(DomainHealth h) {
        return new RemoteQueries.Item(
                h.domain(),
                g -> g.writeRawValue(new String(PayloadWriter.write(h), StandardCharsets.UTF_8)));
    }

    private static DomainHealth domain(String name) {
        return new DomainHealth(
                name,
                Status.WARNING,
                Reason.UNHEALTHY_RATIO,
                3,
                1,
                1 / 3.0,
                33.333,
                0,
                false,
                null,
                "caf\u00e9 \ud83d\ude00");
    }

    @Test
    void anotherInstancesItemsKeepTheirBytesAndTheirKeys() {
        String first =
                "{\"mailbox\":\"b@x.io\",\"reasons\":[\"a\",{\"mailbox\":\"nested\"}],\"rate\":0.25}";
        String second =
                "{\"status\":\"PAUSED\",\"mailbox\":\"caf\\u00e9@x.io\",\"note\":\"\u00fcber\"}";
        List<RemoteQueries.Item> items =
                RemoteQueries.items(utf8("[" + first + ", " + second + "]"), "mailbox");

        assertThat(items)
                .extracting(RemoteQueries.Item::key)
                .containsExactly("b@x.io", "café@x.io");
        assertThat(merged(items, Integer.MAX_VALUE)).isEqualTo("[" + first + "," + second + "]");
    }

    @Test
    void theMergeOrdersEveryInstancesItemsByKeyAndWritesTheFirstLimitOnce() {
        List<RemoteQueries.Item> items = new ArrayList<>();
        items.add(local(domain("b.io")));
        items.add(local(domain("d.io")));
        items.addAll(
                RemoteQueries.items(
                        utf8("[{\"domain\":\"a.io\"},{\"domain\":\"c.io\"}]"), "domain"));
        String b = new String(PayloadWriter.write(domain("b.io")), StandardCharsets.UTF_8);
        String d = new String(PayloadWriter.write(domain("d.io")), StandardCharsets.UTF_8);

        assertThat(merged(items, Integer.MAX_VALUE))
                .isEqualTo("[{\"domain\":\"a.io\"}," + b + ",{\"domain\":\"c.io\"}," + d + "]");
        assertThat(merged(items, 3))
                .isEqualTo("[{\"domain\":\"a.io\"}," + b + ",{\"domain\":\"c.io\"}]");
        assertThat(merged(List.of(), 10)).isEqualTo("[]");
        assertThat(RemoteQueries.items(utf8("[]"), "domain")).isEmpty();
    }

    @Test
    void anItemPastTheLimitIsNeverWritten() {
        List<RemoteQueries.Item> items =
                List.of(
                        local(domain("a.io")),
                        new RemoteQueries.Item(
                                "z.io",
                                g -> {
                                    throw new AssertionError("an item past the limit was written");
                                }));

        assertThat(merged(items, 1)).startsWith("[{\"domain\":\"a.io\",");
    }

    @Test
    void anAnswerThatIsNotAListOfKeyedObjectsIsUnavailableNotAPartialList() {
        for (String bad :
                List.of(
                        "{\"domain\":\"a.io\"}",
                        "[{\"other\":1}]",
                        "[1]",
                        "[{\"domain\":\"a.io\"}",
                        "oops")) {
            assertThatThrownBy(() -> RemoteQueries.items(utf8(bad), "domain"))
                    .as(bad)
                    .isInstanceOf(InstanceUnavailable.class);
        }
    }
}
