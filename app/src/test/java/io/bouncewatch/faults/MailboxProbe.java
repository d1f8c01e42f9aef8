package io.bouncewatch.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asks instances for mailboxes over HTTP ({@code GET /api/mailboxes/{m}}) in the background, round
 * robin over a list of mailboxes, while a test rebalances them, and keeps every answer's status
 * code per instance (-1: no answer, e.g. not listening yet or any more).
 */
public final class MailboxProbe implements AutoCloseable {

    private static final int KEPT_ODD_ANSWERS = 20;

    private final List<String> mailboxes;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Integer> ports = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, AtomicInteger>> codes = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> oddAnswers = new ConcurrentLinkedQueue<>();
    private final AtomicInteger next = new AtomicInteger();
    private final long startedAt = System.nanoTime();
    private volatile String phase = "start";
    private final ScheduledExecutorService executor =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "mailbox-probe");
                        t.setDaemon(true);
                        return t;
                    });

    public MailboxProbe(List<String> mailboxes, Duration every) {
        if (mailboxes.isEmpty()) {
            throw new IllegalArgumentException("no mailbox to ask for");
        }
        this.mailboxes = List.copyOf(mailboxes);
        executor.scheduleWithFixedDelay(this::probeAll, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts asking this instance. */
    public void watch(String instance, int port) {
        ports.put(instance, port);
    }

    /** Names what the test is doing now; odd answers say in which phase they came. */
    public void phase(String name) {
        phase = name;
    }

    /** Stops asking this instance. */
    public void unwatch(String instance) {
        ports.remove(instance);
    }

    private void probeAll() {
        ports.forEach(
                (instance, port) -> {
                    String mailbox =
                            mailboxes.get(Math.floorMod(next.getAndIncrement(), mailboxes.size()));
                    int code;
                    String body = "";
                    try {
                        HttpResponse<String> response =
                                http.send(
                                        HttpRequest.newBuilder(
                                                        URI.create(
                                                                "http://127.0.0.1:"
                                                                        + port
                                                                        + "/api/mailboxes/"
                                                                        + mailbox))
                                                .timeout(Duration.ofSeconds(5))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString());
                        code = response.statusCode();
                        body = response.body();
                    } catch (IOException e) {
                        code = -1;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    codes.computeIfAbsent(instance, i -> new ConcurrentHashMap<>())
                            .computeIfAbsent(code, c -> new AtomicInteger())
                            .incrementAndGet();
                    if (code != 200
                            && code != 503
                            && code != -1
                            && oddAnswers.size() < KEPT_ODD_ANSWERS) {
                        oddAnswers.add(
                                "["
                                        + phase
                                        + ", +"
                                        + (System.nanoTime() - startedAt) / 1_000_000
                                        + " ms] "
                                        + instance
                                        + " GET /api/mailboxes/"
                                        + mailbox
                                        + " -> "
                                        + code
                                        + " "
                                        + body);
                    }
                });
    }

    /** Answers per instance: status code to count; -1 counts requests nobody answered. */
    public Map<String, Map<Integer, Integer>> codes() {
        Map<String, Map<Integer, Integer>> out = new TreeMap<>();
        codes.forEach(
                (instance, counts) -> {
                    Map<Integer, Integer> copy = new TreeMap<>();
                    counts.forEach((code, n) -> copy.put(code, n.get()));
                    out.put(instance, copy);
                });
        return out;
    }

    /** The first answers that were neither 200 nor 503, with their bodies. */
    public List<String> oddAnswers() {
        return List.copyOf(oddAnswers);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
