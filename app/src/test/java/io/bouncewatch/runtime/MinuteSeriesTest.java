package io.bouncewatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MinuteSeriesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** 2026-12-05T14:00Z, in minutes since the epoch. */
    private static final long T = 29_941_320L;

    private static MinuteSeries.Minute counted(long sends, long countedBounces) {
        return new MinuteSeries.Minute(
                sends * 2, sends, countedBounces + 1, countedBounces, 1, 0, null, null);
    }

    private static MinuteSeries.Minute withStatus(long healthy, long paused) {
        return new MinuteSeries.Minute(
                0,
                0,
                0,
                0,
                0,
                0,
                new MinuteSeries.ByStatus(healthy, 0, paused),
                new MinuteSeries.ByStatus(1, 0, 0));
    }

    @Test
    void aMinuteNothingRecordedIsNullAndTheWindowEndsWithTheGivenMinute() {
        MinuteSeries series = new MinuteSeries();
        series.record(T - 2, counted(10, 1));
        series.record(T, counted(5, 0));

        MinuteSeries.Minute[] last = series.last(T, 4);

        assertThat(last).hasSize(4);
        assertThat(last[0]).isNull();
        assertThat(last[1].sends()).isEqualTo(10);
        assertThat(last[2]).isNull();
        assertThat(last[3].sends()).isEqualTo(5);
    }

    @Test
    void samplesOfOneMinuteAddTheirCountsAndKeepTheLatestStatus() {
        MinuteSeries series = new MinuteSeries();
        series.record(T, withStatus(5, 0));
        series.record(T, counted(3, 1));
        series.record(T, counted(4, 0).then(withStatus(7, 2)));

        MinuteSeries.Minute minute = series.last(T, 1)[0];

        assertThat(minute.sends()).isEqualTo(7);
        assertThat(minute.countedBounces()).isEqualTo(1);
        assertThat(minute.mailboxes()).isEqualTo(new MinuteSeries.ByStatus(7, 0, 2));
    }

    @Test
    void aDayLaterAMinuteTakesTheSlotOfTheOneADayOlderAndNeverTheReverse() {
        MinuteSeries series = new MinuteSeries();
        series.record(T, counted(1, 0));
        series.record(T + MinuteSeries.CAPACITY, counted(9, 0));
        series.record(T, counted(100, 0));

        assertThat(series.last(T + MinuteSeries.CAPACITY, 1)[0].sends()).isEqualTo(9);
        assertThat(series.last(T, 1)[0]).isNull();
        assertThat(series.last(T + MinuteSeries.CAPACITY, MinuteSeries.CAPACITY))
                .filteredOn(m -> m != null)
                .hasSize(1);
        assertThat(series.stamped())
                .containsExactly(
                        new MinuteSeries.Stamped(T + MinuteSeries.CAPACITY, counted(9, 0)));
    }

    @Test
    void aFullDayIsKeptOldestFirst() {
        MinuteSeries series = new MinuteSeries();
        for (long m = T; m < T + 2 * MinuteSeries.CAPACITY; m++) {
            series.record(m, counted(m - T, 0));
        }
        long last = T + 2 * MinuteSeries.CAPACITY - 1;

        MinuteSeries.Minute[] day = series.last(last, MinuteSeries.CAPACITY);

        assertThat(day[0].sends()).isEqualTo(MinuteSeries.CAPACITY);
        assertThat(day[MinuteSeries.CAPACITY - 1].sends())
                .isEqualTo(2L * MinuteSeries.CAPACITY - 1);
        assertThat(series.stamped()).hasSize(MinuteSeries.CAPACITY);
        assertThat(series.stamped().get(0).minute()).isEqualTo(T + MinuteSeries.CAPACITY);
    }

    @Test
    void twoInstancesMinutesAreSummedByMinuteAndAMinuteOfNeitherIsNull() {
        Map<Long, MinuteSeries.Minute> first = Map.of(T - 1, counted(10, 1), T, withStatus(5, 1));
        Map<Long, MinuteSeries.Minute> second =
                Map.of(T - 1, counted(30, 2), T, withStatus(2, 0), T - 5, counted(1, 0));

        MinuteSeries.Minute[] sum = MinuteSeries.sum(T, 3, List.of(first, second));

        assertThat(sum[0]).isNull();
        assertThat(sum[1].sends()).isEqualTo(40);
        assertThat(sum[1].countedBounces()).isEqualTo(3);
        assertThat(sum[1].mailboxes()).isNull();
        assertThat(sum[2].mailboxes()).isEqualTo(new MinuteSeries.ByStatus(7, 0, 1));
        assertThat(sum[2].domains()).isEqualTo(new MinuteSeries.ByStatus(2, 0, 0));
    }

    @Test
    void aSmallRateIsWrittenAsAPlainDecimal() {
        MinuteSeries.Minute[] minutes = {counted(2000, 1), counted(3, 1)};

        String answer =
                new String(SeriesJson.answer("1h", T, minutes, 30, 1, 1), StandardCharsets.UTF_8);

        assertThat(answer).contains("\"bounceRate\":[0.0005,0.3333]").doesNotContain("E-");
    }

    @Test
    void theAnswerHasOneValuePerMinuteNullsForGapsAndTheRateAsAFraction() throws Exception {
        MinuteSeries.Minute[] minutes = {null, counted(40, 3), withStatus(4, 1)};

        JsonNode answer = JSON.readTree(SeriesJson.answer("1h", T, minutes, 30, 1, 2));

        assertThat(answer.get("range").asText()).isEqualTo("1h");
        assertThat(answer.get("step").asText()).isEqualTo("PT1M");
        assertThat(answer.get("minutes").get(0).asText()).isEqualTo("2026-12-05T13:58:00Z");
        assertThat(answer.get("minutes").get(2).asText()).isEqualTo("2026-12-05T14:00:00Z");
        assertThat(answer.get("sends").get(0).isNull()).isTrue();
        assertThat(answer.get("sends").get(1).asLong()).isEqualTo(40);
        assertThat(answer.get("bounceRate").get(1).asDouble()).isEqualTo(3.0 / 40);
        // No sends in the minute: no rate.
        assertThat(answer.get("bounceRate").get(2).isNull()).isTrue();
        // 80 records in a whole minute; none in the current one, 30 s old.
        assertThat(answer.get("eventsPerSecond").get(1).asDouble()).isEqualTo(1.33);
        assertThat(answer.get("eventsPerSecond").get(2).asDouble()).isZero();
        assertThat(answer.get("mailboxes").get("PAUSED").get(2).asLong()).isEqualTo(1);
        assertThat(answer.get("mailboxes").get("HEALTHY").get(1).isNull()).isTrue();
        assertThat(answer.get("domains").get("HEALTHY").get(2).asLong()).isEqualTo(1);
        assertThat(answer.get("statusChanges").get(1).asLong()).isEqualTo(1);
        assertThat(answer.get("deadLetters").get(1).asLong()).isZero();
        assertThat(answer.get("instances").get("answered").asInt()).isEqualTo(1);
        assertThat(answer.get("instances").get("total").asInt()).isEqualTo(2);
    }
}
