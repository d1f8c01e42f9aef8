package io.bouncewatch.ingest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which URLs an SNS message may make us fetch: its signing certificate and, for a subscription, its
 * SubscribeURL. Anyone can post a message naming any URL, so the URL is checked before anything is
 * fetched: by default only https on an SNS host of AWS ({@code sns.<region>.amazonaws.com}, also
 * {@code .com.cn}), the certificate a {@code .pem}; with a trusted prefix set (a private
 * deployment, the tests), only URLs that start with that prefix.
 *
 * @param prefix the trusted URL prefix; empty for AWS's own SNS hosts
 */
public record SnsTrust(String prefix) {

    private static final Pattern SNS_HOST =
            Pattern.compile("sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?");

    public SnsTrust {
        prefix = prefix == null ? "" : prefix.strip();
    }

    /** AWS's own SNS hosts. */
    public static SnsTrust aws() {
        return new SnsTrust("");
    }

    /** The certificate URL, when it may be fetched; null otherwise. */
    public URI certificate(String url) {
        URI uri = allowed(url);
        if (uri == null || (prefix.isEmpty() && !uri.getPath().endsWith(".pem"))) {
            return null;
        }
        return uri;
    }

    /** The SubscribeURL, when it may be fetched; null otherwise. */
    public URI subscribe(String url) {
        return allowed(url);
    }

    /** What is allowed, for the reason of a refusal. */
    public String describe() {
        return prefix.isEmpty()
                ? "only https on an SNS host of amazonaws.com"
                : "only URLs starting with " + prefix;
    }

    private URI allowed(String url) {
        if (url == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return null;
        }
        // A URL that climbs (.., also percent-encoded) could leave the trusted prefix.
        if (url.contains("..") || (uri.getPath() != null && uri.getPath().contains(".."))) {
            return null;
        }
        if (!prefix.isEmpty()) {
            return url.startsWith(prefix) ? uri : null;
        }
        String host = uri.getHost();
        return "https".equals(uri.getScheme())
                        && uri.getRawUserInfo() == null
                        && (uri.getPort() == -1 || uri.getPort() == 443)
                        && host != null
                        && SNS_HOST.matcher(host.toLowerCase(Locale.ROOT)).matches()
                ? uri
                : null;
    }
}
