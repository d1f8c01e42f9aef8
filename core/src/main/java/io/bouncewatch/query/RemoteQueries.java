package io.bouncewatch.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.bouncewatch.payload.DomainHealth;
import io.bouncewatch.payload.MailboxHealth;
import io.bouncewatch.payload.PayloadWriter;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.Status;
import io.bouncewatch.rules.Suppression;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The queries that involve other instances: a key fetched from the instance that owns it, and a
 * list made of every instance's share, whole or not at all (never a silent partial list). The merge
 * orders this instance's values and the other instances' items by key and writes the list once: a
 * value of this instance as PayloadWriter writes it, an item of another instance as that instance
 * wrote it.
 */
public final class RemoteQueries {

    /**
     * Marks a request made by another instance: answer from local state only, never forward again.
     */
    public static final String FORWARDED = PeerClient.FORWARDED;

    private final PeerClient peers;

    /**
     * @param configuredToken the http.auth.token setting, sent to the other instances; empty when
     *     none
     */
    public RemoteQueries(String configuredToken) {
        this.peers = new PeerClient(configuredToken);
    }

    /** What the owner of a key answered: its status code and JSON body, passed on as they are. */
    public record Answer(int status, byte[] body) {}

    /**
     * GET {@code path} from {@code owner}.
     *
     * @throws InstanceUnavailable when the owner does not answer
     */
    public Answer fetch(HostInfo owner, String path) throws InterruptedException {
        HttpResponse<byte[]> response = peers.get(owner, path);
        return new Answer(response.statusCode(), response.body());
    }

    /**
     * The mailboxes of every instance (of this one only when {@code localOnly}), by address, at
     * most {@code limit}, as a JSON array.
     *
     * @param path the request's path and query, asked of every other instance
     * @throws InstanceUnavailable when another instance cannot give its share
     */
    public byte[] mailboxes(
            QueryService local,
            Status status,
            String domain,
            int limit,
            String path,
            boolean localOnly)
            throws InterruptedException {
        List<Item> items = new ArrayList<>();
        for (MailboxHealth h : local.localMailboxes(status, domain, limit)) {
            items.add(new Item(h.mailbox(), g -> g.writeRawValue(utf8(PayloadWriter.write(h)))));
        }
        if (!localOnly) {
            items.addAll(fromOthers(local, path, "mailbox"));
        }
        return array(items, limit);
    }

    /**
     * The domains of every instance (of this one only when {@code localOnly}), by name, as a JSON
     * array.
     *
     * @param path the request's path and query, asked of every other instance
     * @throws InstanceUnavailable when another instance cannot give its share
     */
    public byte[] domains(QueryService local, Status status, String path, boolean localOnly)
            throws InterruptedException {
        List<Item> items = new ArrayList<>();
        for (DomainHealth h : local.localDomains(status)) {
            items.add(new Item(h.domain(), g -> g.writeRawValue(utf8(PayloadWriter.write(h)))));
        }
        if (!localOnly) {
            items.addAll(fromOthers(local, path, "domain"));
        }
        return array(items, Integer.MAX_VALUE);
    }

    /** The path at which an instance checks recipients against its share of the list. */
    public static final String CHECK_PATH = "/api/suppressions/check";

    /**
     * The suppressed recipients of every instance (of this one only when {@code localOnly}), by
     * address, at most {@code limit}, of one category or ({@code category} null) all, as a JSON
     * array of Suppressions.
     *
     * @param path the request's path and query, asked of every other instance
     * @throws InstanceUnavailable when another instance cannot give its share
     */
    public byte[] suppressions(
            QueryService local, Category category, int limit, String path, boolean localOnly)
            throws InterruptedException {
        List<Item> items = suppressionItems(local.localSuppressions(category, limit));
        if (!localOnly) {
            items.addAll(fromOthers(local, path, "recipient"));
        }
        return array(items, limit);
    }

    /**
     * Which of the recipients are suppressed, {@code {"checked":N,"suppressed":[Suppression...]}}
     * by address. Each instance that owns some of them is asked once for its share, all at once;
     * with {@code localOnly} (a share asked by another instance) only this instance's store
     * answers.
     *
     * @throws InstanceUnavailable when an owner cannot answer or ownership is moving: never a
     *     partial answer
     */
    public byte[] checkSuppressions(QueryService local, List<String> recipients, boolean localOnly)
            throws InterruptedException {
        List<Item> items =
                localOnly
                        ? suppressionItems(local.localSuppressionsOf(recipients))
                        : check(
                                local.self(),
                                local.suppressionOwners(recipients),
                                local::localSuppressionsOf);
        return checkAnswer(recipients.size(), items);
    }

    /**
     * The suppressed recipients of every owner's share: this instance's read locally, the others'
     * asked all at once, each owner once.
     *
     * @throws InstanceUnavailable when an owner does not answer or answers other than 200
     */
    List<Item> check(
            HostInfo self,
            Map<HostInfo, List<String>> owners,
            Function<List<String>, List<Suppression>> localRead)
            throws InterruptedException {
        Map<HostInfo, CompletableFuture<HttpResponse<byte[]>>> asked = new LinkedHashMap<>();
        List<String> mine = List.of();
        for (Map.Entry<HostInfo, List<String>> share : owners.entrySet()) {
            if (share.getKey().equals(self)) {
                mine = share.getValue();
            } else {
                asked.put(
                        share.getKey(),
                        peers.post(share.getKey(), CHECK_PATH, checkRequest(share.getValue())));
            }
        }
        List<Item> items = new ArrayList<>();
        try {
            items.addAll(suppressionItems(localRead.apply(mine)));
            for (Map.Entry<HostInfo, CompletableFuture<HttpResponse<byte[]>>> answer :
                    asked.entrySet()) {
                items.addAll(checked(answer.getKey(), answer.getValue()));
            }
        } finally {
            // Once one share fails, the others' answers are of no use.
            asked.values().forEach(f -> f.cancel(true));
        }
        return items;
    }

    /** {@code {"checked":N,"suppressed":[...]}}, the suppressed ones by address. */
    static byte[] checkAnswer(int checked, List<Item> items) {
        List<Item> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(Item::key));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("checked", checked);
            g.writeArrayFieldStart("suppressed");
            for (Item item : sorted) {
                item.json().writeTo(g);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * How many recipients are suppressed on every instance (on this one only when {@code
     * localOnly}): {@code {"total":N,"byCategory":{"LIST":n,...}}}, {@code NONE} for entries
     * without a category.
     *
     * @param path the request's path, asked of every other instance
     * @throws InstanceUnavailable when another instance cannot give its count
     */
    public byte[] suppressionCounts(QueryService local, String path, boolean localOnly)
            throws InterruptedException {
        Map<String, Long> counts = new TreeMap<>(local.localSuppressionCounts());
        if (!localOnly) {
            for (HostInfo host : local.otherInstances()) {
                HttpResponse<byte[]> response = peers.get(host, path);
                if (response.statusCode() != 200) {
                    throw unavailable(host, response.statusCode(), "the counts would be partial");
                }
                counts(response.body()).forEach((k, v) -> counts.merge(k, v, Long::sum));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("total", counts.values().stream().mapToLong(Long::longValue).sum());
            g.writeObjectFieldStart("byCategory");
            for (Map.Entry<String, Long> count : counts.entrySet()) {
                g.writeNumberField(count.getKey(), count.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * What the other instances answered with 200.
     *
     * @param asked how many other instances were asked
     * @param answers the bodies of those that answered, in no particular order
     */
    public record Answers(int asked, List<byte[]> answers) {}

    /**
     * GET {@code path} from every other instance, all at once: for answers that are summed, where
     * an instance that does not answer (or answers other than 200) is left out, not an error.
     */
    public Answers fromEachOther(QueryService local, String path) throws InterruptedException {
        List<CompletableFuture<HttpResponse<byte[]>>> asked = new ArrayList<>();
        for (HostInfo host : local.otherInstances()) {
            asked.add(peers.getAsync(host, path));
        }
        List<byte[]> answers = new ArrayList<>();
        for (CompletableFuture<HttpResponse<byte[]>> answer : asked) {
            try {
                HttpResponse<byte[]> response = answer.get();
                if (response.statusCode() == 200) {
                    answers.add(response.body());
                }
            } catch (ExecutionException e) {
                // Left out: the answer says how many instances are in it.
            }
        }
        return new Answers(asked.size(), answers);
    }

    private static List<Item> suppressionItems(List<Suppression> suppressions) {
        List<Item> items = new ArrayList<>(suppressions.size());
        for (Suppression s : suppressions) {
            items.add(
                    new Item(
                            s.recipient(),
                            g -> g.writeRawValue(utf8(PayloadWriter.suppression(s)))));
        }
        return items;
    }

    static byte[] checkRequest(List<String> recipients) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("recipients");
            for (String recipient : recipients) {
                g.writeString(recipient);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The suppressed share one owner answered. */
    private static List<Item> checked(HostInfo host, CompletableFuture<HttpResponse<byte[]>> answer)
            throws InterruptedException {
        HttpResponse<byte[]> response;
        try {
            response = answer.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof InstanceUnavailable u
                    ? u
                    : new InstanceUnavailable(
                            "instance " + host + " did not answer: " + e.getCause());
        }
        if (response.statusCode() != 200) {
            throw unavailable(host, response.statusCode(), "the check would be partial");
        }
        return items(suppressedArray(response.body()), "recipient");
    }

    /**
     * The bytes of the {@code suppressed} array of a check's answer.
     *
     * @throws InstanceUnavailable when the answer has none
     */
    static byte[] suppressedArray(byte[] answer) {
        try (JsonParser parser = Json.FACTORY.createParser(answer)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean suppressed = "suppressed".equals(parser.currentName());
                JsonToken token = parser.nextToken();
                if (suppressed && token == JsonToken.START_ARRAY) {
                    int start = (int) parser.currentTokenLocation().getByteOffset();
                    parser.skipChildren();
                    int end = (int) parser.currentLocation().getByteOffset();
                    return Arrays.copyOfRange(answer, start, end);
                }
                parser.skipChildren();
            }
            throw new IOException("no suppressed array");
        } catch (IOException e) {
            throw new InstanceUnavailable(
                    "another instance answered a check that is not one: " + e.getMessage());
        }
    }

    /**
     * The {@code byCategory} counts of a summary's answer.
     *
     * @throws InstanceUnavailable when the answer has none
     */
    static Map<String, Long> counts(byte[] answer) {
        Map<String, Long> out = new TreeMap<>();
        try (JsonParser parser = Json.FACTORY.createParser(answer)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            boolean found = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean byCategory = "byCategory".equals(parser.currentName());
                JsonToken token = parser.nextToken();
                if (byCategory && token == JsonToken.START_OBJECT) {
                    found = true;
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        if (parser.nextToken() != JsonToken.VALUE_NUMBER_INT) {
                            throw new IOException("count of " + name + " is not a number");
                        }
                        out.put(name, parser.getLongValue());
                    }
                } else {
                    parser.skipChildren();
                }
            }
            if (!found) {
                throw new IOException("no byCategory object");
            }
        } catch (IOException e) {
            throw new InstanceUnavailable(
                    "another instance answered counts that are not any: " + e.getMessage());
        }
        return out;
    }

    private static InstanceUnavailable unavailable(HostInfo host, int status, String consequence) {
        return new InstanceUnavailable(
                "instance "
                        + host.host()
                        + ":"
                        + host.port()
                        + " answered "
                        + status
                        + "; "
                        + consequence);
    }

    private List<Item> fromOthers(QueryService local, String path, String key)
            throws InterruptedException {
        List<Item> out = new ArrayList<>();
        for (HostInfo host : local.otherInstances()) {
            HttpResponse<byte[]> response = peers.get(host, path);
            if (response.statusCode() != 200) {
                throw unavailable(host, response.statusCode(), "the list would be partial");
            }
            out.addAll(items(response.body(), key));
        }
        return out;
    }

    private static String utf8(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    /** One item of a list: its key, to order by, and how it is written into the list. */
    record Item(String key, ItemWriter json) {}

    @FunctionalInterface
    interface ItemWriter {
        void writeTo(JsonGenerator g) throws IOException;
    }

    /**
     * The objects of a JSON array, each to be written as the instance that answered wrote it, with
     * the string value of its top-level {@code key} field.
     *
     * @throws InstanceUnavailable when the bytes are not such an array
     */
    static List<Item> items(byte[] array, String key) {
        List<Item> out = new ArrayList<>();
        try (JsonParser parser = Json.FACTORY.createParser(array)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("not a JSON array");
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                int start = (int) parser.currentTokenLocation().getByteOffset();
                String value = null;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    boolean isKey = key.equals(parser.currentName());
                    JsonToken token = parser.nextToken();
                    if (isKey && token == JsonToken.VALUE_STRING) {
                        value = parser.getText();
                    } else {
                        parser.skipChildren();
                    }
                }
                int end = (int) parser.currentLocation().getByteOffset();
                if (value == null) {
                    throw new IOException("an item has no " + key);
                }
                String json = new String(array, start, end - start, StandardCharsets.UTF_8);
                out.add(new Item(value, g -> g.writeRawValue(json)));
            }
            if (parser.currentToken() != JsonToken.END_ARRAY) {
                throw new IOException("an item is not a JSON object");
            }
        } catch (IOException e) {
            throw new InstanceUnavailable(
                    "another instance answered a list that is not one: " + e.getMessage());
        }
        return out;
    }

    /**
     * The first {@code limit} items by key, written once as a JSON array; a stable sort, so equal
     * keys keep their order. Items past the limit are not written at all.
     */
    static byte[] array(List<Item> items, int limit) {
        List<Item> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(Item::key));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartArray();
            for (int i = 0; i < Math.min(limit, sorted.size()); i++) {
                sorted.get(i).json().writeTo(g);
            }
            g.writeEndArray();
        } catch (IOException e) {
            // Only the generator could fail here, not the in-memory stream.
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
