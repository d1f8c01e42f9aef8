package io.bouncewatch.cli;

import io.bouncewatch.classify.InputClassifier;
import io.bouncewatch.classify.UnclassifiableInputException;
import io.bouncewatch.payload.PayloadWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code classify [FILE...]}: explains bounces offline, one Classification JSON line per recipient
 * on standard output, in input order. Each FILE, or standard input without any, is JSON lines of
 * BounceEvents or one raw message. Starts neither Kafka nor HTTP.
 */
final class ClassifyCommand {

    static final String NAME = "classify";

    private ClassifyCommand() {}

    static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(NAME).mixinStandardHelpOptions(true);
        spec.usageMessage()
                .description(
                        "Classify bounces offline: prints one Classification JSON line per recipient, in input order.",
                        "Each FILE (or standard input) is JSON lines of BounceEvents or one raw message (.eml).",
                        "Exit 0 when all is classified; 1 at the first file, line or message that cannot be read.");
        spec.addPositional(
                PositionalParamSpec.builder()
                        .paramLabel("FILE")
                        .arity("0..*")
                        .type(List.class)
                        .auxiliaryTypes(String.class)
                        .description("a file of JSON lines or a raw message; none: standard input")
                        .build());
        return spec;
    }

    static int run(ParseResult parsed, InputStream stdin, PrintStream out, PrintStream err) {
        List<String> files = parsed.matchedPositionalValue(0, List.of());
        InputClassifier classifier = new InputClassifier();
        if (files.isEmpty()) {
            return classify(classifier, stdin, "standard input", null, out, err);
        }
        for (String file : files) {
            int code;
            Path path = Path.of(file);
            try (InputStream in = Files.newInputStream(path)) {
                code = classify(classifier, in, file, fileName(path), out, err);
            } catch (IOException e) {
                err.println("bouncewatch classify: " + file + ": cannot read: " + reason(e));
                return Main.EXIT_FAILED;
            }
            if (code != Main.EXIT_OK) {
                return code;
            }
        }
        return Main.EXIT_OK;
    }

    /**
     * @param name how errors name the input: the path as given, or standard input
     * @param source the results' {@code source}: the file's name without its directories; null for
     *     standard input
     */
    private static int classify(
            InputClassifier classifier,
            InputStream in,
            String name,
            String source,
            PrintStream out,
            PrintStream err) {
        try {
            classifier.classify(
                    in,
                    source,
                    result -> {
                        out.writeBytes(PayloadWriter.write(result));
                        out.write('\n');
                    });
        } catch (UnclassifiableInputException e) {
            out.flush();
            err.println(
                    "bouncewatch classify: "
                            + name
                            + (e.line() > 0 ? " line " + e.line() : "")
                            + ": "
                            + e.reason());
            return Main.EXIT_FAILED;
        } catch (IOException e) {
            out.flush();
            err.println("bouncewatch classify: " + name + ": cannot read: " + reason(e));
            return Main.EXIT_FAILED;
        }
        out.flush();
        return Main.EXIT_OK;
    }

    /** The last element of the path, or the path itself when it has none (a root). */
    private static String fileName(Path path) {
        Path name = path.getFileName();
        return name == null ? path.toString() : name.toString();
    }

    /** The exception's own words; a missing or forbidden file's only name the file. */
    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
