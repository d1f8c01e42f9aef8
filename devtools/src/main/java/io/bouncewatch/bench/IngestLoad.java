package io.bouncewatch.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Offers signed SendGrid Event Webhook batches to one instance's {@code POST /ingest/sendgrid} at a
 * fixed rate, open loop: request {@code i} is due at {@code start + i / rate} whatever the answers
 * before it, and its answer time is counted from when it was due, so a server that falls behind
 * shows it in the percentiles rather than slowing the offer down. Batches are built and signed
 * ahead of time on a thread of their own, so that the signing does not delay the offer.
 */
final class IngestLoad {

    /** The custom argument that names each event's sending mailbox (the default setting). */
    static final String SENDER_ARG = "bw_mailbox";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A request ready to go: its body and its signature headers. */
    private record Signed(byte[] body, String timestamp, String signature) {}

    /**
     * What the offer did.
     *
     * @param requests requests offered (warm-up included)
     * @param accepted requests answered 2xx
     * @param events events in the accepted requests
     * @param seconds from the first request due to the last answer
     * @param answers answer times of the requests after the warm-up, due to answered
     * @param failures answers other than 2xx and requests that failed, by what happened
     */
    record Outcome(
            long requests,
            long accepted,
            long events,
            double seconds,
            LatencyProbe.Percentiles answers,
            List<String> failures) {}

    private final HttpClient client =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(TIMEOUT)
                    .build();
    private final URI uri;
    private final KeyPair key;
    private final List<String> mailboxes;
    private final int batch;
    private final SplittableRandom random;

    /**
     * @param port the instance's HTTP port
     * @param mailboxes the sending mailboxes the events are spread over
     * @param batch events per request
     */
    IngestLoad(int port, KeyPair key, List<String> mailboxes, int batch, long seed) {
        this.uri = URI.create("http://localhost:" + port + "/ingest/sendgrid");
        this.key = key;
        this.mailboxes = List.copyOf(mailboxes);
        this.batch = batch;
        this.random = new SplittableRandom(seed);
    }

    /** A new P-256 key pair; its public half goes into the monitor's settings. */
    static KeyPair newKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new BenchmarkException("cannot make an ECDSA P-256 key: " + e.getMessage());
        }
    }

    /** The public key as the setting takes it: base64 of its DER (X.509) form. */
    static String publicKeySetting(KeyPair key) {
        return Base64.getEncoder().encodeToString(key.getPublic().getEncoded());
    }

    /**
     * Offers {@code rate} requests per second for {@code duration}; the answers of the first {@code
     * warmup} are not counted.
     */
    Outcome offer(int rate, Duration duration, Duration warmup) {
        long total = rate * duration.toSeconds();
        long warmupRequests = rate * warmup.toSeconds();
        long intervalNanos = 1_000_000_000L / rate;
        // Two seconds of requests ahead at most: enough to ride out a pause of the builder.
        BlockingQueue<Signed> ready = new ArrayBlockingQueue<>(Math.max(16, 2 * rate));
        Thread builder =
                new Thread(
                        () -> {
                            try {
                                for (long i = 0; i < total; i++) {
                                    ready.put(next(i));
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "ingest-builder");
        builder.setDaemon(true);
        builder.start();
        // The first second's requests built before the clock starts.
        awaitFilled(ready, Math.min(total, rate));
        long[] answers = new long[(int) Math.max(0, total - warmupRequests)];
        AtomicLong accepted = new AtomicLong();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        long start = System.nanoTime();
        AtomicLong lastAnswer = new AtomicLong(start);
        for (long i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 50_000) {
                LockSupport.parkNanos(wait);
            }
            Signed request;
            try {
                request = ready.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchmarkException("interrupted");
            }
            long index = i;
            inFlight.add(
                    client.sendAsync(build(request), HttpResponse.BodyHandlers.ofString())
                            .handle(
                                    (response, error) -> {
                                        long now = System.nanoTime();
                                        lastAnswer.accumulateAndGet(now, Math::max);
                                        if (error != null) {
                                            failures.add("failed: " + error.getMessage());
                                        } else if (response.statusCode() / 100 != 2) {
                                            failures.add(
                                                    response.statusCode() + " " + response.body());
                                        } else {
                                            accepted.incrementAndGet();
                                        }
                                        if (index >= warmupRequests) {
                                            answers[(int) (index - warmupRequests)] = now - due;
                                        }
                                        return null;
                                    }));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
                .orTimeout(TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS)
                .exceptionally(e -> null)
                .join();
        return new Outcome(
                total,
                accepted.get(),
                accepted.get() * batch,
                (lastAnswer.get() - start) / 1e9,
                LatencyProbe.percentiles(answers),
                summarise(failures));
    }

    private HttpRequest build(Signed s) {
        return HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("X-Twilio-Email-Event-Webhook-Timestamp", s.timestamp())
                .header("X-Twilio-Email-Event-Webhook-Signature", s.signature())
                .POST(HttpRequest.BodyPublishers.ofByteArray(s.body()))
                .build();
    }

    /**
     * Batch {@code n}: mostly deliveries, some bounces (half of them user-unknown, half a
     * reputation block) and deferrals, each event of a message of its own.
     */
    private Signed next(long n) {
        long now = System.currentTimeMillis() / 1000;
        StringBuilder body = new StringBuilder(batch * 260).append('[');
        for (int i = 0; i < batch; i++) {
            String mailbox = mailboxes.get(random.nextInt(mailboxes.size()));
            String message = "bench" + n + "x" + i;
            int roll = random.nextInt(1000);
            if (i > 0) {
                body.append(',');
            }
            body.append("{\"email\":\"r")
                    .append(random.nextInt(1_000_000))
                    .append("@example.com\",\"timestamp\":")
                    .append(now)
                    .append(",\"sg_event_id\":\"")
                    .append(message)
                    .append("e\",\"sg_message_id\":\"")
                    .append(message)
                    .append(".filter0001\",\"")
                    .append(SENDER_ARG)
                    .append("\":\"")
                    .append(mailbox)
                    .append("\",");
            if (roll < 10) {
                body.append(
                        "\"event\":\"bounce\",\"type\":\"bounce\",\"status\":\"5.1.1\","
                                + "\"reason\":\"550 5.1.1 The email account that you tried to reach"
                                + " does not exist\"}");
            } else if (roll < 20) {
                body.append(
                        "\"event\":\"bounce\",\"type\":\"blocked\",\"status\":\"5.7.1\","
                                + "\"reason\":\"550 5.7.1 Our system has detected that this message"
                                + " is likely unsolicited mail. To reduce the amount of spam sent"
                                + " to Gmail, this message has been blocked.\"}");
            } else if (roll < 30) {
                body.append(
                        "\"event\":\"deferred\",\"attempt\":\"1\","
                                + "\"response\":\"421 4.7.28 Our system has detected an unusual"
                                + " rate of unsolicited mail\"}");
            } else {
                body.append(
                        "\"event\":\"delivered\",\"response\":\"250 2.0.0 OK\","
                                + "\"ip\":\"192.0.2.1\",\"tls\":1}");
            }
        }
        byte[] bytes = body.append(']').toString().getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(now);
        return new Signed(bytes, timestamp, sign(timestamp, bytes));
    }

    /** SendGrid's signature: ECDSA over SHA-256 of the timestamp followed by the body. */
    private String sign(String timestamp, byte[] body) {
        try {
            Signature signature = Signature.getInstance("SHA256withECDSA");
            signature.initSign(key.getPrivate());
            signature.update(timestamp.getBytes(StandardCharsets.UTF_8));
            signature.update(body);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new BenchmarkException("cannot sign a batch: " + e.getMessage());
        }
    }

    private static void awaitFilled(BlockingQueue<Signed> queue, long count) {
        while (queue.size() < count) {
            ChildProcess.pause(Duration.ofMillis(20));
        }
    }

    /** The distinct failures with their counts, most frequent first, at most five. */
    private static List<String> summarise(List<String> failures) {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        synchronized (failures) {
            for (String f : failures) {
                String shortened = f.length() > 160 ? f.substring(0, 160) + "..." : f;
                counts.merge(shortened, 1L, Long::sum);
            }
        }
        return counts.entrySet().stream()
                .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(5)
                .map(e -> String.format(Locale.ROOT, "%,d x %s", e.getValue(), e.getKey()))
                .toList();
    }
}
