/**
 * The command line: {@code run}, with every setting as an option and in --help; {@code classify}
 * and {@code evaluate}, which run offline; and the subcommands of the {@link
 * io.bouncewatch.cli.Tool}s on the class path ({@code demo}, {@code bench}).
 */
package io.bouncewatch.cli;
