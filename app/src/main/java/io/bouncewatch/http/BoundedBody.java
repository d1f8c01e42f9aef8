package io.bouncewatch.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.server.Request;

/**
 * The one way the API reads a request body: at most {@link #LIMIT} bytes (or a route's own limit)
 * from the request stream, however the body is framed. A declared Content-Length is checked first;
 * a chunked body has none, so the stream itself is read no further than one byte past the limit.
 */
final class BoundedBody {

    static final int LIMIT = 64 * 1024;

    private BoundedBody() {}

    /**
     * @throws Refusal 413 past {@link #LIMIT}; the connection is then closed, not drained
     */
    static byte[] read(Context ctx) {
        return read(ctx, LIMIT);
    }

    /**
     * @param limit the most bytes read: {@link #LIMIT}, or a route's own, in whole KiB
     * @throws Refusal 413 past the limit; the connection is then closed, not drained
     */
    static byte[] read(Context ctx, int limit) {
        if (ctx.req().getContentLengthLong() > limit) {
            throw tooLarge(limit);
        }
        byte[] body;
        try {
            body = ctx.req().getInputStream().readNBytes(limit + 1);
        } catch (IOException e) {
            throw new Refusal(400, "the request body could not be read: " + e.getMessage());
        }
        if (body.length > limit) {
            refuseTheRest(ctx, limit);
            throw tooLarge(limit);
        }
        return body;
    }

    /**
     * After the answer Jetty would read (and drop) whatever the client still sends, to keep the
     * connection: as long as the client keeps sending. Failing the rest makes it close instead.
     */
    private static void refuseTheRest(Context ctx, int limit) {
        Request.getBaseRequest(ctx.req())
                .getHttpInput()
                .addInterceptor(
                        content -> {
                            if (content.hasContent()) {
                                throw new BadMessageException(413, tooLargeMessage(limit));
                            }
                            return content;
                        });
    }

    private static Refusal tooLarge(int limit) {
        return new Refusal(413, tooLargeMessage(limit), Map.of("Connection", "close"));
    }

    /** "the request body is larger than 64 KiB", or "1 MiB". */
    static String tooLargeMessage(int limit) {
        int mib = 1024 * 1024;
        return "the request body is larger than "
                + (limit % mib == 0 ? limit / mib + " MiB" : limit / 1024 + " KiB");
    }
}
