package io.bouncewatch.payload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * The one Jackson factory of the monitor's JSON, shared by every parser and generator: it holds the
 * recycled buffers and the table of field names, which is why there is one. Its limits are those of
 * an input record: objects and arrays nested at most {@value #MAX_NESTING} deep (the document
 * itself included) and string values of at most {@value #MAX_STRING_LENGTH} characters. Numbers,
 * field names and the document are not limited beyond that (a record is at most what Kafka
 * carries): numbers are only ever read as a long, never as a BigInteger, whatever their length.
 */
public final class Json {

    /** Deepest nesting of objects and arrays accepted, the document itself included. */
    static final int MAX_NESTING = 32;

    /** Longest string value read, in chars. */
    static final int MAX_STRING_LENGTH = 64 * 1024;

    public static final JsonFactory FACTORY =
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
