package io.bouncewatch.dsn;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Header;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * The few things the parser asks of mime4j: a lenient builder, decoded text, header values,
 * addresses.
 */
final class MimeReading {

    /**
     * An addr-spec as bounces write them, bare or in angle brackets. The local part leaves out the
     * characters RFC 5322 allows but mailboxes do not use and bounces put next to addresses: {@code
     * #}, {@code |}, {@code /} of program and file deliveries, braces, quotes of any kind. A match
     * starts only where a local part can start, so a long run without {@code @} costs linear time,
     * and takes at most 32 more labels, since Java repeats a group by recursion.
     */
    private static final Pattern ADDRESS =
            Pattern.compile(
                    "(?<![A-Za-z0-9.!$%&*+=?^_~-])[A-Za-z0-9.!$%&*+=?^_~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?){1,32}");

    /**
     * Limits against hostile structure; the size of the whole message is checked before. Lines and
     * headers may be long: real bounces quote long replies and folded headers.
     */
    private static final MimeConfig CONFIG =
            MimeConfig.custom()
                    .setMaxLineLen(-1)
                    .setMaxHeaderLen(-1)
                    .setMaxHeaderCount(2_000)
                    .setMaxNestingDepth(16)
                    .setMaxPartCount(500)
                    .build();

    private MimeReading() {}

    static DefaultMessageBuilder builder() {
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(CONFIG);
        builder.setDecodeMonitor(DecodeMonitor.SILENT);
        return builder;
    }

    static Message parse(byte[] raw) throws IOException, MimeException {
        return builder().parseMessage(new ByteArrayInputStream(raw));
    }

    /** Header fields written as text (a delivery-status block, returned headers), unfolded. */
    static Header parseHeader(String text) throws IOException, MimeException {
        return builder()
                .parseHeader(
                        new ByteArrayInputStream(
                                (text + "\r\n\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    /** The value of the first field of that name, with encoded words decoded; null when absent. */
    static String value(Header header, String name) {
        if (header == null) {
            return null;
        }
        Field field = header.getField(name);
        if (field == null || field.getBody() == null) {
            return null;
        }
        return DecoderUtil.decodeEncodedWords(field.getBody(), DecodeMonitor.SILENT).strip();
    }

    /** The values of every field of that name, decoded. */
    static List<String> values(Header header, String name) {
        List<String> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        for (Field field : header.getFields(name)) {
            if (field.getBody() != null) {
                out.add(
                        DecoderUtil.decodeEncodedWords(field.getBody(), DecodeMonitor.SILENT)
                                .strip());
            }
        }
        return out;
    }

    /** The addresses in a text, lower-cased, in order, each once. */
    static List<String> addresses(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        Matcher m = ADDRESS.matcher(text);
        while (m.find()) {
            String address = trimDots(m.group()).toLowerCase(Locale.ROOT);
            if (!out.contains(address)) {
                out.add(address);
            }
        }
        return out;
    }

    /** The first address in a text, or null. */
    static String firstAddress(String text) {
        List<String> all = addresses(text);
        return all.isEmpty() ? null : all.get(0);
    }

    private static String trimDots(String address) {
        String out = address;
        while (out.endsWith(".")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }

    /**
     * The decoded text of a single-part entity, in its declared charset when Java knows it; empty
     * for a multipart.
     */
    static String text(Entity entity) throws IOException {
        if (entity.getBody() instanceof SingleBody single) {
            try (InputStream in = single.getInputStream()) {
                return new String(in.readAllBytes(), charset(entity.getCharset()));
            }
        }
        return "";
    }

    /** A declared charset Java knows; otherwise ISO-8859-1, which keeps every byte. */
    private static Charset charset(String name) {
        if (name != null) {
            try {
                return Charset.forName(name);
            } catch (IllegalArgumentException e) {
                // an unknown or illegal name: fall through to the lossless default
            }
        }
        return StandardCharsets.ISO_8859_1;
    }

    static boolean isMessage(Entity entity) {
        return entity.getBody() instanceof Message;
    }
}
