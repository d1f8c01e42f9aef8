package io.bouncewatch.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bouncewatch.broker.EmbeddedKafkaBroker;
import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.runtime.KafkaTestClients;
import io.bouncewatch.runtime.Monitor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real headless Chromium, opened at the address with the token the program
 * prints: after events are published it shows a paused mailbox and a paused domain, and an operator
 * resume through the page (a write that needs the token) changes the state; an operator looks a
 * suppressed address up and removes it. Under CI a missing browser fails the test; elsewhere it is
 * skipped with a message.
 */
class DashboardBrowserIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir Path dir;

    @Test
    void showsPausesAndAnOperatorResumesAMailboxThroughThePage() throws Exception {
        Browser.require();

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0);
                Monitor monitor = Monitor.start(config(broker));
                KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers())) {
            kafka.sends("email.sends", "sales@northwind.io", 20);
            kafka.sends("email.sends", "hello@northwind.io", 20);
            kafka.sends("email.sends", "bad@brightleads.co", 10);
            kafka.bounces("email.bounces", "bad@brightleads.co", 5);
            kafka.sends("email.sends", "worse@brightleads.co", 10);
            kafka.bounces("email.bounces", "worse@brightleads.co", 5);
            // A third mailbox: the ratio rules apply from domain.min-mailboxes (3) mailboxes.
            kafka.sends("email.sends", "ok@brightleads.co", 10);
            kafka.sends("email.sends", "<script>alert(1)</script>@evil.io", 1);
            // Two Gmail reputation blocks block hello's Google route: a chip beside the mailbox.
            for (int i = 1; i <= 2; i++) {
                kafka.publish(
                        "email.bounces",
                        "hello@northwind.io",
                        "{\"eventId\":\"gmail-"
                                + i
                                + "\",\"mailbox\":\"hello@northwind.io\",\"recipient\":\"r"
                                + i
                                + "@gmail.com\",\"smtpCode\":550,\"enhancedStatus\":\"5.7.1\","
                                + "\"diagnostic\":\"550-5.7.1 Our system has detected that this message is likely"
                                + " suspicious due to the very low reputation of the sending domain - gsmtp\"}");
            }
            kafka.flush();

            WebDriver driver = Browser.chrome();
            try {
                // The address the program prints at start: the dashboard keeps the token and drops
                // it from the URL.
                String token = monitor.generatedToken().orElseThrow();
                driver.get("http://127.0.0.1:" + monitor.httpPort() + "/?token=" + token);
                await("the token leaves the address bar")
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> !driver.getCurrentUrl().contains("token"));
                assertThat(
                                ((JavascriptExecutor) driver)
                                        .executeScript(
                                                "return sessionStorage.getItem('bouncewatch.token')"))
                        .isEqualTo(token);
                await("the page shows the paused mailbox and the paused domain")
                        .atMost(PATIENCE)
                        .pollInterval(Duration.ofMillis(500))
                        .ignoreExceptions()
                        .until(
                                () ->
                                        !driver.findElements(
                                                                By.cssSelector(
                                                                        "tr[data-mailbox='bad@brightleads.co'][data-status='PAUSED']"))
                                                        .isEmpty()
                                                && !driver.findElements(
                                                                By.cssSelector(
                                                                        "[data-domain='brightleads.co'][data-status='PAUSED']"))
                                                        .isEmpty()
                                                && !driver.findElements(
                                                                By.cssSelector(
                                                                        "tr[data-mailbox='sales@northwind.io'][data-status='HEALTHY']"))
                                                        .isEmpty()
                                                && !driver.findElements(
                                                                By.cssSelector(
                                                                        "tr[data-mailbox='hello@northwind.io'] .route-chip[data-provider='google'][data-status='BLOCKED']"))
                                                        .isEmpty());
                assertThat(
                                driver.findElement(
                                                By.cssSelector(
                                                        "tr[data-mailbox='hello@northwind.io'] .route-chip"))
                                        .getText())
                        .isEqualTo("Gmail blocked");
                // Its own partition: it may show a refresh after the others.
                WebElement hostile =
                        await("the hostile address has its row")
                                .atMost(PATIENCE)
                                .ignoreExceptions()
                                .until(
                                        () ->
                                                driver.findElement(
                                                        By.cssSelector(
                                                                "tr[data-mailbox='<script>alert(1)</script>@evil.io']")),
                                        row -> row != null);
                assertThat(hostile.getText())
                        .as("an address from an event stays text")
                        .contains("<script>alert(1)</script>@evil.io");
                assertThat(
                                ((JavascriptExecutor) driver)
                                        .executeScript(
                                                "return document.querySelectorAll('tbody script').length"))
                        .isEqualTo(0L);
                Browser.screenshot(driver, "dashboard.png");

                driver.findElement(
                                By.cssSelector(
                                        "tr[data-mailbox='bad@brightleads.co'] button[data-action='resume']"))
                        .click();
                await("the confirmation dialog opens")
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> driver.findElement(By.id("confirm-dialog")).isDisplayed());
                driver.findElement(By.id("confirm-reason")).sendKeys("list cleaned");
                WebElement operator = driver.findElement(By.id("confirm-operator"));
                operator.clear();
                operator.sendKeys("ops@brightleads.co");
                driver.findElement(By.id("confirm-ok")).click();

                await("the page shows the resumed mailbox on probation")
                        .atMost(PATIENCE)
                        .pollInterval(Duration.ofMillis(500))
                        .ignoreExceptions()
                        .until(
                                () ->
                                        !driver.findElements(
                                                        By.cssSelector(
                                                                "tr[data-mailbox='bad@brightleads.co'][data-status='WARNING']"))
                                                .isEmpty());
                Browser.screenshot(driver, "dashboard-after-resume.png");
            } finally {
                driver.quit();
            }
            // The page reads the instance's store, which is ahead of what is committed: wait for
            // the topics to catch up with it.
            await("the resume is committed to the topics")
                    .atMost(PATIENCE)
                    .untilAsserted(
                            () -> {
                                String state =
                                        kafka.latest("mailbox.status")
                                                .get("bad@brightleads.co")
                                                .toString();
                                assertThat(state)
                                        .contains(
                                                "\"status\":\"WARNING\"",
                                                "\"reason\":\"OPERATOR\"");
                                assertThat(
                                                kafka
                                                        .statusChanges(
                                                                "health.status-changes",
                                                                "bad@brightleads.co")
                                                        .stream()
                                                        .map(
                                                                c ->
                                                                        c.get("to").asText()
                                                                                + " "
                                                                                + c.get("reason")
                                                                                        .asText()))
                                        .endsWith("WARNING OPERATOR");
                            });
        }
    }

    @Test
    void anOperatorLooksUpASuppressedAddressAndRemovesItThroughThePage() throws Exception {
        Browser.require();

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0);
                Monitor monitor = Monitor.start(config(broker));
                KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers())) {
            kafka.publish(
                    "email.bounces",
                    "sales@northwind.io",
                    "{\"eventId\":\"b-1\",\"mailbox\":\"sales@northwind.io\",\"recipient\":"
                            + "\"gone@example.com\",\"smtpCode\":550,\"enhancedStatus\":\"5.1.1\","
                            + "\"diagnostic\":\"550 5.1.1 user unknown\"}");
            kafka.flush();

            WebDriver driver = Browser.chrome();
            try {
                driver.get(
                        "http://127.0.0.1:"
                                + monitor.httpPort()
                                + "/?token="
                                + monitor.generatedToken().orElseThrow());
                await("the panel counts the suppressed recipient")
                        .atMost(PATIENCE)
                        .pollInterval(Duration.ofMillis(500))
                        .ignoreExceptions()
                        .until(
                                () ->
                                        driver.findElement(
                                                        By.cssSelector(
                                                                "#sup-counts li[data-category='LIST'] b"))
                                                .getText()
                                                .equals("1"));
                assertThat(driver.findElement(By.id("sup-total")).getText()).isEqualTo("1");

                driver.findElement(By.id("sup-address")).sendKeys("Gone@Example.com");
                driver.findElement(By.id("sup-lookup")).click();
                WebElement card =
                        await("the lookup shows why the address is suppressed")
                                .atMost(Duration.ofSeconds(10))
                                .ignoreExceptions()
                                .until(
                                        () ->
                                                driver.findElement(
                                                        By.cssSelector(
                                                                ".sup-card[data-suppressed='true'][data-recipient='gone@example.com']")),
                                        e -> e != null);
                assertThat(field(card, "why")).contains("LIST");
                assertThat(field(card, "bounce-class")).isEqualTo("USER_UNKNOWN");
                assertThat(field(card, "source")).isEqualTo("a bounce");
                assertThat(field(card, "mailbox")).isEqualTo("sales@northwind.io");
                assertThat(field(card, "cause-event")).isEqualTo("b-1");
                assertThat(field(card, "until")).isEqualTo("until removed");
                Browser.screenshot(driver, "dashboard-suppression.png");

                card.findElement(By.cssSelector("button[data-action='unsuppress']")).click();
                await("the confirmation dialog opens")
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> driver.findElement(By.id("confirm-dialog")).isDisplayed());
                driver.findElement(By.id("confirm-reason")).sendKeys("address fixed");
                WebElement operator = driver.findElement(By.id("confirm-operator"));
                operator.clear();
                operator.sendKeys("ops@northwind.io");
                driver.findElement(By.id("confirm-ok")).click();

                await("the page shows the address no longer suppressed")
                        .atMost(PATIENCE)
                        .pollInterval(Duration.ofMillis(500))
                        .ignoreExceptions()
                        .until(
                                () ->
                                        !driver.findElements(
                                                        By.cssSelector(
                                                                ".sup-card[data-suppressed='false']"))
                                                .isEmpty());
            } finally {
                driver.quit();
            }
            // The tombstone is readable once its transaction commits.
            ConsumerRecord<String, String> removal =
                    await("the removal is on the topic")
                            .atMost(PATIENCE)
                            .until(
                                    () -> {
                                        List<ConsumerRecord<String, String>> records =
                                                kafka.readAll("recipient.suppressions");
                                        return records.get(records.size() - 1);
                                    },
                                    r -> r.value() == null);
            assertThat(removal.key()).isEqualTo("gone@example.com");
            assertThat(header(removal, "bouncewatch-removed")).isEqualTo("OPERATOR");
            assertThat(header(removal, "bouncewatch-operator")).isEqualTo("ops@northwind.io");
            assertThat(header(removal, "bouncewatch-note")).isEqualTo("address fixed");
        }
    }

    private static String field(WebElement card, String name) {
        return card.findElement(By.cssSelector("dd[data-field='" + name + "']")).getText();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private MonitorConfig config(EmbeddedKafkaBroker broker) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", broker.bootstrapServers());
        settings.put("http.port", "0");
        settings.put("data.dir", dir.resolve("data").toString());
        settings.put("application.id", "it-dashboard");
        return MonitorConfig.resolve(new MonitorConfig.Sources().commandLine(settings));
    }
}
