package io.bouncewatch.demo;

import java.util.Objects;

/**
 * The input topics the demo fleet publishes to.
 *
 * @param sends SendEvent topic ({@code email.sends} by default)
 * @param bounces BounceEvent topic ({@code email.bounces} by default)
 * @param complaints ComplaintEvent topic ({@code email.complaints} by default)
 */
public record DemoTopics(String sends, String bounces, String complaints) {

    /** The default topic names (docs/interface.md §1.1). */
    public static final DemoTopics DEFAULTS =
            new DemoTopics("email.sends", "email.bounces", "email.complaints");

    public DemoTopics {
        Objects.requireNonNull(sends, "sends");
        Objects.requireNonNull(bounces, "bounces");
        Objects.requireNonNull(complaints, "complaints");
    }
}
