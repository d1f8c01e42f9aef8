package io.bouncewatch.bench;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SuppressionCheckTest {

    private static final SuppressionWorkload.Check CHECK =
            new SuppressionWorkload.Check(
                    List.of("a@x.example", "b@x.example", "c@x.example"),
                    Set.of("a@x.example", "c@x.example"));

    private static byte[] answer(int checked, String... suppressed) {
        StringBuilder json = new StringBuilder("{\"checked\":" + checked + ",\"suppressed\":[");
        for (int i = 0; i < suppressed.length; i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"recipient\":\"")
                    .append(suppressed[i])
                    .append("\",\"category\":\"LIST\",\"source\":\"IMPORT\"}");
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anAnswerNamingExactlyTheSuppressedOnesPasses() {
        assertThatCode(
                        () ->
                                SuppressionCheck.verify(
                                        answer(3, "c@x.example", "a@x.example"), CHECK))
                .doesNotThrowAnyException();
    }

    @Test
    void aMissingRecipientFailsThePhase() {
        assertThatThrownBy(() -> SuppressionCheck.verify(answer(3, "a@x.example"), CHECK))
                .isInstanceOf(BenchmarkException.class)
                .hasMessageContaining("answered 1 suppressed recipients, expected exactly 2")
                .hasMessageContaining("1 missing (e.g. [c@x.example])");
    }

    @Test
    void aRecipientNotSuppressedFailsThePhase() {
        assertThatThrownBy(
                        () ->
                                SuppressionCheck.verify(
                                        answer(3, "a@x.example", "b@x.example", "c@x.example"),
                                        CHECK))
                .isInstanceOf(BenchmarkException.class)
                .hasMessageContaining("1 not suppressed (e.g. [b@x.example])");
    }

    @Test
    void aRecipientNamedTwiceFailsThePhase() {
        assertThatThrownBy(
                        () ->
                                SuppressionCheck.verify(
                                        answer(3, "a@x.example", "c@x.example", "a@x.example"),
                                        CHECK))
                .isInstanceOf(BenchmarkException.class)
                .hasMessageContaining("answered 3 suppressed recipients, expected exactly 2");
    }

    @Test
    void aWrongCountOfCheckedRecipientsFailsThePhase() {
        assertThatThrownBy(
                        () ->
                                SuppressionCheck.verify(
                                        answer(2, "a@x.example", "c@x.example"), CHECK))
                .isInstanceOf(BenchmarkException.class)
                .hasMessageContaining("a check of 3 recipients answered checked=2");
    }

    @Test
    void theBodyListsTheRecipients() {
        org.assertj.core.api.Assertions.assertThat(
                        new String(
                                SuppressionCheck.body(List.of("a@x.example", "b@x.example")),
                                StandardCharsets.UTF_8))
                .isEqualTo("{\"recipients\":[\"a@x.example\",\"b@x.example\"]}");
    }
}
