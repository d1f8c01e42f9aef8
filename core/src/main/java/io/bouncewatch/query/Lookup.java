package io.bouncewatch.query;

import org.apache.kafka.streams.state.HostInfo;

/** Where the answer for one key is. */
public sealed interface Lookup<T> {

    record Local<T>(T value) implements Lookup<T> {}

    record Remote<T>(HostInfo host) implements Lookup<T> {}

    record NotFound<T>() implements Lookup<T> {}

    /** The stores are moving (rebalance, restore): ask again shortly. */
    record Unavailable<T>(String why) implements Lookup<T> {}
}
