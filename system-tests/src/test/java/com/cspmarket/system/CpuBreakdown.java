package com.cspmarket.system;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time per component of the machine between two snapshots, from the operating system's account of every process
 * ({@link ProcessHandle.Info#totalCpuDuration()}, user + system): each service JVM by its jar, the gateway, identity
 * provider and portal, PostgreSQL (the postmaster and every backend), the Kafka broker when it is a process of its own,
 * this JVM (the load driver, its Kafka recorders and, as the benchmarks start it, the Kafka broker, which runs in this
 * JVM: most of this JVM's CPU is the broker's) and everything else on the machine. Divided by the checkouts of the window it says where the
 * CPU of a checkout goes. Processes that start and end inside the window are not counted (PostgreSQL's backends
 * live as long as the pools).
 */
final class CpuBreakdown {

    private static final List<String> JARS = List.of("catalog-service", "order-service", "subscription-service",
            "billing-service", "api-gateway", "identity", "partner-portal");

    private final Map<Long, String> component = new TreeMap<>();
    private final Map<Long, Long> cpuNanos = new TreeMap<>();
    private final Map<Long, Long> jitNanos = new TreeMap<>();

    private CpuBreakdown() {
    }

    static CpuBreakdown snapshot() {
        CpuBreakdown snapshot = new CpuBreakdown();
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses().forEach(p -> {
            ProcessHandle.Info info = p.info();
            info.totalCpuDuration().ifPresent(cpu -> {
                snapshot.component.put(p.pid(), p.pid() == self ? "driver + Kafka (this JVM)" : componentOf(info));
                snapshot.cpuNanos.put(p.pid(), cpu.toNanos());
                long jit = (long) (ThreadCpu.jitSeconds(p.pid()) * 1e9); // C1 and C2 compiler threads
                if (jit > 0) {
                    snapshot.jitNanos.put(p.pid(), jit);
                }
            });
        });
        return snapshot;
    }

    /** CPU seconds the JVMs' JIT compilers used from {@code before} to this snapshot, all processes together. */
    double jitSecondsSince(CpuBreakdown before) {
        return jitSince(before).values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The same per component, for the table's JIT column. */
    Map<String, Double> jitSince(CpuBreakdown before) {
        Map<String, Double> seconds = new TreeMap<>();
        jitNanos.forEach((pid, now) -> seconds.merge(component.get(pid),
                Math.max(0, now - before.jitNanos.getOrDefault(pid, 0L)) / 1e9, Double::sum));
        return seconds;
    }

    private static String componentOf(ProcessHandle.Info info) {
        String command = info.command().orElse("");
        String line = info.commandLine().orElse(command);
        if (command.endsWith("/postgres") || command.endsWith("/pg_ctl")) {
            return "PostgreSQL";
        }
        if (line.contains(" kafka.Kafka ")) {
            return "Kafka broker";
        }
        for (String jar : JARS) {
            if (line.contains("/" + jar + "/target/")) {
                return jar;
            }
        }
        return "other processes";
    }

    /** CPU seconds per component from {@code before} to this snapshot, largest first. */
    Map<String, Double> since(CpuBreakdown before) {
        Map<String, Double> seconds = new TreeMap<>();
        cpuNanos.forEach((pid, now) -> {
            long then = before.cpuNanos.getOrDefault(pid, 0L);
            if (now - then > 0) {
                seconds.merge(component.get(pid), (now - then) / 1e9, Double::sum);
            }
        });
        Map<String, Double> sorted = new LinkedHashMap<>();
        seconds.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** The table the benchmark prints: CPU s, share of the machine's cores and CPU ms per checkout per component. */
    static String table(Map<String, Double> seconds, Map<String, Double> jit, Duration window, long checkouts) {
        int cores = Runtime.getRuntime().availableProcessors();
        double capacity = cores * window.toNanos() / 1e9;
        StringBuilder out = new StringBuilder(String.format("%-24s %9s %9s %13s %11s%n", "CPU by component", "CPU s",
                "% of " + cores + " cores", "ms / checkout", "of it JIT s"));
        double total = 0;
        double totalJit = 0;
        for (Map.Entry<String, Double> e : seconds.entrySet()) {
            total += e.getValue();
            double compiling = jit.getOrDefault(e.getKey(), 0.0);
            totalJit += compiling;
            out.append(String.format("%-24s %9.1f %9.1f %13.2f %11.1f%n", e.getKey(), e.getValue(),
                    100 * e.getValue() / capacity, 1000 * e.getValue() / Math.max(1, checkouts), compiling));
        }
        out.append(String.format("%-24s %9.1f %9.1f %13.2f %11.1f%n", "all", total, 100 * total / capacity,
                1000 * total / Math.max(1, checkouts), totalJit));
        return out.toString();
    }
}
