package io.bouncewatch.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.broker.EmbeddedKafkaBroker;
import io.bouncewatch.runtime.KafkaTestClients;
import io.bouncewatch.runtime.Monitor;
import io.bouncewatch.runtime.MonitorSettings;
import io.bouncewatch.testing.LocalHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed HTTP input against a real running monitor (real broker): bad paths, parameters, methods
 * and bodies must answer 400, 404, 405 or 413 with a JSON body {@code {"error": "..."}}, never a
 * 500 and never an HTML page. Requests go over a plain socket, byte for byte as written, so nothing
 * is fixed up by an HTTP client library on the way.
 */
class HttpInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String XSS_MAILBOX = "<script>alert(1)</script>@xss.io";
    private static final String XSS_EVENT_ID = "<img src=x onerror=alert(2)>";

    @TempDir static Path dir;
    private static EmbeddedKafkaBroker broker;
    private static Monitor monitor;
    private static String prefix;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0);
        prefix = "http-input-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings =
                MonitorSettings.of(broker.bootstrapServers(), dir.resolve("data"), prefix);
        settings.put("application.id", prefix);
        monitor = Monitor.start(MonitorSettings.resolve(settings));
        try (KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers())) {
            kafka.sends(prefix + ".sends", "alice@acme.io", 3);
            kafka.publish(
                    prefix + ".sends",
                    XSS_MAILBOX,
                    "{\"eventId\":"
                            + JSON.writeValueAsString(XSS_EVENT_ID)
                            + ",\"mailbox\":"
                            + JSON.writeValueAsString(XSS_MAILBOX)
                            + "}");
            kafka.bounces(prefix + ".bounces", XSS_MAILBOX, 3);
            kafka.flush();
        }
        await("the events are queryable")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () ->
                                get("/api/mailboxes/alice@acme.io").status == 200
                                        && get("/api/mailboxes/" + encode(XSS_MAILBOX)).status
                                                == 200);
    }

    @AfterAll
    static void stop() {
        if (monitor != null) {
            monitor.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    // ------------------------------------------------------------------ the cases

    /** One request and what it may answer. */
    record Case(String what, String method, String target, byte[] body, Set<Integer> allowed) {
        static Case of(String what, String method, String target, Integer... allowed) {
            return new Case(what, method, target, null, Set.of(allowed));
        }

        static Case withBody(
                String what, String method, String target, String body, Integer... allowed) {
            return new Case(
                    what, method, target, body.getBytes(StandardCharsets.UTF_8), Set.of(allowed));
        }
    }

    static List<Case> malformedPaths() {
        return List.of(
                Case.of("NUL as the mailbox", "GET", "/api/mailboxes/%00", 400, 404),
                Case.of("NUL inside the mailbox", "GET", "/api/mailboxes/al%00ice@acme.io", 400),
                Case.of("a mailbox without @", "GET", "/api/mailboxes/no-at", 400),
                Case.of(
                        "a mailbox with nothing before the @",
                        "GET",
                        "/api/mailboxes/@acme.io",
                        400),
                Case.of("a mailbox with nothing after the @", "GET", "/api/mailboxes/alice@", 400),
                Case.of("a mailbox with a space", "GET", "/api/mailboxes/al%20ice@acme.io", 400),
                Case.of(
                        "a mailbox with a control character",
                        "GET",
                        "/api/mailboxes/al%07ice@acme.io",
                        400),
                Case.of(
                        "a 5 KB mailbox",
                        "GET",
                        "/api/mailboxes/" + "a".repeat(5_000) + "@acme.io",
                        400),
                Case.of(
                        "a 10 KB path segment",
                        "GET",
                        "/api/mailboxes/" + "a".repeat(10_240) + "@acme.io",
                        400,
                        404,
                        413,
                        414,
                        431),
                Case.of(
                        "a 10 KB domain",
                        "GET",
                        "/api/domains/" + "d".repeat(10_240),
                        400,
                        404,
                        413,
                        414,
                        431),
                Case.of("a domain with a space", "GET", "/api/domains/bad%20domain", 400),
                Case.of("a domain with an @", "GET", "/api/domains/alice@acme.io", 400),
                Case.of("a domain that is a NUL", "GET", "/api/domains/%00", 400, 404),
                Case.of("a broken percent escape", "GET", "/api/mailboxes/%zz@acme.io", 400),
                Case.of("a truncated percent escape", "GET", "/api/mailboxes/alice@acme.io%", 400),
                Case.of(
                        "invalid UTF-8 in the path",
                        "GET",
                        "/api/mailboxes/%ff%fe@acme.io",
                        400,
                        404),
                Case.of("an encoded slash", "GET", "/api/mailboxes/a%2Fb@acme.io", 400, 404),
                Case.of("dot segments", "GET", "/api/mailboxes/..%2F..%2Fhealth%2Flive", 400, 404),
                Case.of("an encoded backslash", "GET", "/api/mailboxes/a%5Cb@acme.io", 400, 404),
                Case.of(
                        "a mailbox action on a bad mailbox",
                        "POST",
                        "/api/mailboxes/no-at/pause",
                        400),
                Case.of(
                        "a domain action on a bad domain",
                        "POST",
                        "/api/domains/bad%20domain/pause",
                        400),
                Case.of(
                        "an unknown mailbox is 404, not 500",
                        "GET",
                        "/api/mailboxes/nobody@nowhere.io",
                        404),
                Case.of(
                        "an unknown domain is 404, not 500",
                        "GET",
                        "/api/domains/nowhere.io",
                        404));
    }

    static List<Case> malformedParameters() {
        return List.of(
                Case.of("status=nope", "GET", "/api/mailboxes?status=nope", 400),
                Case.of("status=%00", "GET", "/api/mailboxes?status=%00", 400),
                Case.of("limit=-1", "GET", "/api/mailboxes?limit=-1", 400),
                Case.of("limit=0", "GET", "/api/mailboxes?limit=0", 400),
                Case.of("limit=abc", "GET", "/api/mailboxes?limit=abc", 400),
                Case.of("limit=1.5", "GET", "/api/mailboxes?limit=1.5", 400),
                Case.of(
                        "limit beyond int",
                        "GET",
                        "/api/mailboxes?limit=99999999999999999999",
                        400),
                Case.of("limit beyond the maximum", "GET", "/api/mailboxes?limit=100001", 400),
                Case.of("unknown filter colour=red", "GET", "/api/mailboxes?colour=red", 400),
                Case.of("unknown filter on domains", "GET", "/api/domains?colour=red", 400),
                Case.of("status=nope on domains", "GET", "/api/domains?status=nope", 400),
                Case.of(
                        "domain filter with a space",
                        "GET",
                        "/api/mailboxes?domain=bad%20domain",
                        400),
                Case.of("domain filter with an @", "GET", "/api/mailboxes?domain=a@b.io", 400),
                Case.of(
                        "a broken percent escape in a parameter",
                        "GET",
                        "/api/mailboxes?limit=%zz",
                        400),
                Case.of(
                        "a broken percent escape in a parameter name",
                        "GET",
                        "/api/mailboxes?%zz=1",
                        400),
                Case.of(
                        "a truncated percent escape in a parameter",
                        "GET",
                        "/api/mailboxes?status=%",
                        400),
                Case.of(
                        "a 5 KB parameter",
                        "GET",
                        "/api/mailboxes?status=" + "x".repeat(5_000),
                        400),
                Case.of("changes limit=abc", "GET", "/api/changes?limit=abc", 400),
                Case.of("changes limit=-1", "GET", "/api/changes?limit=-1", 400),
                Case.of("changes unknown parameter", "GET", "/api/changes?colour=red", 400));
    }

    static List<Case> unknownRoutesAndWrongMethods() {
        return List.of(
                Case.of("an unknown API route", "GET", "/api/nothing", 404),
                Case.of("an unknown top-level route", "GET", "/nope", 404),
                Case.of("an unknown dashboard file", "GET", "/dashboard/nope.js", 404),
                Case.of("too many segments", "GET", "/api/mailboxes/alice@acme.io/pause/now", 404),
                Case.of("GET of an action", "GET", "/api/mailboxes/alice@acme.io/pause", 404, 405),
                Case.of(
                        "an unknown mailbox action",
                        "POST",
                        "/api/mailboxes/alice@acme.io/explode",
                        404),
                Case.of("RESET of a domain", "POST", "/api/domains/acme.io/reset", 404),
                Case.of("DELETE of a mailbox", "DELETE", "/api/mailboxes/x@y.io", 404, 405),
                Case.of("PUT of a mailbox", "PUT", "/api/mailboxes/x@y.io", 404, 405),
                Case.of("PATCH of a domain", "PATCH", "/api/domains/acme.io", 404, 405),
                Case.of("POST to the list", "POST", "/api/mailboxes", 404, 405),
                Case.of("DELETE of the list", "DELETE", "/api/domains", 404, 405),
                Case.of("POST to health", "POST", "/health/ready", 404, 405),
                Case.of(
                        "OPTIONS of a mailbox",
                        "OPTIONS",
                        "/api/mailboxes/x@y.io",
                        200,
                        204,
                        404,
                        405),
                Case.of("TRACE", "TRACE", "/api/mailboxes", 404, 405),
                Case.of("an unknown method", "BREW", "/api/mailboxes", 400, 404, 405, 501));
    }

    static List<Case> badBodies() {
        String nested = "{\"reason\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        return List.of(
                Case.withBody(
                        "a non-JSON body",
                        "POST",
                        "/api/mailboxes/x@y.io/pause",
                        "pause it, please",
                        400),
                Case.withBody(
                        "truncated JSON",
                        "POST",
                        "/api/mailboxes/x@y.io/pause",
                        "{\"reason\":\"x",
                        400),
                Case.withBody("a JSON array", "POST", "/api/mailboxes/x@y.io/resume", "[1,2]", 400),
                Case.withBody(
                        "a JSON string", "POST", "/api/domains/acme.io/pause", "\"stop\"", 400),
                Case.withBody(
                        "trailing garbage",
                        "POST",
                        "/api/mailboxes/x@y.io/pause",
                        "{} garbage",
                        400),
                Case.withBody(
                        "10,000 levels of nesting",
                        "POST",
                        "/api/mailboxes/x@y.io/pause",
                        nested,
                        400),
                Case.withBody(
                        "a JSON POST to an unknown route",
                        "POST",
                        "/api/nothing",
                        "{\"reason\":\"x\"}",
                        404),
                Case.withBody(
                        "a JSON client's GET of an unknown route (Content-Type: application/json)",
                        "GET",
                        "/api/nothing",
                        "",
                        404));
    }

    static List<Case> oversizedBodies() {
        String reason = "r".repeat(70 * 1024);
        return List.of(
                Case.withBody(
                        "a 70 KB JSON body",
                        "POST",
                        "/api/mailboxes/x@y.io/pause",
                        "{\"reason\":\"" + reason + "\"}",
                        413,
                        400),
                Case.withBody(
                        "a 1 MB non-JSON body",
                        "POST",
                        "/api/domains/acme.io/pause",
                        "z".repeat(1 << 20),
                        413,
                        400));
    }

    @Test
    void malformedPathsAnswerAClientErrorWithAJsonError() {
        assertThat(failures(malformedPaths(), null))
                .as("answers that are not a JSON client error")
                .isEmpty();
    }

    @Test
    void malformedParametersAnswer400WithAJsonError() {
        assertThat(failures(malformedParameters(), null))
                .as("answers that are not a JSON client error")
                .isEmpty();
    }

    @Test
    void unknownRoutesAndWrongMethodsAnswer404Or405WithAJsonError() {
        assertThat(failures(unknownRoutesAndWrongMethods(), null))
                .as("answers that are not a JSON client error")
                .isEmpty();
    }

    @Test
    void badBodiesAnswer400WithAJsonError() {
        assertThat(failures(badBodies(), null))
                .as("answers that are not a JSON client error")
                .isEmpty();
    }

    @Test
    void anOversizedBodyAnswers413Or400WithAJsonError() {
        assertThat(failures(oversizedBodies(), null))
                .as("answers that are not a JSON client error")
                .isEmpty();
    }

    /**
     * API clients send {@code Accept: application/json}, browsers {@code text/html}: errors stay
     * {"error"}.
     */
    @Test
    void errorsHaveTheSameJsonShapeWhateverTheClientAccepts() {
        List<Case> all = new ArrayList<>();
        all.addAll(malformedPaths());
        all.addAll(malformedParameters());
        all.addAll(unknownRoutesAndWrongMethods());
        all.addAll(badBodies());
        all.addAll(oversizedBodies());
        List<String> failures = new ArrayList<>();
        failures.addAll(failures(all, "application/json"));
        failures.addAll(
                failures(all, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
        assertThat(failures).as("answers that are not a JSON client error").isEmpty();
    }

    /**
     * An operator action the API accepts (202) must be one the monitor can apply. A reason longer
     * than the 1,024 characters the command parser takes is accepted by the API and written to
     * mailbox.commands, where the monitor rejects it to the dead letters.
     */
    @Test
    void anAcceptedOperatorActionIsAppliedNotDeadLettered() throws Exception {
        String mailbox = "long-reason-" + UUID.randomUUID().toString().substring(0, 6) + "@acme.io";
        String body = "{\"reason\":\"" + "r".repeat(2_000) + "\",\"operator\":\"ops@acme.io\"}";
        Response response =
                request(
                        "POST",
                        "/api/mailboxes/" + mailbox + "/pause",
                        body.getBytes(StandardCharsets.UTF_8),
                        null);
        String status = null;
        String deadLetter = null;
        if (response.status == 202) {
            try (KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers())) {
                await("the accepted command is applied or dead-lettered")
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .ignoreExceptions()
                        .until(
                                () -> {
                                    Response r = get("/api/mailboxes/" + mailbox);
                                    return (r.status == 200
                                                    && "PAUSED"
                                                            .equals(
                                                                    JSON.readTree(r.body)
                                                                            .get("status")
                                                                            .asText()))
                                            || kafka.readAll(prefix + ".dead-letters").stream()
                                                    .anyMatch(
                                                            d ->
                                                                    d.value() != null
                                                                            && d.value()
                                                                                    .contains(
                                                                                            mailbox));
                                });
                Response r = get("/api/mailboxes/" + mailbox);
                status = r.status == 200 ? JSON.readTree(r.body).get("status").asText() : null;
                deadLetter =
                        kafka.readAll(prefix + ".dead-letters").stream()
                                .filter(d -> d.value() != null && d.value().contains(mailbox))
                                .map(
                                        d ->
                                                new String(
                                                        d.headers()
                                                                .lastHeader(
                                                                        "bouncewatch.error.reason")
                                                                .value(),
                                                        StandardCharsets.UTF_8))
                                .findFirst()
                                .orElse(null);
            }
        }
        assertThat(response.status == 400 || (response.status == 202 && "PAUSED".equals(status)))
                .as(
                        "input: POST /api/mailboxes/%s/pause with a 2,000-character reason; expected: 400, or 202 and the "
                                + "mailbox PAUSED; actual: %d %s, then mailbox status %s, dead letter reason: %s",
                        mailbox, response.status, abbreviate(response.text()), status, deadLetter)
                .isTrue();
    }

    // ------------------------------------------------------------------ writes

    /** The request a web page in the operator's browser could make: a simple cross-site POST. */
    @Test
    void aCrossSitePageCannotActThroughTheOperatorsBrowser() throws Exception {
        Map<String, String> page = new LinkedHashMap<>();
        page.put("Origin", "http://evil.example");
        page.put("Content-Type", "text/plain");
        Response form =
                send(
                        "POST",
                        "/api/mailboxes/victim@acme.io/pause",
                        page,
                        "{\"reason\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(form.status).as(form.text()).isEqualTo(403);
        assertThat(JSON.readTree(form.body).get("error").asText()).contains("another origin");

        Response noCors =
                send(
                        "POST",
                        "/api/domains/acme.io/pause",
                        Map.of("Origin", "http://evil.example", "Sec-Fetch-Site", "cross-site"),
                        null);
        assertThat(noCors.status).as("a bodiless no-cors fetch: " + noCors.text()).isEqualTo(403);
    }

    /**
     * No trust for a loopback peer: it may be a proxy or a sidecar passing on anybody's request.
     */
    @Test
    void aWriteFromLoopbackNeedsTheTokenToo() throws Exception {
        Response none = send("POST", "/api/domains/acme.io/pause", Map.of(), null);
        assertThat(none.status).as(none.text()).isEqualTo(401);
        assertThat(none.headers.get("www-authenticate")).startsWith("Bearer");
        assertThat(none.contentType()).startsWith("application/json");
        assertThat(
                        send(
                                        "POST",
                                        "/api/domains/acme.io/pause",
                                        Map.of("Authorization", "Bearer not-the-token-0123456789"),
                                        null)
                                .status)
                .isEqualTo(401);
    }

    @Test
    void aWriteWithTheTokenAndAJsonBodyIsAccepted() throws Exception {
        String token = "Bearer " + monitor.generatedToken().orElseThrow();
        byte[] body =
                "{\"reason\":\"x\",\"operator\":\"ops@acme.io\"}".getBytes(StandardCharsets.UTF_8);
        Response text =
                send(
                        "POST",
                        "/api/mailboxes/reset-me@acme.io/reset",
                        Map.of("Authorization", token, "Content-Type", "text/plain"),
                        body);
        assertThat(text.status).as(text.text()).isEqualTo(415);
        assertThat(
                        send(
                                        "POST",
                                        "/api/mailboxes/reset-me@acme.io/reset",
                                        Map.of(
                                                "Authorization",
                                                token,
                                                "Content-Type",
                                                "application/json",
                                                "Origin",
                                                "http://127.0.0.1:" + monitor.httpPort()),
                                        body)
                                .status)
                .as("from the dashboard's own origin")
                .isEqualTo(202);
        assertThat(
                        send(
                                        "POST",
                                        "/api/mailboxes/reset-me@acme.io/reset",
                                        Map.of(
                                                "Authorization",
                                                token,
                                                "Content-Type",
                                                "application/json"),
                                        body)
                                .status)
                .as("from a script, without Origin")
                .isEqualTo(202);
    }

    @Test
    void aChunkedBodyPastTheLimitAnswers413() throws Exception {
        String reason = "r".repeat(1 << 20);
        Response response =
                send(
                        "POST",
                        "/api/mailboxes/x@y.io/pause",
                        Map.of(
                                "Authorization",
                                "Bearer " + monitor.generatedToken().orElseThrow(),
                                "Content-Type",
                                "application/json",
                                "Transfer-Encoding",
                                "chunked"),
                        ("{\"reason\":\"" + reason + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(response.status).as(response.text()).isEqualTo(413);
        assertThat(JSON.readTree(response.body).get("error").asText())
                .isEqualTo("the request body is larger than 64 KiB");
    }

    /** Text from events reaches the API as JSON strings, never as markup. */
    @Test
    void textFromEventsIsServedAsJsonNotMarkup() throws Exception {
        Response one = get("/api/mailboxes/" + encode(XSS_MAILBOX));
        assertThat(one.status).isEqualTo(200);
        assertThat(one.contentType()).startsWith("application/json");
        assertThat(JSON.readTree(one.body).get("mailbox").asText()).isEqualTo(XSS_MAILBOX);
        Response list = get("/api/mailboxes?domain=xss.io");
        assertThat(list.contentType()).startsWith("application/json");
        assertThat(JSON.readTree(list.body))
                .singleElement()
                .satisfies(m -> assertThat(m.get("mailbox").asText()).isEqualTo(XSS_MAILBOX));
        Response page = get("/");
        assertThat(page.status).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.text())
                .as("the dashboard page is static; data arrives through the API")
                .doesNotContain("xss.io")
                .doesNotContain("alert(");
    }

    /**
     * The dashboard inserts every API string as text: a static scan of app.js (comments removed)
     * finds no HTML sink, no code from strings, and no event-handler or URL attribute set from
     * data. The real-browser check is DashboardBrowserIT.
     */
    @Test
    void theDashboardScriptInsertsApiStringsAsTextOnly() throws IOException {
        Path folder = Path.of("src/main/resources/dashboard");
        List<Path> scripts;
        List<Path> pages;
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> all = files.sorted().toList();
            scripts = all.stream().filter(f -> f.toString().endsWith(".js")).toList();
            pages = all.stream().filter(f -> f.toString().endsWith(".html")).toList();
        }
        assertThat(scripts.stream().map(f -> f.getFileName().toString()))
                .contains("app.js", "common.js", "charts.js", "mailbox.js", "domain.js");
        StringBuilder every = new StringBuilder();
        for (Path script : scripts) {
            String code = withoutComments(Files.readString(script));
            assertThat(code)
                    .as("comment stripping kept the code of " + script)
                    .doesNotContain("Nothing in this file assigns innerHTML");
            assertThat(htmlSinks(code)).as("HTML sinks in " + script).isEmpty();
            every.append(code).append('\n');
        }
        assertThat(every.toString()).contains("textContent").contains("createElement");
        assertThat(Files.readString(folder.resolve("common.js")))
                .contains(
                        "export const mailboxPath = (mailbox) => `/mailboxes/${encodeURIComponent(mailbox)}`;")
                .contains(
                        "export const domainPath = (domain) => `/domains/${encodeURIComponent(domain)}`;");
        assertThat(hProps(every.toString()))
                .as("h() calls with props found")
                .hasSizeGreaterThan(20);
        // The scan itself finds what it looks for.
        assertThat(
                        htmlSinks(
                                withoutComments(
                                        "// el.innerHTML = x\nrow.innerHTML = `<td>${m.mailbox}</td>`;\n"
                                                + "h('a', { class: 'x', href: m.url }, m.mailbox);\nconst s = '// not a comment'; "
                                                + "el.insertAdjacentHTML('beforeend', s);\nh('div', { style: { width: '1px' }, onclick: go });")))
                .hasSize(4);

        assertThat(pages.stream().map(f -> f.getFileName().toString()))
                .contains("index.html", "mailbox.html", "domain.html");
        for (Path page : pages) {
            String html = withoutHtmlComments(Files.readString(page));
            assertThat(html)
                    .as(page + " has no inline event handlers")
                    .doesNotContainPattern("(?i)\\son[a-z]+\\s*=");
            assertThat(Pattern.compile("(?is)<script(?![^>]*\\ssrc=)[^>]*>").matcher(html).find())
                    .as(page + " has no inline script")
                    .isFalse();
        }
    }

    // ------------------------------------------------------------------ checks

    /**
     * Every answer that is not a client error the case allows, with a JSON {"error": "..."} body.
     */
    private static List<String> failures(List<Case> cases, String accept) {
        List<String> out = new ArrayList<>();
        for (Case c : cases) {
            Response r;
            try {
                r = request(c.method(), c.target(), c.body(), accept);
            } catch (IOException e) {
                out.add(describe(c, accept) + " -> no HTTP answer: " + e);
                continue;
            }
            String problem = problem(c, r);
            if (problem != null) {
                out.add(
                        describe(c, accept)
                                + " -> "
                                + problem
                                + "; got "
                                + r.status
                                + " "
                                + r.contentType()
                                + " "
                                + abbreviate(r.text()));
            }
        }
        return out;
    }

    private static String problem(Case c, Response r) {
        if (r.status >= 500) {
            return "a server error";
        }
        if (!c.allowed().contains(r.status)) {
            return "expected status " + c.allowed();
        }
        if (r.status < 400) {
            return null;
        }
        if (!r.contentType().toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return "expected Content-Type application/json";
        }
        JsonNode body;
        try {
            body = JSON.readTree(r.body);
        } catch (IOException e) {
            return "the body is not JSON";
        }
        if (body == null
                || !body.isObject()
                || !body.path("error").isTextual()
                || body.get("error").asText().isBlank()) {
            return "expected a body {\"error\": \"...\"}";
        }
        if (body.size() != 1) {
            return "expected only the field error in the body";
        }
        return null;
    }

    private static String describe(Case c, String accept) {
        return c.what()
                + ": "
                + c.method()
                + " "
                + abbreviate(c.target())
                + (c.body() == null ? "" : " with a " + c.body().length + "-byte body")
                + (accept == null ? "" : " [Accept: " + abbreviate(accept) + "]");
    }

    private static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 157) + "...";
    }

    // ------------------------------------------------------------------ raw HTTP/1.1

    record Response(int status, Map<String, String> headers, byte[] body) {
        String contentType() {
            return headers.getOrDefault("content-type", "");
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static Response get(String target) throws IOException {
        return request("GET", target, null, null);
    }

    /**
     * A request as an operator's script sends it: with the token the monitor made at start, a body
     * as JSON.
     */
    private static Response request(String method, String target, byte[] body, String accept)
            throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + monitor.generatedToken().orElseThrow());
        if (accept != null) {
            headers.put("Accept", accept);
        }
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        return send(method, target, headers, body);
    }

    /**
     * Sends the request exactly as given, over a fresh connection, and reads the whole answer. A
     * body goes with its Content-Length unless the headers say Transfer-Encoding: chunked, when it
     * goes as one chunk.
     */
    private static Response send(
            String method, String target, Map<String, String> headers, byte[] body)
            throws IOException {
        boolean chunked = "chunked".equals(headers.get("Transfer-Encoding"));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", monitor.httpPort()), 5_000);
            socket.setSoTimeout(15_000);
            StringBuilder head =
                    new StringBuilder()
                            .append(method)
                            .append(' ')
                            .append(target)
                            .append(" HTTP/1.1\r\n")
                            .append("Host: 127.0.0.1:")
                            .append(monitor.httpPort())
                            .append("\r\n")
                            .append("Connection: close\r\n");
            headers.forEach(
                    (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            if (body != null && !chunked) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                try {
                    if (chunked) {
                        out.write(
                                (Integer.toHexString(body.length) + "\r\n")
                                        .getBytes(StandardCharsets.US_ASCII));
                        out.write(body);
                        out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    } else {
                        out.write(body);
                    }
                } catch (IOException e) {
                    // The server may answer (413) and close before it has read a large body.
                }
            }
            out.flush();
            return read(socket.getInputStream());
        }
    }

    private static Response read(InputStream in) throws IOException {
        byte[] bytes = LocalHttp.readUntilClosed(in);
        int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (end < 0) {
            throw new IOException("no complete HTTP head in " + bytes.length + " bytes");
        }
        String[] lines = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(
                        lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(status, headers, body);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < chunked.length) {
            int lineEnd =
                    indexOf(
                            java.util.Arrays.copyOfRange(chunked, pos, chunked.length),
                            "\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (lineEnd < 0) {
                break;
            }
            String sizeLine =
                    new String(chunked, pos, lineEnd, StandardCharsets.ISO_8859_1)
                            .split(";")[0].trim();
            int size = Integer.parseInt(sizeLine, 16);
            pos += lineEnd + 2;
            if (size == 0) {
                break;
            }
            out.write(chunked, pos, Math.min(size, chunked.length - pos));
            pos += size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ------------------------------------------------------------------ source scanning

    /** JavaScript without its comments; strings, template literals and regex literals are kept. */
    static String withoutComments(String js) {
        StringBuilder out = new StringBuilder(js.length());
        int i = 0;
        char quote = 0;
        while (i < js.length()) {
            char c = js.charAt(i);
            char next = i + 1 < js.length() ? js.charAt(i + 1) : 0;
            if (quote != 0) {
                out.append(c);
                if (c == '\\' && next != 0) {
                    out.append(next);
                    i += 2;
                    continue;
                }
                if (c == quote) {
                    quote = 0;
                }
                i++;
            } else if (c == '/' && next == '/') {
                while (i < js.length() && js.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && next == '*') {
                int close = js.indexOf("*/", i + 2);
                String skipped = js.substring(i, close < 0 ? js.length() : close + 2);
                out.append("\n".repeat((int) skipped.chars().filter(ch -> ch == '\n').count()));
                i = close < 0 ? js.length() : close + 2;
            } else {
                if (c == '\'' || c == '"' || c == '`') {
                    quote = c;
                }
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Where app.js could turn a string into markup or code, as "sink at app.js:line: code". */
    static List<String> htmlSinks(String code) {
        List<String> findings = new ArrayList<>();
        Map<String, String> sinks = new LinkedHashMap<>();
        sinks.put("innerHTML", "\\.innerHTML\\b");
        sinks.put("outerHTML", "\\.outerHTML\\b");
        sinks.put("insertAdjacentHTML", "\\binsertAdjacentHTML\\b");
        sinks.put("document.write", "\\bdocument\\s*\\.\\s*write(ln)?\\b");
        sinks.put("createContextualFragment", "\\bcreateContextualFragment\\b");
        sinks.put("DOMParser", "\\bDOMParser\\b");
        sinks.put("srcdoc", "\\bsrcdoc\\b");
        sinks.put("eval", "\\beval\\s*\\(");
        sinks.put("new Function", "\\bnew\\s+Function\\s*\\(");
        sinks.put("string timer", "\\bset(Timeout|Interval)\\s*\\(\\s*['\"`]");
        sinks.put("jQuery-style html()", "\\.html\\s*\\(");
        sinks.put("event handler property", "\\.on[a-z]+\\s*=[^=]");
        sinks.put("event handler attribute", "setAttribute\\s*\\(\\s*['\"`]on");
        sinks.put("URL attribute set", "\\.(href|src|action)\\s*=[^=]");
        sinks.put("javascript: URL", "javascript:");
        for (Map.Entry<String, String> sink : sinks.entrySet()) {
            Matcher m = Pattern.compile(sink.getValue()).matcher(code);
            while (m.find()) {
                if (sink.getKey().equals("URL attribute set")
                        && SAFE_PATH.matcher(code.substring(m.end() - 1)).lookingAt()) {
                    continue;
                }
                int line = code.substring(0, m.start()).split("\n", -1).length;
                findings.add(
                        sink.getKey()
                                + " at app.js:"
                                + line
                                + ": "
                                + code.split("\n", -1)[line - 1].trim());
            }
        }
        // h(tag, props, ...) sets every prop it does not know with setAttribute: no handler or URL
        // attribute.
        Pattern risky =
                Pattern.compile(
                        "(^|[{,])\\s*['\"]?(on[a-z]+|href|src|srcset|action|formaction|xlink:href|style)"
                                + "['\"]?\\s*:");
        for (String props : hProps(code)) {
            Matcher m = risky.matcher(props);
            while (m.find()) {
                if (m.group(2).equals("style") && props.substring(m.end()).trim().startsWith("{")) {
                    continue; // a style object goes through the CSSOM, not an attribute string
                }
                if (m.group(2).equals("href")
                        && SAFE_PATH.matcher(props.substring(m.end())).lookingAt()) {
                    continue;
                }
                findings.add("attribute " + m.group(2) + " set by h() from " + abbreviate(props));
            }
        }
        return findings;
    }

    /**
     * A link to one of the program's own pages, built by common.js's {@code mailboxPath} or {@code
     * domainPath} (a fixed path and the name through encodeURIComponent), possibly chosen by a
     * condition: the only URL the dashboard sets. The test checks the two builders are just that.
     */
    private static final String ARGS = "\\((?:[^()]|\\([^()]*\\))*\\)";

    private static final Pattern SAFE_PATH =
            Pattern.compile(
                    "\\s*(?:[\\w.]+\\s*===?\\s*'[A-Z]+'\\s*\\?\\s*)?(?:mailboxPath|domainPath)"
                            + ARGS
                            + "(?:\\s*:\\s*(?:mailboxPath|domainPath)"
                            + ARGS
                            + ")?\\s*(?:[,;}]|$)");

    /**
     * The top-level keys of the props object of every {@code h('tag', {...})} call, nested objects
     * removed.
     */
    static List<String> hProps(String code) {
        List<String> out = new ArrayList<>();
        Matcher call =
                Pattern.compile("\\bh\\(\\s*['\"][a-zA-Z0-9-]+['\"]\\s*,\\s*\\{").matcher(code);
        while (call.find()) {
            int depth = 1;
            StringBuilder top = new StringBuilder("{");
            for (int i = call.end(); i < code.length() && depth > 0; i++) {
                char c = code.charAt(i);
                if (c == '{' || c == '[' || c == '(') {
                    depth++;
                } else if (c == '}' || c == ']' || c == ')') {
                    depth--;
                }
                if (depth == 1 || (depth == 2 && (c == '{' || c == '[' || c == '('))) {
                    top.append(c);
                } else if (depth == 0) {
                    top.append('}');
                }
            }
            out.add(top.toString());
        }
        return out;
    }

    static String withoutHtmlComments(String html) {
        return html.replaceAll("(?s)<!--.*?-->", "");
    }
}
