package io.bouncewatch.cli;

import java.io.PrintStream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * A subcommand beside {@code run} that is not part of the product: the devtools module provides
 * {@code demo} and {@code bench} through {@link java.util.ServiceLoader} (its
 * META-INF/services/io.bouncewatch.cli.Tool lists them in the order --help shows them), so the
 * command line never depends on them and a jar without devtools simply has neither.
 */
public interface Tool {

    /**
     * The subcommand: name, description and options. A tool that runs the monitor starts from
     * {@link Main#monitorCommand}, which has every setting as an option, like {@code run}.
     */
    CommandSpec spec();

    /**
     * Runs the parsed subcommand and returns the exit code; a tool that runs the monitor does so
     * with {@link Main#runMonitor}.
     */
    int run(ParseResult parsed, PrintStream out, PrintStream err);
}
