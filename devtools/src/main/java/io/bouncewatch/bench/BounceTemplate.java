package io.bouncewatch.bench;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.bouncewatch.traffic.BounceReply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounce reply as the bytes of a bounce event's JSON after its common fields, encoded once: per
 * event only the recipient and the domains it names are copied in, so that generating a bounce
 * costs about what generating a send does.
 */
final class BounceTemplate {

    private static final String[] PLACEHOLDERS = {
        BounceReply.RECIPIENT, BounceReply.RECIPIENT_DOMAIN, BounceReply.SENDER_DOMAIN
    };

    final BounceReply reply;

    /** Literal bytes; between two consecutive ones comes the placeholder {@code holes[i]}. */
    private final byte[][] literals;

    private final int[] holes;

    BounceTemplate(BounceReply reply) {
        this.reply = reply;
        StringBuilder tail = new StringBuilder();
        if (reply.producerCategory() != null) {
            field(tail, "category", reply.producerCategory());
        }
        if (reply.type() != null) {
            field(tail, "type", reply.type().name());
        }
        if (reply.smtpCode() != null) {
            tail.append(",\"smtpCode\":").append(reply.smtpCode());
        }
        if (reply.enhancedStatus() != null) {
            field(tail, "enhancedStatus", reply.enhancedStatus());
        }
        if (reply.diagnostic() != null) {
            field(tail, "diagnostic", reply.diagnostic());
        }
        if (reply.remoteMta() != null) {
            field(tail, "remoteMta", reply.remoteMta());
        }
        tail.append('}');
        List<byte[]> parts = new ArrayList<>();
        List<Integer> between = new ArrayList<>();
        String rest = tail.toString();
        while (true) {
            int at = -1;
            int which = -1;
            for (int p = 0; p < PLACEHOLDERS.length; p++) {
                int i = rest.indexOf(PLACEHOLDERS[p]);
                if (i >= 0 && (at < 0 || i < at)) {
                    at = i;
                    which = p;
                }
            }
            if (at < 0) {
                parts.add(rest.getBytes(StandardCharsets.UTF_8));
                break;
            }
            parts.add(rest.substring(0, at).getBytes(StandardCharsets.UTF_8));
            between.add(which);
            rest = rest.substring(at + PLACEHOLDERS[which].length());
        }
        this.literals = parts.toArray(byte[][]::new);
        this.holes = between.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(",\"")
                .append(name)
                .append("\":\"")
                .append(JsonStringEncoder.getInstance().quoteAsString(value))
                .append('"');
    }

    /**
     * The event: {@code head} (the opening brace and the common fields, without a closing brace)
     * and this reply's fields, the placeholders filled in. Every argument is ASCII without anything
     * JSON must escape, as the workload makes them.
     */
    byte[] json(String head, String recipient, String recipientDomain, String senderDomain) {
        String[] values = {recipient, recipientDomain, senderDomain};
        int length = head.length();
        for (byte[] literal : literals) {
            length += literal.length;
        }
        for (int hole : holes) {
            length += values[hole].length();
        }
        byte[] out = new byte[length];
        int at = ascii(head, out, 0);
        for (int i = 0; i < literals.length; i++) {
            System.arraycopy(literals[i], 0, out, at, literals[i].length);
            at += literals[i].length;
            if (i < holes.length) {
                at = ascii(values[holes[i]], out, at);
            }
        }
        return out;
    }

    private static int ascii(String text, byte[] out, int at) {
        for (int i = 0; i < text.length(); i++) {
            out[at + i] = (byte) text.charAt(i);
        }
        return at + text.length();
    }
}
