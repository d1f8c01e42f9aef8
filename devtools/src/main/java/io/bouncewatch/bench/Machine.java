package io.bouncewatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One line on the machine a benchmark ran on: CPUs, memory, system, Java. */
final class Machine {

    private Machine() {}

    static String describe() {
        return Runtime.getRuntime().availableProcessors()
                + " cores ("
                + cpuModel()
                + "), "
                + memoryGiB()
                + " RAM, "
                + System.getProperty("os.name")
                + " "
                + System.getProperty("os.version")
                + ", Java "
                + System.getProperty("java.runtime.version")
                + " ("
                + System.getProperty("java.vm.name")
                + ")";
    }

    /** The system's load averages over 1, 5 and 15 minutes, or "unknown". */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        return procLine(Path.of("/proc/cpuinfo"), "model name")
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .orElse(System.getProperty("os.arch"));
    }

    private static String memoryGiB() {
        return procLine(Path.of("/proc/meminfo"), "MemTotal:")
                .map(
                        l ->
                                Math.round(
                                                Long.parseLong(l.replaceAll("[^0-9]", ""))
                                                        / 1024.0
                                                        / 1024.0)
                                        + " GiB")
                .orElse("unknown");
    }

    private static java.util.Optional<String> procLine(Path file, String prefix) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.stream().filter(l -> l.startsWith(prefix)).findFirst();
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
