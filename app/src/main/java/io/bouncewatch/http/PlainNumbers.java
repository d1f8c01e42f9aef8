package io.bouncewatch.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * The JSON mapper of the HTTP API: doubles are written as plain decimals ({@code 0.0005}), not in
 * the exponent form {@link Double#toString} gives small and large ones ({@code 5.0E-4}), as the
 * payloads of the topics write them.
 */
final class PlainNumbers {

    private PlainNumbers() {}

    static ObjectMapper mapper() {
        SimpleModule plain = new SimpleModule("plain-decimals");
        plain.addSerializer(Double.class, new PlainDouble());
        plain.addSerializer(double.class, new PlainDouble());
        return JsonMapper.builder().addModule(plain).build();
    }

    /**
     * A finite {@code value} as Jackson writes it, or the plain decimal if that has an exponent.
     */
    private static String plain(double value) {
        String text = Double.toString(value);
        return text.indexOf('E') < 0
                ? text
                : new BigDecimal(text).stripTrailingZeros().toPlainString();
    }

    private static final class PlainDouble extends StdSerializer<Double> {
        private static final long serialVersionUID = 1L;

        PlainDouble() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            if (Double.isFinite(value)) {
                gen.writeNumber(plain(value));
            } else {
                gen.writeNumber(value.doubleValue());
            }
        }
    }
}
