package io.bouncewatch.rules;

import java.util.Arrays;
import java.util.List;

/**
 * Lifetime bounces of a mailbox by category (docs/rules.md §2.1): every category a bounce can have,
 * IGNORE included, so an operator sees what the auto-replies were. Immutable.
 */
public final class CategoryCounts {

    /** The categories counted, in the order the API lists them; a complaint is no bounce. */
    public static final List<Category> CATEGORIES =
            List.of(
                    Category.LIST,
                    Category.REPUTATION,
                    Category.CONFIG,
                    Category.THROTTLE,
                    Category.TRANSIENT,
                    Category.IGNORE,
                    Category.UNKNOWN);

    public static final CategoryCounts NONE = new CategoryCounts(new long[CATEGORIES.size()]);

    private final long[] counts;

    private CategoryCounts(long[] counts) {
        this.counts = counts;
    }

    /**
     * @param counts one count per category of {@link #CATEGORIES}, in its order
     */
    public static CategoryCounts of(long... counts) {
        if (counts.length != CATEGORIES.size()) {
            throw new IllegalArgumentException(
                    "one count per category, " + CATEGORIES.size() + ", not " + counts.length);
        }
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("a count is never negative: " + c);
            }
        }
        return new CategoryCounts(counts.clone());
    }

    public long get(Category category) {
        int at = CATEGORIES.indexOf(category);
        return at < 0 ? 0 : counts[at];
    }

    /** One more bounce of {@code category}; a category no bounce has is not counted. */
    CategoryCounts plus(Category category) {
        int at = CATEGORIES.indexOf(category);
        if (at < 0) {
            return this;
        }
        long[] next = counts.clone();
        next[at]++;
        return new CategoryCounts(next);
    }

    /** The counts in the order of {@link #CATEGORIES}. */
    public long[] toArray() {
        return counts.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CategoryCounts other && Arrays.equals(counts, other.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < counts.length; i++) {
            out.append(i == 0 ? "" : ", ").append(CATEGORIES.get(i)).append('=').append(counts[i]);
        }
        return out.append('}').toString();
    }
}
