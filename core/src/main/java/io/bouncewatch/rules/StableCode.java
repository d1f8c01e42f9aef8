package io.bouncewatch.rules;

import java.util.Arrays;

/**
 * An enum stored by a code of its own, never by its position: reordering or adding values must not
 * change what stored bytes mean. A code is never reused.
 */
public interface StableCode {

    /** The value's code in the stored and repartitioned formats. */
    int code();

    /**
     * The values indexed by their codes, for {@link #lookup}.
     *
     * @throws IllegalStateException when two values share a code
     */
    static <E extends Enum<E> & StableCode> E[] byCode(E[] values) {
        int max = Arrays.stream(values).mapToInt(StableCode::code).max().orElse(-1);
        E[] table = Arrays.copyOf(values, max + 1);
        Arrays.fill(table, null);
        for (E value : values) {
            if (table[value.code()] != null) {
                throw new IllegalStateException(
                        value + " and " + table[value.code()] + " share code " + value.code());
            }
            table[value.code()] = value;
        }
        return table;
    }

    /**
     * @throws IllegalArgumentException for a code no value of this release has
     */
    static <E extends Enum<E> & StableCode> E lookup(E[] byCode, int code, String type) {
        E value = code >= 0 && code < byCode.length ? byCode[code] : null;
        if (value == null) {
            throw new IllegalArgumentException(
                    "unknown " + type + " code " + code + " in stored data");
        }
        return value;
    }
}
