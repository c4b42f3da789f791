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
    private final Map<Long, ThreadCpu.Waits> waits = new TreeMap<>();
    /** Per service JVM, its threads' accounts (only the services': the table of thread groups is about them). */
    private final Map<Long, Map<Long, ThreadCpu.ThreadAccount>> threads = new TreeMap<>();

    private CpuBreakdown() {
    }

    static CpuBreakdown snapshot() {
        CpuBreakdown snapshot = new CpuBreakdown();
        ProcessHandle.allProcesses().forEach(p -> {
            ProcessHandle.Info info = p.info();
            info.totalCpuDuration().ifPresent(cpu -> {
                snapshot.component.put(p.pid(), componentOf(p));
                snapshot.cpuNanos.put(p.pid(), cpu.toNanos());
                long jit = (long) (ThreadCpu.jitSeconds(p.pid()) * 1e9); // C1 and C2 compiler threads
                if (jit > 0) {
                    snapshot.jitNanos.put(p.pid(), jit);
                }
                Map<Long, ThreadCpu.ThreadAccount> accounts = ThreadCpu.accounts(p.pid());
                snapshot.waits.put(p.pid(), ThreadCpu.waits(accounts));
                if (snapshot.component.get(p.pid()).endsWith("-service")) {
                    snapshot.threads.put(p.pid(), accounts);
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

    /**
     * Seconds the threads of each component spent runnable but waiting for a core from {@code before} to this
     * snapshot ({@link ThreadCpu#waits}): [all threads, the VM threads alone].
     */
    Map<String, double[]> waitSince(CpuBreakdown before) {
        Map<String, double[]> seconds = new TreeMap<>();
        waits.forEach((pid, now) -> {
            ThreadCpu.Waits then = before.waits.getOrDefault(pid, new ThreadCpu.Waits(0, 0));
            double[] sum = seconds.computeIfAbsent(component.get(pid), c -> new double[2]);
            sum[0] += Math.max(0, now.allNanos() - then.allNanos()) / 1e9;
            sum[1] += Math.max(0, now.vmThreadNanos() - then.vmThreadNanos()) / 1e9;
        });
        return seconds;
    }

    /**
     * The service JVMs' threads that waited longest for a core from {@code before} to this snapshot, by service and
     * group of threads (a pool's threads together): how many threads ran, their CPU and how long they waited, the
     * {@code top} groups by wait. Threads that ended in between are not counted.
     */
    String threadGroupsSince(CpuBreakdown before, int top) {
        Map<String, double[]> groups = new java.util.HashMap<>();
        threads.forEach((pid, now) -> {
            Map<Long, ThreadCpu.ThreadAccount> then = before.threads.getOrDefault(pid, Map.of());
            now.forEach((tid, account) -> {
                ThreadCpu.ThreadAccount earlier = then.get(tid);
                long ran = account.ranNanos() - (earlier == null ? 0 : earlier.ranNanos());
                long waited = account.waitedNanos() - (earlier == null ? 0 : earlier.waitedNanos());
                if (ran > 0 || waited > 0) {
                    double[] g = groups.computeIfAbsent(component.get(pid) + "  " + account.group(), k -> new double[3]);
                    g[0]++;
                    g[1] += ran / 1e9;
                    g[2] += waited / 1e9;
                }
            });
        });
        StringBuilder out = new StringBuilder(String.format("%-48s %8s %8s %10s %13s%n",
                "service threads that waited most for a core", "threads", "CPU s", "waited s", "waited / CPU"));
        groups.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[2], a.getValue()[2])).limit(top)
                .forEach(e -> out.append(String.format("%-48s %8.0f %8.1f %10.1f %13.1f%n", e.getKey(), e.getValue()[0],
                        e.getValue()[1], e.getValue()[2], e.getValue()[2] / Math.max(1e-9, e.getValue()[1]))));
        return out.toString();
    }

    /** The component a process belongs to, as the table names it. */
    static String componentOf(ProcessHandle process) {
        return process.pid() == ProcessHandle.current().pid() ? "driver + Kafka (this JVM)" : componentOf(process.info());
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

    /**
     * The table the benchmark prints: CPU s, share of the machine's cores, CPU ms per checkout and the JIT compilers'
     * seconds per component, and the seconds its threads waited for a core while runnable, with that wait per second
     * of CPU (all threads, and the VM thread, whose wait in a collection stops the whole JVM).
     */
    static String table(Map<String, Double> seconds, Map<String, Double> jit, Map<String, double[]> waited,
                        Duration window, long checkouts) {
        int cores = Runtime.getRuntime().availableProcessors();
        double capacity = cores * window.toNanos() / 1e9;
        StringBuilder out = new StringBuilder(String.format("%-24s %9s %9s %13s %11s %10s %13s %12s%n",
                "CPU by component", "CPU s", "% of " + cores + " cores", "ms / checkout", "of it JIT s",
                "waited s", "waited / CPU", "VM thread s"));
        double total = 0;
        double totalJit = 0;
        double totalWaited = 0;
        double totalVm = 0;
        for (Map.Entry<String, Double> e : seconds.entrySet()) {
            total += e.getValue();
            double compiling = jit.getOrDefault(e.getKey(), 0.0);
            totalJit += compiling;
            double[] w = waited.getOrDefault(e.getKey(), new double[2]);
            totalWaited += w[0];
            totalVm += w[1];
            out.append(String.format("%-24s %9.1f %9.1f %13.2f %11.1f %10.1f %13.1f %12.2f%n", e.getKey(), e.getValue(),
                    100 * e.getValue() / capacity, 1000 * e.getValue() / Math.max(1, checkouts), compiling,
                    w[0], w[0] / Math.max(1e-9, e.getValue()), w[1]));
        }
        out.append(String.format("%-24s %9.1f %9.1f %13.2f %11.1f %10.1f %13.1f %12.2f%n", "all", total,
                100 * total / capacity, 1000 * total / Math.max(1, checkouts), totalJit, totalWaited,
                totalWaited / Math.max(1e-9, total), totalVm));
        out.append("(waited: time runnable but off a core, /proc/PID/task/TID/schedstat; VM thread: the part of it a"
                + " service's VM thread waited, which in a collection stops the whole JVM)\n");
        return out.toString();
    }
}
