package com.cspmarket.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CPU time (user + system) a process's threads have used, by kind, from the kernel's account in
 * {@code /proc/<pid>/task/<tid>/stat} (clock ticks of 1/100 s): HotSpot's C2 and C1 JIT compiler threads, the VM thread
 * (where the serial collector runs) and GC threads, main, the AOT cache's training replay, and all others together.
 * A thread that ended takes its time with it, so each figure is a lower bound.
 */
final class ThreadCpu {

    static final List<String> KINDS = List.of("C2", "C1", "VM/GC", "main", "replay", "other");

    private ThreadCpu() {
    }

    /** Seconds per kind, every kind present (0 for a process that is gone or not readable). */
    static Map<String, Double> secondsByKind(long pid) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        KINDS.forEach(kind -> cpu.put(kind, 0.0));
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return cpu;
        }
        try (var threads = Files.list(tasks)) {
            threads.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    // the fields from the state on: utime and stime are the 12th and 13th
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
                    cpu.merge(kindOf(name), seconds, Double::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException | RuntimeException gone) {
            // the process ended
        }
        return cpu;
    }

    /**
     * Nanoseconds the process's threads spent runnable but waiting for a core, summed from their scheduler accounts
     * ({@link #accounts}): all threads, and the VM thread alone (the serial collector's stop-the-world pauses run
     * there, with the rest of the JVM stopped). Zeros when the process is gone or the kernel keeps no such account.
     */
    static Waits waits(Map<Long, ThreadAccount> accounts) {
        long all = 0;
        long vmThread = 0;
        for (ThreadAccount account : accounts.values()) {
            all += account.waitedNanos();
            if (account.group().equals("VM Thread")) {
                vmThread += account.waitedNanos();
            }
        }
        return new Waits(all, vmThread);
    }

    /** See {@link #waits}. */
    record Waits(long allNanos, long vmThreadNanos) {
    }

    /** One thread's account so far: its group ({@link #groupOf}), nanoseconds on a core and waiting for one. */
    record ThreadAccount(String group, long ranNanos, long waitedNanos) {
    }

    /**
     * Every thread of the process by its id, with the kernel's scheduler account ({@code /proc/<pid>/task/<tid>/schedstat}:
     * time on a core, time runnable but waiting on a run queue), empty when the process is gone.
     */
    static Map<Long, ThreadAccount> accounts(long pid) {
        Map<Long, ThreadAccount> accounts = new java.util.HashMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return accounts;
        }
        try (var threads = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) threads::iterator) {
                try {
                    String[] stat = Files.readString(task.resolve("schedstat")).trim().split(" ");
                    accounts.put(Long.parseLong(task.getFileName().toString()), new ThreadAccount(
                            groupOf(Files.readString(task.resolve("comm")).trim()), Long.parseLong(stat[0]),
                            Long.parseLong(stat[1])));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended
        }
        return accounts;
    }

    /**
     * A thread's name with its numbers replaced by {@code #}, so that a pool's threads count together
     * ({@code http-nio-auto-1-exec-3} -> {@code http-nio-auto-#}, the kernel keeping 15 characters of a name).
     */
    static String groupOf(String threadName) {
        return threadName.replaceAll("[0-9]+", "#");
    }

    /** Seconds of the JIT compiler threads (C1 and C2). */
    static double jitSeconds(long pid) {
        Map<String, Double> cpu = secondsByKind(pid);
        return cpu.get("C2") + cpu.get("C1");
    }

    private static String kindOf(String threadName) {
        return threadName.startsWith("C2 Compiler") ? "C2" : threadName.startsWith("C1 Compiler") ? "C1"
                : threadName.startsWith("VM Thread") || threadName.startsWith("GC") ? "VM/GC"
                : threadName.equals("java") || threadName.equals("main") ? "main"
                : threadName.startsWith("Training") ? "replay" : "other";
    }
}
