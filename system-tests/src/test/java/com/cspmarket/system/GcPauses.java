package com.cspmarket.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The stop-the-world pauses of the service JVMs, read from their GC logs: each JVM started with
 * {@link #jvmOption(Path)} writes {@code gc-<pid>.log} into the directory, one line per pause with the wall-clock
 * milliseconds at its end ({@code -Xlog:gc:file=...:timemillis}), e.g.
 * {@code [1765000000123ms] GC(12) Pause Young (Allocation Failure) 233M->140M(365M) 126.650ms}. A pause is placed
 * on the wall clock from its end and its length, so it can be laid beside an order's hops (the driver's clock is the
 * same machine's).
 */
final class GcPauses {

    private static final Pattern LINE = Pattern.compile("^\\[(\\d+)ms\\] GC\\((\\d+)\\) Pause (\\w+).* (\\d+(?:\\.\\d+)?)ms$");
    private static final Pattern CPU = Pattern.compile("^\\[\\d+ms\\] GC\\((\\d+)\\) User=(\\d+\\.\\d+)s Sys=(\\d+\\.\\d+)s Real=.*$");
    private static final Pattern FILE = Pattern.compile("gc-(\\d+)\\.log");

    /**
     * One pause of the JVM of {@code component}, from {@code startMillis} to {@code endMillis} (wall clock), and the CPU
     * its collector threads used meanwhile ({@code cpuMillis}, user + system in steps of 10 ms; 0 if not logged).
     */
    record Pause(String component, long id, String kind, double startMillis, double endMillis, double cpuMillis) {
        double millis() {
            return endMillis - startMillis;
        }

        boolean overlaps(double fromMillis, double toMillis) {
            return startMillis < toMillis && endMillis > fromMillis;
        }
    }

    private final List<Pause> pauses;

    private GcPauses(List<Pause> pauses) {
        this.pauses = pauses;
    }

    /** The option that makes a JVM log its pauses where {@link #read} finds them. */
    static String jvmOption(Path directory) {
        return "-Xlog:gc,gc+cpu:file=" + directory.resolve("gc-%p.log") + ":timemillis";
    }

    /** Removes the logs of an earlier run from {@code directory}. */
    static void clear(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (FILE.matcher(file.getFileName().toString()).matches()) {
                    Files.delete(file);
                }
            }
        }
    }

    /**
     * Every pause logged in {@code directory} by a JVM that is still running (its component known by its command
     * line, as {@link CpuBreakdown} names it).
     */
    static GcPauses read(Path directory) throws IOException {
        List<Pause> pauses = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher name = FILE.matcher(file.getFileName().toString());
                if (!name.matches()) {
                    continue;
                }
                String component = ProcessHandle.of(Long.parseLong(name.group(1)))
                        .map(CpuBreakdown::componentOf).orElse(null);
                if (component == null) {
                    continue;
                }
                pauses.addAll(parse(component, Files.readAllLines(file)));
            }
        }
        return new GcPauses(pauses);
    }

    /** The pauses of one JVM's log, each with the CPU its collection's {@code gc+cpu} line gives. */
    static List<Pause> parse(String component, List<String> lines) {
        Map<Long, Double> cpu = new java.util.HashMap<>();
        for (String line : lines) {
            Matcher m = CPU.matcher(line.trim());
            if (m.matches()) {
                cpu.put(Long.parseLong(m.group(1)), 1000 * (Double.parseDouble(m.group(2)) + Double.parseDouble(m.group(3))));
            }
        }
        List<Pause> pauses = new ArrayList<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line.trim());
            if (m.matches()) {
                double end = Long.parseLong(m.group(1));
                long id = Long.parseLong(m.group(2));
                pauses.add(new Pause(component, id, m.group(3), end - Double.parseDouble(m.group(4)), end,
                        cpu.getOrDefault(id, 0.0)));
            }
        }
        return pauses;
    }

    /** The pauses of {@code components} that overlap [fromMillis, toMillis]. */
    List<Pause> during(double fromMillis, double toMillis, List<String> components) {
        return pauses.stream().filter(p -> components.contains(p.component()) && p.overlaps(fromMillis, toMillis)).toList();
    }

    /**
     * Per component and kind of pause in [fromMillis, toMillis]: how many, their sum and the longest (wall clock, ms),
     * the share of the window, and the collectors' CPU in them (ms): the wall time beyond the CPU is the collector
     * waiting for a core while its JVM stands still.
     */
    String table(double fromMillis, double toMillis) {
        Map<String, double[]> by = new TreeMap<>();
        for (Pause p : pauses) {
            if (p.overlaps(fromMillis, toMillis)) {
                double[] s = by.computeIfAbsent(p.component() + " " + p.kind().toLowerCase(), k -> new double[4]);
                s[0]++;
                s[1] += p.millis();
                s[2] = Math.max(s[2], p.millis());
                s[3] += p.cpuMillis();
            }
        }
        StringBuilder out = new StringBuilder(String.format("%-36s %7s %10s %9s %12s %8s%n", "GC pauses in the window",
                "pauses", "sum ms", "max ms", "% of window", "CPU ms"));
        by.forEach((key, s) -> out.append(String.format("%-36s %7.0f %10.0f %9.0f %12.2f %8.0f%n", key, s[0], s[1], s[2],
                100 * s[1] / Math.max(1, toMillis - fromMillis), s[3])));
        if (by.isEmpty()) {
            out.append("(none)\n");
        }
        return out.toString();
    }
}
