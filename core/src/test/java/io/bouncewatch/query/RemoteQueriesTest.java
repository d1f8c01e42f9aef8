package io.bouncewatch.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lists merged from every instance: each item's JSON kept byte for byte, the whole ordered by key. */
class RemoteQueriesTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String merged(List<RemoteQueries.Item> items, int limit) {
        return new String(RemoteQueries.array(items, limit), StandardCharsets.UTF_8);
    }

    @Test
    void anotherInstancesItemsKeepTheirBytesAndTheirKeys() {
        String first = "{\"mailbox\":\"b@x.io\",\"reasons\":[\"a\",{\"mailbox\":\"nested\"}],\"rate\":0.25}";
        String second = "{\"status\":\"PAUSED\",\"mailbox\":\"caf\\u00e9@x.io\"}";
        List<RemoteQueries.Item> items = RemoteQueries.items(utf8("[" + first + ", " + second + "]"), "mailbox");

        assertThat(items).extracting(RemoteQueries.Item::key).containsExactly("b@x.io", "café@x.io");
        assertThat(items).extracting(i -> new String(i.json(), StandardCharsets.UTF_8)).containsExactly(first, second);
    }

    @Test
    void theMergeOrdersEveryInstancesItemsByKeyAndKeepsTheFirstLimit() {
        List<RemoteQueries.Item> items = new ArrayList<>();
        items.add(new RemoteQueries.Item("b.io", utf8("{\"domain\":\"b.io\"}")));
        items.add(new RemoteQueries.Item("d.io", utf8("{\"domain\":\"d.io\"}")));
        items.addAll(RemoteQueries.items(utf8("[{\"domain\":\"a.io\"},{\"domain\":\"c.io\"}]"), "domain"));

        assertThat(merged(items, Integer.MAX_VALUE))
                .isEqualTo("[{\"domain\":\"a.io\"},{\"domain\":\"b.io\"},{\"domain\":\"c.io\"},{\"domain\":\"d.io\"}]");
        assertThat(merged(items, 3)).isEqualTo("[{\"domain\":\"a.io\"},{\"domain\":\"b.io\"},{\"domain\":\"c.io\"}]");
        assertThat(merged(List.of(), 10)).isEqualTo("[]");
        assertThat(RemoteQueries.items(utf8("[]"), "domain")).isEmpty();
    }

    @Test
    void anAnswerThatIsNotAListOfKeyedObjectsIsUnavailableNotAPartialList() {
        for (String bad : List.of("{\"domain\":\"a.io\"}", "[{\"other\":1}]", "[1]", "[{\"domain\":\"a.io\"}", "oops")) {
            assertThatThrownBy(() -> RemoteQueries.items(utf8(bad), "domain")).as(bad)
                    .isInstanceOf(InstanceUnavailable.class);
        }
    }
}
