package io.bouncewatch.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * The one Jackson factory of the query answers, shared by every parser and generator of this
 * package: it holds the recycled buffers and the table of field names, which is why there is one.
 * An answer of another instance is read within its limits: objects and arrays nested at most
 * {@value #MAX_NESTING} deep (the document itself included) and strings of at most {@value
 * #MAX_STRING_LENGTH} characters. The monitor's own events are read and written by hand in {@code
 * io.bouncewatch.payload}, which is faster end to end (docs/benchmarks.md).
 */
final class Json {

    /** Deepest nesting of objects and arrays accepted, the document itself included. */
    static final int MAX_NESTING = 32;

    /** Longest string value read, in chars. */
    static final int MAX_STRING_LENGTH = 64 * 1024;

    static final JsonFactory FACTORY =
            JsonFactory.builder()
                    .streamReadConstraints(
                            StreamReadConstraints.builder()
                                    .maxNestingDepth(MAX_NESTING)
                                    .maxStringLength(MAX_STRING_LENGTH)
                                    .maxNumberLength(Integer.MAX_VALUE)
                                    .maxNameLength(Integer.MAX_VALUE)
                                    .build())
                    .build();

    private Json() {}
}
