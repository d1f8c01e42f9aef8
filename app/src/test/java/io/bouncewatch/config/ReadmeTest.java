package io.bouncewatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.testing.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README documents every setting with the default the program really uses. */
class ReadmeTest {

    @Test
    void everySettingIsInTheReadmeWithItsDefault() throws IOException {
        String readme = Files.readString(Repository.path("README.md"));
        for (Setting setting : Settings.ALL) {
            assertThat(readme)
                    .as(setting.key())
                    .contains("| `" + setting.key() + "` | `" + setting.defaultValue() + "` |");
        }
    }

    @Test
    void theReadmeOpensWithTheTwoCommands() throws IOException {
        List<String> lines = Files.readAllLines(Repository.path("README.md"));
        int fence = lines.indexOf("```sh");
        assertThat(lines.subList(fence + 1, fence + 3))
                .containsExactly(
                        "mvn -q -DskipTests package && java -jar target/bouncewatch.jar run",
                        "mvn verify");
        assertThat(Files.readString(Repository.path(".ci", "run"))).contains("\nmvn verify\n");
    }
}
