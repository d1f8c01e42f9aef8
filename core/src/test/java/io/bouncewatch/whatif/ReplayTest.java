package io.bouncewatch.whatif;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.dsn.BounceMessageParser;
import io.bouncewatch.input.Decoded;
import io.bouncewatch.input.InputDecoder;
import io.bouncewatch.input.InputKind;
import io.bouncewatch.payload.StatusChange;
import io.bouncewatch.rules.RuleSetting;
import io.bouncewatch.rules.RuleSettings;
import io.bouncewatch.topology.Topics;
import io.bouncewatch.whatif.FleetHistory.Recorded;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayTest {

    private static List<Replay.Input> history() {
        InputDecoder decoder = new InputDecoder(new BounceMessageParser());
        Map<String, InputKind> kinds = Topics.DEFAULTS.inputKinds();
        List<Replay.Input> inputs = new ArrayList<>();
        for (Recorded r : FleetHistory.of(5, Instant.parse("2026-11-22T10:00:00Z"), 4_000)) {
            for (Decoded d :
                    decoder.decode(
                            kinds.get(r.topic()),
                            r.key().getBytes(StandardCharsets.UTF_8),
                            r.value().getBytes(StandardCharsets.UTF_8),
                            r.timestamp(),
                            r.timestamp())) {
                inputs.add(new Replay.Input(r.timestamp(), d));
            }
        }
        return inputs;
    }

    /** The defaults, built anew: equal to {@link RuleSettings#DEFAULTS}, not the same. */
    private static RuleSettings defaults() {
        Map<String, Object> values = new HashMap<>();
        RuleSetting.ALL.forEach(s -> values.put(s.key(), s.typedDefault()));
        return RuleSettings.from(values);
    }

    @Test
    void equalSettingsAreReplayedOnceAndBothSidesGetEveryChange() {
        List<Replay.Input> inputs = history();
        long end = inputs.get(inputs.size() - 1).timestamp();
        RuleSettings settings = RuleSettings.DEFAULTS;
        List<StatusChange> alone = new ArrayList<>();
        ReplayOutcome expected = Replay.run(inputs, end, settings, alone::add);
        List<StatusChange> current = new ArrayList<>();
        List<StatusChange> candidate = new ArrayList<>();

        Replay.Comparison c =
                Replay.compare(inputs, end, settings, defaults(), current::add, candidate::add);

        assertThat(c.current()).isSameAs(c.candidate()).isEqualTo(expected);
        assertThat(expected.mailboxesPaused()).isPositive();
        assertThat(current).isNotEmpty().isEqualTo(alone);
        assertThat(candidate).isEqualTo(alone);
        assertThat(c.onlyCurrent()).isEmpty();
        assertThat(c.onlyCandidate()).isEmpty();
        assertThat(c.inputs()).isEqualTo(inputs.size());
    }
}
