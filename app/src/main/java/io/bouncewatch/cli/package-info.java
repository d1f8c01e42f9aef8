/**
 * The command line: {@code run}, with every setting as an option and in --help, and the subcommands
 * of the {@link io.bouncewatch.cli.Tool}s on the class path ({@code demo}, {@code bench}).
 */
package io.bouncewatch.cli;
