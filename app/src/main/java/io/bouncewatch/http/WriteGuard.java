package io.bouncewatch.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Guards every request that writes (any method but GET, HEAD and OPTIONS, except on the paths that
 * only read and the provider webhooks, which verify their own requests). Nothing is trusted for
 * where it comes from: a loopback peer may be a reverse proxy, a sidecar or a web page in the
 * operator's browser. So a write
 *
 * <ol>
 *   <li>must come from the server's own origin (403): a browser names the page that sent it in
 *       {@code Origin} and {@code Sec-Fetch-Site}, which a page cannot forge;
 *   <li>must carry {@code Authorization: Bearer <token>} (401), compared in constant time;
 *   <li>with a body, must declare it {@code application/json} (415): the types a page may send
 *       without asking first (text/plain, forms) are refused.
 * </ol>
 */
final class WriteGuard implements Handler {

    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String BEARER = "bearer ";

    private final byte[] token;
    private final Set<String> readOnlyPaths;
    private final Pattern selfVerifyingPaths;

    /**
     * @param token the bearer token writes must carry; not empty
     * @param readOnlyPaths paths whose POST only reads (a query with a body), not guarded
     * @param selfVerifyingPaths paths whose handler authenticates each request itself (provider
     *     webhooks, which carry the provider's signature and neither a token nor an Origin)
     */
    WriteGuard(String token, Set<String> readOnlyPaths, Pattern selfVerifyingPaths) {
        if (token.isEmpty()) {
            throw new IllegalArgumentException("the token is empty");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.readOnlyPaths = Set.copyOf(readOnlyPaths);
        this.selfVerifyingPaths = selfVerifyingPaths;
    }

    /**
     * A token for one run when none is configured: 256 random bits, URL-safe to go in the
     * dashboard's address.
     */
    static String newToken() {
        byte[] bits = new byte[32];
        new SecureRandom().nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    @Override
    public void handle(Context ctx) {
        if (READ_METHODS.contains(ctx.method().name())
                || readOnlyPaths.contains(ctx.path())
                || selfVerifyingPaths.matcher(ctx.path()).matches()) {
            return;
        }
        checkOrigin(ctx);
        checkToken(ctx);
        checkContentType(ctx);
    }

    private static void checkOrigin(Context ctx) {
        if ("cross-site".equalsIgnoreCase(ctx.header("Sec-Fetch-Site"))) {
            throw new Refusal(403, "a write from another site's page is refused");
        }
        String origin = ctx.header("Origin");
        if (origin != null && !origin.equalsIgnoreCase(ownOrigin(ctx))) {
            throw new Refusal(
                    403, "a write from another origin (" + abbreviate(origin) + ") is refused");
        }
    }

    /**
     * This server as the client addressed it. Behind a proxy that ends TLS, X-Forwarded-Proto names
     * the scheme the browser used; a page cannot set that header on a request to another origin.
     */
    private static String ownOrigin(Context ctx) {
        String host = ctx.header("Host");
        if (host == null) {
            return null;
        }
        String forwarded = ctx.header("X-Forwarded-Proto");
        String scheme =
                forwarded == null ? ctx.scheme() : forwarded.trim().toLowerCase(Locale.ROOT);
        String defaultPort = "https".equals(scheme) ? ":443" : ":80";
        String authority = host.trim();
        if (authority.endsWith(defaultPort)) {
            authority = authority.substring(0, authority.length() - defaultPort.length());
        }
        return scheme + "://" + authority;
    }

    private void checkToken(Context ctx) {
        String header = ctx.header("Authorization");
        byte[] given =
                header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                        ? header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8)
                        : new byte[0];
        if (!MessageDigest.isEqual(given, token)) {
            throw new Refusal(
                    401,
                    header == null
                            ? "a write needs the header Authorization: Bearer <token>"
                            : "the bearer token is not the one this server expects",
                    Map.of("WWW-Authenticate", "Bearer realm=\"bouncewatch\""));
        }
    }

    private static void checkContentType(Context ctx) {
        boolean body =
                ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
        if (!body) {
            return;
        }
        if (!mediaType(ctx).equals("application/json")) {
            throw new Refusal(
                    415, "a write's body must be application/json, not " + declaredType(ctx));
        }
    }

    /** The media type of the request's body, lower case and without parameters; "" if none. */
    static String mediaType(Context ctx) {
        String type = ctx.header("Content-Type");
        return type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    /** The request's Content-Type as a refusal quotes it. */
    static String declaredType(Context ctx) {
        String type = ctx.header("Content-Type");
        return type == null ? "undeclared" : abbreviate(type);
    }

    private static String abbreviate(String value) {
        return value.length() <= 100 ? value : value.substring(0, 97) + "...";
    }
}
