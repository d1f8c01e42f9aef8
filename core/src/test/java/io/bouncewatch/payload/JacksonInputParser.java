package io.bouncewatch.payload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The reference the input parser is held to on what is JSON, and on nothing else: Jackson's tree
 * model reads the record and says whether it is valid JSON, whether it is one object and what its
 * fields hold. It knows no field, no required one, no length, range or limit: those are the input
 * parser's rules, pinned by InputParserTest, the poison corpus (PoisonInputTest) and
 * DeadLetterTest, so that a rule is written once, in production.
 */
final class JacksonInputParser {

    /** What a record is as JSON. */
    sealed interface Verdict {}

    /** No bytes at all (or no record value). */
    record Empty() implements Verdict {}

    /** Not JSON: broken syntax, broken UTF-8 or no value. */
    record Invalid(String why) implements Verdict {}

    /** Valid JSON whose first value is not an object; what follows it is not looked at. */
    record NotAnObject() implements Verdict {}

    /** A valid object followed by more JSON. */
    record Trailing() implements Verdict {}

    /** One valid object and nothing after it but white space. */
    record OneObject(ObjectNode fields) implements Verdict {}

    /**
     * Jackson's own defaults but no limit on strings, numbers and names: limits are not the
     * reference's.
     */
    private static final StreamReadConstraints NO_LENGTH_LIMITS =
            StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .build();

    private JacksonInputParser() {}

    static Verdict read(byte[] json) {
        if (json == null || json.length == 0) {
            return new Empty();
        }
        // A factory per document: from a factory's shared table of field names Jackson accepts a
        // name whose bytes are not UTF-8 once an earlier document had one it matches, so the
        // verdict on a record would depend on the records read before it.
        ObjectMapper mapper =
                new ObjectMapper(
                        JsonFactory.builder().streamReadConstraints(NO_LENGTH_LIMITS).build());
        try (JsonParser p = mapper.createParser(json)) {
            JsonNode root = mapper.readTree(p);
            if (root == null) {
                return new Invalid("no value");
            }
            if (!root.isObject()) {
                return new NotAnObject();
            }
            return p.nextToken() == null ? new OneObject((ObjectNode) root) : new Trailing();
        } catch (IOException e) {
            return new Invalid(e.getMessage());
        }
    }
}
