package io.bouncewatch.runtime;

import io.bouncewatch.http.Trends;
import io.bouncewatch.query.QueryService;
import io.bouncewatch.query.RemoteQueries;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trends the HTTP API serves: the series merged over every instance (each asked for its own
 * minutes), and the dead letters and the lag, which any instance reads from the cluster alone.
 */
final class FleetTrends implements Trends {

    private static final Logger LOG = LoggerFactory.getLogger(FleetTrends.class);

    private final SeriesSampler sampler;
    private final QueryService queries;
    private final RemoteQueries remote;
    private final DeadLetterTail deadLetters;
    private final ConsumerLag lag;

    FleetTrends(
            SeriesSampler sampler,
            QueryService queries,
            RemoteQueries remote,
            DeadLetterTail deadLetters,
            ConsumerLag lag) {
        this.sampler = sampler;
        this.queries = queries;
        this.remote = remote;
        this.deadLetters = deadLetters;
        this.lag = lag;
    }

    @Override
    public byte[] series(String range, int minutes, boolean localOnly) throws InterruptedException {
        long last = sampler.currentMinute();
        List<MinuteSeries.Stamped> mine = sampler.recent(minutes);
        if (localOnly) {
            return SeriesJson.minutes(mine);
        }
        RemoteQueries.Answers others = remote.fromEachOther(queries, "/api/series?range=" + range);
        List<Map<Long, MinuteSeries.Minute>> instances = new ArrayList<>();
        instances.add(byMinute(mine));
        for (byte[] answer : others.answers()) {
            try {
                instances.add(byMinute(SeriesJson.readMinutes(answer)));
            } catch (IOException e) {
                LOG.warn("another instance answered minutes that are not any: {}", e.getMessage());
            }
        }
        return SeriesJson.answer(
                range,
                last,
                MinuteSeries.sum(last, minutes, instances),
                sampler.secondsOfCurrentMinute(),
                instances.size(),
                others.asked() + 1);
    }

    private static Map<Long, MinuteSeries.Minute> byMinute(List<MinuteSeries.Stamped> minutes) {
        Map<Long, MinuteSeries.Minute> out = new HashMap<>();
        minutes.forEach(m -> out.put(m.minute(), m.value()));
        return out;
    }

    @Override
    public byte[] deadLetters(int limit) {
        return deadLetters.latest(limit);
    }

    @Override
    public byte[] lag() throws InterruptedException {
        return lag.json();
    }
}
