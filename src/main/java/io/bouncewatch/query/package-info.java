/**
 * Interactive queries over the state stores, apart from HTTP: where a key lives (here, on another
 * instance, nowhere, or unknown while rebalancing), and this instance's share of a list.
 */
package io.bouncewatch.query;
