/**
 * The one place for configuration: every setting with its default, parser and allowed values
 * ({@link io.bouncewatch.config.Settings}), merged from defaults, a properties file, the
 * environment and the command line into one validated {@link io.bouncewatch.config.MonitorConfig}.
 */
package io.bouncewatch.config;
