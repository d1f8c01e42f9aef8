package io.bouncewatch.payload;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dead-letter reasons read the same whatever locale the JVM runs in. */
class DefaultLocaleTest {

    /** Thai digits: String.format without a Locale would write 7 as U+0E57. */
    private static final Locale THAI_DIGITS = Locale.forLanguageTag("th-TH-u-nu-thai");

    private Locale before;

    @BeforeEach
    void useThaiDigits() {
        before = Locale.getDefault(Locale.Category.FORMAT);
        Locale.setDefault(Locale.Category.FORMAT, THAI_DIGITS);
    }

    @AfterEach
    void restore() {
        Locale.setDefault(Locale.Category.FORMAT, before);
    }

    @Test
    void anUnprintableByteIsNamedByItsCodeInAsciiDigits() {
        assertThatThrownBy(() -> InputParser.send(new byte[] {'{', 0x07}, 0L, 0L))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("code 7");
    }
}
