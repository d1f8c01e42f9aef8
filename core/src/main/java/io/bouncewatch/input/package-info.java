/**
 * The input topics' records as the rules take them: one decoder turns a record's key, value and
 * timestamp into events, commands or the reason it is rejected. The topology's parser and the
 * {@code replay} command both read records through it, so a record means the same to both. No Kafka
 * types.
 */
package io.bouncewatch.input;
