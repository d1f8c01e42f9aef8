package io.bouncewatch.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bouncewatch.broker.EmbeddedKafkaBroker;
import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.runtime.KafkaTestClients;
import io.bouncewatch.runtime.Monitor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The mailbox and domain pages in a real headless Chromium, after a scripted story on the embedded
 * broker: a mailbox with volume bounces to a warning, then to a pause, by its rate; an operator
 * follows it from the dashboard's table to its page, reads why it was paused, and resumes it
 * through the page's dialog with a reason that the timeline then shows. The words of every rule are
 * checked on known changes. Under CI a missing browser fails the test; elsewhere it is skipped.
 */
class MailboxPageBrowserIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String MAILBOX = "sales@northwind.io";

    @TempDir Path dir;

    @Test
    void anOperatorReadsWhyAMailboxWasPausedAndResumesItFromItsPage() throws Exception {
        Browser.require();

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0);
                Monitor monitor = Monitor.start(config(broker));
                KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers())) {
            // 80 sends first, so that the rate rules apply (60 lifetime sends) and the bounces,
            // on another topic, are counted against all of them.
            kafka.sends("email.sends", MAILBOX, 80);
            kafka.sends("email.sends", "hello@northwind.io", 10);
            kafka.sends("email.sends", "info@northwind.io", 10);
            kafka.flush();
            await("the sends are counted")
                    .atMost(PATIENCE)
                    .ignoreExceptions()
                    .until(() -> mailbox(monitor).get("totalSends").asInt() == 80);
            // 1/80, then 2/80 = 2.5% (WARNING at 2%), then 3/80 = 3.75% (PAUSED at 3%).
            bounce(kafka, "b-1", "gone@example.com", "5.1.1", "550 5.1.1 user unknown");
            bounce(
                    kafka,
                    "b-2",
                    "reader@gmail.com",
                    "5.7.1",
                    "550-5.7.1 Our system has detected that this message is likely suspicious"
                            + " due to the very low reputation of the sending domain - gsmtp");
            bounce(kafka, "b-3", "left@example.com", "5.1.1", "550 5.1.1 user unknown");
            kafka.flush();

            WebDriver driver = Browser.chrome();
            try {
                String token = monitor.generatedToken().orElseThrow();
                driver.get("http://127.0.0.1:" + monitor.httpPort() + "/?token=" + token);
                String row = "tr[data-mailbox='" + MAILBOX + "']";
                await("the dashboard shows the paused mailbox")
                        .atMost(PATIENCE)
                        .pollInterval(Duration.ofMillis(500))
                        .ignoreExceptions()
                        .until(
                                () ->
                                        !driver.findElements(
                                                        By.cssSelector(
                                                                row + "[data-status='PAUSED']"))
                                                .isEmpty());
                await("the feed says the evidence in words")
                        .atMost(PATIENCE)
                        .pollInterval(Duration.ofMillis(500))
                        .ignoreExceptions()
                        .until(
                                () ->
                                        feedText(driver)
                                                .contains(
                                                        "Paused: window bounce rate 3.75% ≥ 3% after 80 sends"));

                driver.findElement(By.cssSelector(row + " a.mb-link")).click();
                await("the mailbox page opens in the same tab")
                        .atMost(Duration.ofSeconds(20))
                        .until(() -> driver.getCurrentUrl().contains("/mailboxes/sales"));
                await("its timeline says why it was warned and paused")
                        .atMost(PATIENCE)
                        .pollInterval(Duration.ofMillis(500))
                        .ignoreExceptions()
                        .until(
                                () ->
                                        timelineWords(driver, "PAUSED")
                                                        .equals(
                                                                "Paused: window bounce rate 3.75% ≥ 3% after 80 sends")
                                                && timelineWords(driver, "WARNING")
                                                        .equals(
                                                                "Warning: window bounce rate 2.5% ≥ 2% after 80 sends"));
                assertThat(
                                driver.findElement(
                                                By.cssSelector(
                                                        "li.tl-item[data-to='PAUSED'] .tl-cause"))
                                        .getText())
                        .isEqualTo("after a LIST bounce: 550 5.1.1 user unknown");
                assertThat(driver.findElement(By.id("why")).getText())
                        .startsWith("Paused: window bounce rate 3.75% ≥ 3% after 80 sends");
                assertThat(fact(driver, "window")).contains("3 bounces / 80 sends", "3.75%");
                assertThat(fact(driver, "sending")).isEqualTo("blocked: the mailbox is paused");

                assertThat(categoryCount(driver, "LIST")).isEqualTo("2");
                assertThat(categoryCount(driver, "REPUTATION")).isEqualTo("1");
                List<String> categories =
                        driver.findElements(By.cssSelector("#bounces tbody.bounce")).stream()
                                .map(tr -> tr.getDomAttribute("data-category"))
                                .toList();
                assertThat(categories)
                        .as("the latest bounces, newest first")
                        .containsExactly("LIST", "REPUTATION", "LIST");
                assertThat(
                                driver.findElements(By.cssSelector("#bounces tbody.bounce"))
                                        .get(1)
                                        .getText())
                        .contains("reader@gmail.com", "Gmail", "Our system has detected");
                assertThat(
                                Integer.parseInt(
                                        driver.findElement(
                                                        By.cssSelector(
                                                                "#chart-rate path[data-series='Bounce rate']"))
                                                .getDomAttribute("data-points")))
                        .as("the window chart draws real samples")
                        .isPositive();
                Browser.screenshot(driver, "mailbox-page.png");

                driver.findElement(By.cssSelector("#actions button[data-action='resume']")).click();
                await("the confirmation dialog opens")
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> driver.findElement(By.id("confirm-dialog")).isDisplayed());
                driver.findElement(By.id("confirm-reason")).sendKeys("list cleaned");
                WebElement operator = driver.findElement(By.id("confirm-operator"));
                operator.clear();
                operator.sendKeys("ops@northwind.io");
                driver.findElement(By.id("confirm-ok")).click();

                await("the timeline shows who resumed it and why")
                        .atMost(PATIENCE)
                        .pollInterval(Duration.ofMillis(500))
                        .ignoreExceptions()
                        .until(
                                () ->
                                        driver.findElement(
                                                        By.cssSelector("li.tl-operator .tl-words"))
                                                .getText()
                                                .equals(
                                                        "Resumed by ops@northwind.io: “list cleaned”"));
                WebElement action = driver.findElement(By.cssSelector("#operator .op-item"));
                assertThat(action.findElement(By.cssSelector(".op-who")).getText())
                        .isEqualTo("ops@northwind.io");
                assertThat(action.findElement(By.cssSelector(".op-note")).getText())
                        .isEqualTo("“list cleaned”");
                Browser.screenshot(driver, "mailbox-page-after-resume.png");

                driver.findElement(By.id("crumb-domain")).click();
                await("the domain page lists its mailboxes, each linking to its page")
                        .atMost(PATIENCE)
                        .pollInterval(Duration.ofMillis(500))
                        .ignoreExceptions()
                        .until(
                                () ->
                                        driver.findElements(
                                                                By.cssSelector(
                                                                        "#mailboxes tr[data-mailbox] a[href^='/mailboxes/']"))
                                                        .size()
                                                == 3);
                assertThat(driver.findElement(By.id("title")).getText()).isEqualTo("northwind.io");
                assertThat(
                                driver
                                        .findElements(
                                                By.cssSelector("#actions button[data-action]"))
                                        .stream()
                                        .map(b -> b.getDomAttribute("data-action"))
                                        .toList())
                        .as("only the action that applies")
                        .containsExactly("pause");
                Browser.screenshot(driver, "domain-page.png");

                driver.get(
                        "http://127.0.0.1:" + monitor.httpPort() + "/mailboxes/nobody@nowhere.io");
                await("a name nobody knows gets the page, which says so")
                        .atMost(Duration.ofSeconds(20))
                        .ignoreExceptions()
                        .until(
                                () ->
                                        driver.findElement(By.id("status"))
                                                .getText()
                                                .equals("NOT KNOWN"));

                assertEvidenceWords(driver);
            } finally {
                driver.quit();
            }
        }
    }

    /** Every rule's change in words, from known changes, as every page renders them. */
    private static void assertEvidenceWords(WebDriver driver) {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put(
                "{entity:'MAILBOX',from:'HEALTHY',to:'WARNING',reason:'EARLY_WARNING',windowSends:42,"
                        + "evidence:{rule:'EARLY_WARNING',threshold:3,value:3}}",
                "Warning: 3 bounces in the window ≥ 3 before the mailbox has volume");
        cases.put(
                "{entity:'MAILBOX',from:'WARNING',to:'PAUSED',reason:'BOUNCE_COUNT',windowSends:30,"
                        + "evidence:{rule:'BOUNCE_COUNT',threshold:5,value:5}}",
                "Paused: 5 bounces in the window ≥ 5");
        cases.put(
                "{entity:'MAILBOX',from:'HEALTHY',to:'PAUSED',reason:'BOUNCE_RATE',windowSends:72,"
                        + "evidence:{rule:'BOUNCE_RATE',threshold:0.03,value:0.042}}",
                "Paused: window bounce rate 4.2% ≥ 3% after 72 sends");
        cases.put(
                "{entity:'MAILBOX',from:'HEALTHY',to:'WARNING',reason:'COMPLAINTS',"
                        + "evidence:{rule:'COMPLAINTS',threshold:1,value:1}}",
                "Warning: 1 complaint in the window ≥ 1");
        cases.put(
                "{entity:'MAILBOX',from:'WARNING',to:'HEALTHY',reason:'RECOVERED',"
                        + "evidence:{rule:'COMPLAINTS',threshold:1,value:0.5}}",
                "Healthy again: window complaints 0.5 fell below 1");
        cases.put(
                "{entity:'MAILBOX',from:'WARNING',to:'HEALTHY',reason:'RECOVERED',"
                        + "evidence:{rule:'RECOVERY_RATE',threshold:0.015,value:0.01}}",
                "Healthy again: window bounce rate 1% stayed below 1.5%");
        cases.put(
                "{entity:'MAILBOX',from:'WARNING',to:'HEALTHY',reason:'RECOVERED',"
                        + "evidence:{rule:'MIN_SENDS',threshold:60,value:60}}",
                "Healthy again: 60 lifetime sends ≥ 60: the early warning no longer applies and"
                        + " the rates are fine");
        cases.put(
                "{entity:'MAILBOX',from:'WARNING',to:'HEALTHY',reason:'RECOVERED',"
                        + "evidence:{rule:'PROBATION',threshold:60,value:60}}",
                "Healthy again: 60 clean sends on probation (60 needed)");
        cases.put(
                "{entity:'MAILBOX',from:'PAUSED',to:'WARNING',reason:'COOLDOWN_EXPIRED',"
                        + "evidence:{rule:'COOLDOWN_EXPIRED',threshold:3600,value:3725}}",
                "Resumed on probation: the 1h cooldown ran out after 1h 2m paused");
        cases.put(
                "{entity:'MAILBOX',from:'HEALTHY',to:'PAUSED',reason:'OPERATOR',operator:'ops@acme.io',"
                        + "note:'bad list',evidence:{rule:'OPERATOR',threshold:null,value:null}}",
                "Paused by ops@acme.io: “bad list”");
        cases.put(
                "{entity:'MAILBOX',from:'WARNING',to:'HEALTHY',reason:'OPERATOR',operator:null,"
                        + "note:null,evidence:{rule:'OPERATOR',threshold:null,value:null}}",
                "Reset by an operator");
        cases.put(
                "{entity:'DOMAIN',from:'WARNING',to:'PAUSED',reason:'UNHEALTHY_RATIO',totalMailboxes:4,"
                        + "unhealthyMailboxes:2,evidence:{rule:'UNHEALTHY_RATIO',threshold:0.5,value:0.5}}",
                "Paused: 2 of 4 mailboxes unhealthy, 50% ≥ 50%");
        cases.put(
                "{entity:'DOMAIN',from:'WARNING',to:'HEALTHY',reason:'UNHEALTHY_RATIO',totalMailboxes:2,"
                        + "unhealthyMailboxes:1,evidence:{rule:'MIN_MAILBOXES',threshold:3,value:2}}",
                "Healthy again: only 2 mailboxes, the ratio rules need 3");
        cases.put(
                "{entity:'DOMAIN',from:'HEALTHY',to:'PAUSED',reason:'CONFIG_FAILURE',"
                        + "evidence:{rule:'CONFIG_FAILURE',threshold:5,value:6}}",
                "Paused: 6 config failures in the last hour ≥ 5");
        cases.put(
                "{entity:'DOMAIN',from:'PAUSED',to:'HEALTHY',reason:'CONFIG_FAILURE',"
                        + "evidence:{rule:'CONFIG_COOLDOWN',threshold:7200,value:7300}}",
                "Healthy again: no config failure for 2h 1m (cooldown 2h)");
        cases.put(
                "{entity:'DOMAIN',from:'PAUSED',to:'WARNING',reason:'OPERATOR',operator:'ops@acme.io',"
                        + "note:'DNS fixed',evidence:{rule:'OPERATOR',threshold:null,value:null}}",
                "Resumed by ops@acme.io: “DNS fixed”");
        cases.put(
                "{entity:'ROUTE',provider:'microsoft',from:'OK',to:'SLOW_DOWN',reason:'RATE_LIMITED',"
                        + "until:null,evidence:{rule:'RATE_LIMITED',threshold:1,value:1}}",
                "Microsoft route slowed down: the provider throttled this mailbox");
        cases.put(
                "{entity:'ROUTE',provider:'google',from:'OK',to:'BLOCKED',reason:'BLOCKED',until:null,"
                        + "evidence:{rule:'BLOCKED',threshold:2,value:2}}",
                "Gmail route blocked: 2 reputation bounces ≥ 2");
        cases.put(
                "{entity:'ROUTE',provider:'google',from:'BLOCKED',to:'OK',reason:'EXPIRED',until:null,"
                        + "evidence:{rule:'EXPIRED',threshold:86400,value:86400}}",
                "Gmail route OK again: its block ran its 1d");
        String script =
                "const done = arguments[arguments.length - 1];"
                        + "import('/dashboard/common.js').then((m) => done(["
                        + String.join(",", cases.keySet())
                        + "].map(m.evidenceText)), (e) => done(String(e)));";
        Object words = ((JavascriptExecutor) driver).executeAsyncScript(script);
        assertThat(words).isEqualTo(List.copyOf(cases.values()));
    }

    private static void bounce(
            KafkaTestClients kafka, String id, String recipient, String status, String reply) {
        kafka.publish(
                "email.bounces",
                MAILBOX,
                "{\"eventId\":\""
                        + id
                        + "\",\"mailbox\":\""
                        + MAILBOX
                        + "\",\"recipient\":\""
                        + recipient
                        + "\",\"smtpCode\":550,\"enhancedStatus\":\""
                        + status
                        + "\",\"diagnostic\":\""
                        + reply
                        + "\"}");
    }

    private static JsonNode mailbox(Monitor monitor) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://127.0.0.1:"
                                                                + monitor.httpPort()
                                                                + "/api/mailboxes/"
                                                                + MAILBOX))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        return KafkaTestClients.json(response.body());
    }

    private static String feedText(WebDriver driver) {
        return driver.findElement(By.id("feed")).getText();
    }

    private static String timelineWords(WebDriver driver, String to) {
        return driver.findElement(
                        By.cssSelector(
                                "li.tl-item[data-entity='MAILBOX'][data-to='"
                                        + to
                                        + "'] .tl-words"))
                .getText();
    }

    private static String fact(WebDriver driver, String name) {
        return driver.findElement(By.cssSelector("#facts dd[data-fact='" + name + "']")).getText();
    }

    private static String categoryCount(WebDriver driver, String category) {
        return driver.findElement(
                        By.cssSelector("#categories li[data-category='" + category + "'] b"))
                .getText();
    }

    private MonitorConfig config(EmbeddedKafkaBroker broker) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", broker.bootstrapServers());
        settings.put("http.port", "0");
        settings.put("data.dir", dir.resolve("data").toString());
        settings.put("application.id", "it-mailbox-page");
        return MonitorConfig.resolve(new MonitorConfig.Sources().commandLine(settings));
    }
}
