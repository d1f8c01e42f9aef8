package io.bouncewatch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One measured program in a JVM of its own, so that its peak memory and CPU time are its own and
 * not the broker's or the load generator's. Its output goes to a log file the benchmark reads.
 */
final class ChildProcess implements AutoCloseable {

    /** Measured programs still running; stopped if the benchmark itself is stopped. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> LIVE.forEach(Process::destroyForcibly),
                                "bench-children-stop"));
    }

    private final Process process;
    private final Path log;
    private final long startedNanos;

    private ChildProcess(Process process, Path log, long startedNanos) {
        this.process = process;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    /** Starts {@code mainClass} on this program's own class path with the given JVM options. */
    static ChildProcess start(
            String mainClass,
            List<String> jvmOptions,
            List<String> args,
            Path workDir,
            String name) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-cp");
        // Absolute, because the child runs in its own directory (java -jar target/bouncewatch.jar
        // is relative).
        command.add(
                java.util.Arrays.stream(
                                System.getProperty("java.class.path")
                                        .split(java.io.File.pathSeparator))
                        .map(entry -> Path.of(entry).toAbsolutePath().toString())
                        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator)));
        command.add(mainClass);
        command.addAll(args);
        Path log = workDir.resolve(name + ".log");
        try {
            Files.createDirectories(workDir);
            long started = System.nanoTime();
            Process p =
                    new ProcessBuilder(command)
                            .directory(workDir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            LIVE.add(p);
            p.onExit().thenRun(() -> LIVE.remove(p));
            return new ChildProcess(p, log, started);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    long pid() {
        return process.pid();
    }

    long startedNanos() {
        return startedNanos;
    }

    /** Waits until a line of the output contains {@code text}; the time it appeared, in nanos. */
    long awaitLine(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> line = lines().stream().filter(l -> l.contains(text)).findFirst();
            if (line.isPresent()) {
                return System.nanoTime();
            }
            if (!process.isAlive()) {
                throw new BenchmarkException(
                        describe()
                                + " exited with "
                                + process.exitValue()
                                + " before printing '"
                                + text
                                + "'; its output:\n"
                                + tail());
            }
            pause(Duration.ofMillis(20));
        }
        throw new BenchmarkException(
                describe()
                        + " did not print '"
                        + text
                        + "' within "
                        + timeout.toSeconds()
                        + " s; its output:\n"
                        + tail());
    }

    /** The first output line that starts with {@code prefix}, once the process has exited. */
    String awaitExitLine(String prefix, Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new BenchmarkException(
                        describe() + " did not finish within " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted");
        }
        return lines().stream()
                .filter(l -> l.startsWith(prefix))
                .findFirst()
                .orElseThrow(
                        () ->
                                new BenchmarkException(
                                        describe()
                                                + " printed no "
                                                + prefix
                                                + " line; its output:\n"
                                                + tail()));
    }

    /** CPU time (user + system) the process has used so far. */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Peak resident memory in bytes (Linux VmHWM), or -1 where the system does not say. */
    long peakRssBytes() {
        return peakRssBytes(process.pid());
    }

    static long peakRssBytes(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * CPU time so far per kind of thread (Linux thread names with the numbers taken out: stream
     * threads, producer network threads, JIT compilers, GC, RocksDB's own threads), in clock ticks;
     * empty where the system does not say.
     */
    java.util.Map<String, Long> cpuByThread() {
        java.util.Map<String, Long> ticks = new java.util.TreeMap<>();
        Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
        if (!Files.isDirectory(tasks)) {
            return ticks;
        }
        try (java.util.stream.Stream<Path> threads = Files.list(tasks)) {
            threads.forEach(
                    t -> {
                        try {
                            String stat = Files.readString(t.resolve("stat"));
                            String name =
                                    stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            ticks.merge(
                                    threadKind(name),
                                    Long.parseLong(f[11]) + Long.parseLong(f[12]),
                                    Long::sum);
                        } catch (IOException | RuntimeException e) {
                            // the thread ended meanwhile
                        }
                    });
        } catch (IOException e) {
            return ticks;
        }
        return ticks;
    }

    static String threadKind(String name) {
        if (name.contains("StreamThr") || name.matches("bench-\\d+.*|bouncewatch-.*-S.*")) {
            return "stream threads";
        }
        if (name.startsWith("kafka-producer")) {
            return "producer network";
        }
        if (name.startsWith("C2 ") || name.startsWith("C1 ")) {
            return "JIT compiler";
        }
        if (name.startsWith("GC ") || name.startsWith("G1 ")) {
            return "GC";
        }
        if (name.startsWith("rocksdb")) {
            return "RocksDB background";
        }
        return "other";
    }

    /** The exit code, once the process has exited. */
    int exitCode() {
        return process.exitValue();
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * Asks the process to stop (SIGTERM) and waits for it; kills it if it does not stop in time.
     */
    void stop(Duration timeout) {
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    List<String> lines() {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    String tail() {
        List<String> all = lines();
        return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
    }

    private String describe() {
        return log.getFileName().toString().replace(".log", "") + " (pid " + process.pid() + ")";
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted");
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(60));
        }
    }
}
