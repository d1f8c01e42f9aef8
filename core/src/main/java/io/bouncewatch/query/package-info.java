/**
 * Interactive queries over the state stores, apart from HTTP: where a key lives (here, on another
 * instance, nowhere, or unknown while rebalancing), this instance's share of a list, and the keys
 * and lists asked of the other instances.
 */
package io.bouncewatch.query;
