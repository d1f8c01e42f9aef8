package io.bouncewatch.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.bouncewatch.payload.DomainHealth;
import io.bouncewatch.payload.MailboxHealth;
import io.bouncewatch.payload.PayloadWriter;
import io.bouncewatch.rules.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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

    private List<Item> fromOthers(QueryService local, String path, String key)
            throws InterruptedException {
        List<Item> out = new ArrayList<>();
        for (HostInfo host : local.otherInstances()) {
            HttpResponse<byte[]> response = peers.get(host, path);
            if (response.statusCode() != 200) {
                throw new InstanceUnavailable(
                        "instance "
                                + host.host()
                                + ":"
                                + host.port()
                                + " answered "
                                + response.statusCode()
                                + "; the list would be partial");
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
