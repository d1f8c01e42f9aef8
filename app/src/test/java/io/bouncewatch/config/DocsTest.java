package io.bouncewatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.testing.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project's own reference stays true: docs/interface.md lists every setting with the default
 * the program really uses and no setting that does not exist, and every document, section and
 * anchor that the code and the docs cite exists.
 */
class DocsTest {

    private static final Path RULES = Repository.path("docs/rules.md");
    private static final Path INTERFACE = Repository.path("docs/interface.md");
    private static final Pattern SETTING_ROW = Pattern.compile("^\\| `([^`]*)` \\| `[^`]*` \\|");
    private static final Pattern SECTION_HEADING =
            Pattern.compile("^#{2,3} (\\d+(?:\\.\\d+)?)\\.? ");

    /**
     * A reference document named, or a section cited: a bare section is one of the document named
     * last.
     */
    private static final Pattern CITATION =
            Pattern.compile("(rules|interface)\\.md(?:#([a-z0-9-]+))?|§(\\d+(?:\\.\\d+)?)");

    private static final Pattern MARKDOWN_FILE =
            Pattern.compile("[A-Za-z0-9_./-]*[A-Za-z0-9_-]\\.md\\b");
    private static final Set<String> TEXT_FILES =
            Set.of(
                    "java",
                    "md",
                    "js",
                    "html",
                    "css",
                    "json",
                    "txt",
                    "xml",
                    "properties",
                    "yml",
                    "yaml");

    @Test
    void everySettingIsInTheInterfaceTableWithItsDefault() {
        String table = String.join("\n", settingsTable());
        for (Setting setting : Settings.ALL) {
            assertThat(table)
                    .as(setting.key())
                    .contains("| `" + setting.key() + "` | `" + setting.defaultValue() + "` |");
        }
    }

    @Test
    void theInterfaceTableNamesEverySettingOnceAndNoOther() {
        List<String> documented = new ArrayList<>();
        for (String line : settingsTable()) {
            Matcher row = SETTING_ROW.matcher(line);
            if (row.find()) {
                documented.add(row.group(1));
            }
        }
        assertThat(documented)
                .containsExactlyInAnyOrderElementsOf(
                        Settings.ALL.stream().map(Setting::key).toList());
    }

    @Test
    void everyCitedSectionAndAnchorOfTheReferenceExists() throws IOException {
        Set<String> rulesSections = sections(RULES);
        Set<String> interfaceSections = sections(INTERFACE);
        Set<String> rulesAnchors = anchors(RULES);
        Set<String> interfaceAnchors = anchors(INTERFACE);
        List<String> broken = new ArrayList<>();
        for (Path file : citingFiles()) {
            List<String> lines = Files.readAllLines(file);
            for (int n = 0; n < lines.size(); n++) {
                // Within a doc, a bare section is one of the doc itself; elsewhere it follows a
                // doc's name.
                String document =
                        file.equals(RULES) ? "rules" : file.equals(INTERFACE) ? "interface" : null;
                Matcher m = CITATION.matcher(lines.get(n));
                while (m.find()) {
                    String where = file + ":" + (n + 1) + ": " + m.group();
                    if (m.group(1) != null) {
                        document = m.group(1);
                        Set<String> anchors =
                                document.equals("rules") ? rulesAnchors : interfaceAnchors;
                        if (m.group(2) != null && !anchors.contains(m.group(2))) {
                            broken.add(where);
                        }
                    } else {
                        Set<String> sections =
                                "rules".equals(document)
                                        ? rulesSections
                                        : "interface".equals(document)
                                                ? interfaceSections
                                                : Set.of();
                        if (!sections.contains(m.group(3))) {
                            broken.add(where);
                        }
                    }
                }
            }
        }
        assertThat(broken)
                .as(
                        "citations of a section or anchor that docs/rules.md or docs/interface.md lacks")
                .isEmpty();
    }

    @Test
    void everyMarkdownFileNamedInTheProjectExists() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path file : citingFiles()) {
            Matcher m = MARKDOWN_FILE.matcher(Files.readString(file));
            while (m.find()) {
                String name = m.group();
                Path besideIt = file.toAbsolutePath().getParent().resolve(name).normalize();
                if (!Files.isRegularFile(Repository.root().resolve(name))
                        && !Files.isRegularFile(besideIt)) {
                    missing.add(file + ": " + name);
                }
            }
        }
        assertThat(missing).as("documents named that the repository does not hold").isEmpty();
    }

    private static List<String> settingsTable() {
        List<String> lines = read(INTERFACE);
        int start = lines.indexOf("## 6. Settings");
        assertThat(start).as("the Settings section of " + INTERFACE).isNotNegative();
        List<String> section = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            section.add(line);
        }
        return section;
    }

    private static Set<String> sections(Path doc) {
        Set<String> sections = new HashSet<>();
        for (String line : read(doc)) {
            Matcher m = SECTION_HEADING.matcher(line);
            if (m.find()) {
                sections.add(m.group(1));
            }
        }
        return sections;
    }

    /**
     * The anchors a Markdown renderer gives the headings: lower case, punctuation dropped, spaces
     * as '-'.
     */
    private static Set<String> anchors(Path doc) {
        Set<String> anchors = new HashSet<>();
        for (String line : read(doc)) {
            if (line.startsWith("#")) {
                String title = line.replaceFirst("^#+ ", "").toLowerCase(Locale.ROOT);
                anchors.add(title.replaceAll("[^a-z0-9 -]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    private static List<Path> citingFiles() throws IOException {
        List<Path> dirs = new ArrayList<>();
        Repository.modules().forEach(module -> dirs.add(module.resolve("src")));
        for (String dir : List.of("topics", "docs", "docker")) {
            dirs.add(Repository.path(dir));
        }
        List<Path> files = new ArrayList<>(List.of(Repository.path("README.md")));
        for (Path dir : dirs) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(Files::isRegularFile)
                        .filter(p -> TEXT_FILES.contains(extension(p)))
                        .sorted()
                        .forEach(files::add);
            }
        }
        return files;
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
