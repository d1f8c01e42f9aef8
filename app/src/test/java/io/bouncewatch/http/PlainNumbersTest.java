package io.bouncewatch.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API's JSON writes doubles as plain decimals, the way its readers expect numbers. */
class PlainNumbersTest {

    @Test
    void smallAndLargeDoublesAreWrittenWithoutAnExponent() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("small", 0.0005);
        body.put("large", 12_345_678.5);
        body.put("huge", 1e21);
        body.put("usual", 0.0375);
        body.put("whole", 2.0);
        body.put("count", 7);

        assertThat(PlainNumbers.mapper().writeValueAsString(body))
                .isEqualTo(
                        "{\"small\":0.0005,\"large\":12345678.5,\"huge\":1000000000000000000000,"
                                + "\"usual\":0.0375,\"whole\":2.0,\"count\":7}");
    }
}
