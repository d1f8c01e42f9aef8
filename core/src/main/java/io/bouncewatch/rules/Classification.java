package io.bouncewatch.rules;

import java.util.Objects;

/**
 * What a bounce means and why: its category, the finer class, the provider it came from and the
 * rule that decided (for example {@code reply google-low-reputation} or {@code enhanced status
 * 5.1.1}).
 */
public record Classification(
        Category category, BounceClass bounceClass, Provider provider, String matchedBy) {

    public Classification {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(bounceClass, "bounceClass");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(matchedBy, "matchedBy");
        if (!bounceClass.fits(category)) {
            throw new IllegalArgumentException(bounceClass + " is not a class of " + category);
        }
    }

    /** A classification by a class, which names its category. */
    static Classification of(BounceClass bounceClass, Provider provider, String matchedBy) {
        return new Classification(bounceClass.category(), bounceClass, provider, matchedBy);
    }

    /** A bounce known only by its type: SOFT is {@code TRANSIENT}, HARD is {@code UNKNOWN}. */
    public static Classification ofType(BounceType type) {
        return type == BounceType.SOFT
                ? new Classification(
                        Category.TRANSIENT, BounceClass.UNSPECIFIED, Provider.OTHER, "type SOFT")
                : new Classification(
                        Category.UNKNOWN, BounceClass.UNSPECIFIED, Provider.OTHER, "type HARD");
    }
}
