/**
 * The HTTP API of docs/interface.md §3: maps query answers to responses (remote keys fetched from
 * their owner, lists merged from every instance, 503 while rebalancing) and operator actions to
 * commands.
 */
package io.bouncewatch.http;
