package io.bouncewatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.cli.Main;
import io.bouncewatch.rules.RuleSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** What the demo prints about its fleet speaks only of options the demo has. */
class DemoBannerTest {

    private static final Pattern OPTION = Pattern.compile("--[a-z][a-z-]*");

    private static String demoHelp() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertThat(Main.execute(new String[] {"demo", "--help"}, print, print)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theFleetDescriptionNamesNoSettingTheDemoLacks() {
        String description =
                new DemoFleet(
                                new MockProducer<>(
                                        true, null, new StringSerializer(), new StringSerializer()),
                                new DemoTopics("s", "b", "c"),
                                RuleSettings.DEFAULTS,
                                1,
                                1.0)
                        .describe();
        String help = demoHelp();

        Matcher options = OPTION.matcher(description);
        while (options.find()) {
            assertThat(help)
                    .as("the banner mentions " + options.group())
                    .contains(options.group() + "=");
        }
        for (String knob : new String[] {"speed", "seed"}) {
            if (!help.contains("--demo-" + knob) && !help.contains("--" + knob)) {
                assertThat(description)
                        .as("no option sets the " + knob)
                        .doesNotContainIgnoringCase(knob);
            }
        }
    }
}
