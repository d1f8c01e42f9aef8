/** The command line: {@code run}, {@code demo}, with every setting as an option and in --help. */
package io.bouncewatch.cli;
