/**
 * The HTTP API of CONTRACT.md: maps query answers to responses (remote keys fetched from their
 * owner, lists merged from every instance, 503 while rebalancing) and operator actions to commands.
 */
package io.bouncewatch.http;
