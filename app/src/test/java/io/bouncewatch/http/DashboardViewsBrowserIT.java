package io.bouncewatch.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bouncewatch.broker.EmbeddedKafkaBroker;
import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.runtime.KafkaTestClients;
import io.bouncewatch.runtime.Monitor;
import io.bouncewatch.runtime.MonitorSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The main page's views in a real headless Chromium, as a newcomer reads them: the charts draw the
 * fleet's real minutes, a malformed record shows in the dead letters with its topic and reason, the
 * lag view names the input topics; a domain paused by its ratio offers Resume only, the window and
 * the reason columns say what they mean, the feed shows whole names, only the page scrolls, and at
 * 1024 px the header counts keep their labels.
 */
class DashboardViewsBrowserIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String PREFIX = "views";
    private static final String LONG_NAME =
            "a-rather-long-mailbox-name-for-the-feed@a-long-domain-name.example";

    @TempDir Path dir;

    @Test
    void theChartsTheDeadLettersAndTheLagShowWhatHappened() throws Exception {
        Browser.require();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0);
                Monitor monitor = Monitor.start(config(broker));
                KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers())) {
            kafka.sends(topic("sends"), "sales@northwind.io", 30);
            kafka.bounces(topic("bounces"), "sales@northwind.io", 2);
            kafka.publish(topic("bounces"), "broken@northwind.io", "{\"eventId\":");
            kafka.flush();

            WebDriver driver = Browser.chrome();
            try {
                open(driver, monitor);
                await("the events chart draws real points")
                        .atMost(PATIENCE)
                        .pollInterval(Duration.ofMillis(500))
                        .ignoreExceptions()
                        .until(
                                () ->
                                        Integer.parseInt(
                                                        driver.findElement(
                                                                        By.cssSelector(
                                                                                "#chart-events path[data-series]"))
                                                                .getAttribute("data-points"))
                                                > 0);
                assertThat(
                                driver.findElement(
                                                By.cssSelector(
                                                        "#chart-mailboxes path[data-series='Healthy']"))
                                        .getAttribute("data-points"))
                        .isNotEqualTo("0");
                assertThat(driver.findElement(By.id("trends-hint")).getText())
                        .contains("1 of 1 instance answered");

                WebElement letter =
                        await("the dead letter view lists the malformed record")
                                .atMost(PATIENCE)
                                .pollInterval(Duration.ofMillis(500))
                                .ignoreExceptions()
                                .until(
                                        () ->
                                                driver.findElement(
                                                        By.cssSelector(
                                                                "#dead-list li.dead-item[data-topic='"
                                                                        + topic("bounces")
                                                                        + "']")),
                                        e -> e != null);
                assertThat(letter.findElement(By.className("dead-topic")).getText())
                        .startsWith(topic("bounces"));
                assertThat(letter.findElement(By.className("dead-reason")).getText())
                        .isNotBlank()
                        .isNotEqualTo("no reason given");
                letter.findElement(By.tagName("summary")).click();
                assertThat(letter.findElement(By.cssSelector(".dead-record")).getText())
                        .contains("broken@northwind.io", "{\"eventId\":");

                await("the lag view names the input topics")
                        .atMost(PATIENCE)
                        .pollInterval(Duration.ofMillis(500))
                        .ignoreExceptions()
                        .until(
                                () ->
                                        !driver.findElements(
                                                                By.cssSelector(
                                                                        "#lag-topics li[data-topic='"
                                                                                + topic("sends")
                                                                                + "']"))
                                                        .isEmpty()
                                                && !driver.findElements(
                                                                By.cssSelector(
                                                                        "#lag-topics li[data-topic='"
                                                                                + topic("bounces")
                                                                                + "']"))
                                                        .isEmpty());
                assertThat(driver.findElement(By.id("lag-total")).getText()).matches("[0-9,]+");
                Browser.screenshot(driver, "dashboard-views.png");

                driver.findElement(By.cssSelector(".range-switch button[data-range='24h']"))
                        .click();
                await("the 24-hour range draws its own minutes")
                        .atMost(PATIENCE)
                        .ignoreExceptions()
                        .until(
                                () ->
                                        driver.findElement(By.id("trends-hint"))
                                                        .getText()
                                                        .contains("the last 24 hours")
                                                && Integer.parseInt(
                                                                driver.findElement(
                                                                                By.cssSelector(
                                                                                        "#chart-events path[data-series]"))
                                                                        .getAttribute(
                                                                                "data-points"))
                                                        > 0);
            } finally {
                driver.quit();
            }
        }
    }

    @Test
    void aNewcomerReadsTheTableTheDomainsTheFeedAndTheHeaderAt1024Pixels() throws Exception {
        Browser.require();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0);
                Monitor monitor = Monitor.start(config(broker));
                KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers())) {
            // Two of the three mailboxes of brightleads.co paused: the domain is paused by its
            // ratio, not by an operator. A long name, paused too, must show whole in the feed.
            kafka.sends(topic("sends"), "bad@brightleads.co", 10);
            kafka.bounces(topic("bounces"), "bad@brightleads.co", 5);
            kafka.sends(topic("sends"), "worse@brightleads.co", 10);
            kafka.bounces(topic("bounces"), "worse@brightleads.co", 5);
            kafka.sends(topic("sends"), "ok@brightleads.co", 10);
            kafka.sends(topic("sends"), LONG_NAME, 10);
            kafka.bounces(topic("bounces"), LONG_NAME, 5);
            kafka.flush();

            WebDriver driver = Browser.chrome();
            try {
                open(driver, monitor);
                WebElement domain =
                        await("the domain is paused by its ratio")
                                .atMost(PATIENCE)
                                .pollInterval(Duration.ofMillis(500))
                                .ignoreExceptions()
                                .until(
                                        () ->
                                                driver.findElement(
                                                        By.cssSelector(
                                                                ".domain-card[data-domain='brightleads.co'][data-status='PAUSED']")),
                                        e -> e != null);
                assertThat(domain.findElements(By.className("flag-operator"))).isEmpty();
                assertThat(domain.findElements(By.cssSelector("button[data-action='resume']")))
                        .hasSize(1);
                assertThat(domain.findElements(By.cssSelector("button[data-action='pause']")))
                        .isEmpty();

                await("the table says what the window and the reason are")
                        .atMost(PATIENCE)
                        .pollInterval(Duration.ofMillis(500))
                        .ignoreExceptions()
                        .untilAsserted(
                                () -> {
                                    WebElement bad = row(driver, "bad@brightleads.co");
                                    assertThat(bad.getAttribute("data-status")).isEqualTo("PAUSED");
                                    assertThat(
                                                    bad.findElement(By.className("cell-window"))
                                                            .getText())
                                            .contains("5 / 10", "50%");
                                    assertThat(
                                                    bad.findElement(By.cssSelector("td.reason"))
                                                            .getText())
                                            .isEqualTo("Bounce count");
                                    WebElement ok = row(driver, "ok@brightleads.co");
                                    assertThat(ok.getAttribute("data-status")).isEqualTo("HEALTHY");
                                    assertThat(
                                                    ok.findElement(By.cssSelector("td.reason"))
                                                            .getText())
                                            .isEqualTo("—");
                                });
                assertThat(driver.findElement(By.cssSelector("th.col-window")).getText())
                        .containsIgnoringCase("bounces / sends");

                await("the feed shows more than three whole entries")
                        .atMost(PATIENCE)
                        .pollInterval(Duration.ofMillis(500))
                        .ignoreExceptions()
                        .untilAsserted(
                                () -> {
                                    assertThat(
                                                    ((JavascriptExecutor) driver)
                                                            .executeScript(
                                                                    "const panel = document.querySelector('.feed-panel')"
                                                                            + ".getBoundingClientRect();"
                                                                            + "return [...document.querySelectorAll('#feed li')]"
                                                                            + ".filter(li => !li.hidden && li.getBoundingClientRect()"
                                                                            + ".bottom <= panel.bottom).length"))
                                            .asInstanceOf(InstanceOfAssertFactories.LONG)
                                            .isGreaterThan(3);
                                    List<WebElement> ids =
                                            driver.findElements(
                                                    By.cssSelector("#feed li .feed-id"));
                                    assertThat(ids)
                                            .extracting(WebElement::getText)
                                            .contains(LONG_NAME);
                                    for (WebElement id : ids) {
                                        assertThat(widths(driver, id))
                                                .as("the feed shows %s whole", id.getText())
                                                .satisfies(
                                                        w ->
                                                                assertThat(w.get(0))
                                                                        .isLessThanOrEqualTo(
                                                                                w.get(1)));
                                    }
                                });
                assertThat(scrollingElements(driver))
                        .as("nothing but the page scrolls down")
                        .isEmpty();
                Browser.screenshot(driver, "dashboard-1440.png");

                // The header keeps every label at 1024 px.
                driver.manage().window().setSize(new Dimension(1024, 900));
                await("the header keeps its labels")
                        .atMost(Duration.ofSeconds(10))
                        .ignoreExceptions()
                        .untilAsserted(
                                () -> {
                                    for (WebElement label :
                                            driver.findElements(
                                                    By.cssSelector(
                                                            ".summary dt, .summary .pill-label"))) {
                                        assertThat(label.getSize().getWidth())
                                                .as(label.getText())
                                                .isGreaterThan(8);
                                    }
                                });
                assertThat(driver.findElement(By.cssSelector(".summary")).getText())
                        .contains("healthy", "warning", "paused", "NOT SENDING");
                assertThat(scrollingElements(driver))
                        .as("nothing but the page scrolls down")
                        .isEmpty();
                Browser.screenshot(driver, "dashboard-1024.png");
            } finally {
                driver.quit();
            }
        }
    }

    private static WebElement row(WebDriver driver, String mailbox) {
        return driver.findElement(By.cssSelector("tr[data-mailbox='" + mailbox + "']"));
    }

    /** The scroll width and the client width of an element. */
    @SuppressWarnings("unchecked")
    private static List<Long> widths(WebDriver driver, WebElement e) {
        return (List<Long>)
                ((JavascriptExecutor) driver)
                        .executeScript(
                                "return [arguments[0].scrollWidth, arguments[0].clientWidth]", e);
    }

    /** Elements other than the page that scroll vertically: their id or class. */
    @SuppressWarnings("unchecked")
    private static List<Object> scrollingElements(WebDriver driver) {
        return (List<Object>)
                ((JavascriptExecutor) driver)
                        .executeScript(
                                "return [...document.querySelectorAll('body *')]"
                                        + ".filter(e => ['auto','scroll'].includes(getComputedStyle(e).overflowY)"
                                        + " && e.scrollHeight > e.clientHeight + 1)"
                                        + ".map(e => e.id || e.className)");
    }

    private static void open(WebDriver driver, Monitor monitor) {
        driver.get(
                "http://127.0.0.1:"
                        + monitor.httpPort()
                        + "/?token="
                        + monitor.generatedToken().orElseThrow());
        await("the token leaves the address bar")
                .atMost(Duration.ofSeconds(10))
                .until(() -> !driver.getCurrentUrl().contains("token"));
    }

    private static String topic(String role) {
        return MonitorSettings.topic(PREFIX, role);
    }

    private MonitorConfig config(EmbeddedKafkaBroker broker) {
        return MonitorSettings.resolve(
                MonitorSettings.of(broker.bootstrapServers(), dir.resolve("data"), PREFIX));
    }
}
