package com.cspmarket.system;

import com.cspmarket.local.DevTokens;
import com.cspmarket.local.LocalKafka;
import com.cspmarket.local.LocalPostgres;
import com.cspmarket.local.LocalStack;
import com.cspmarket.local.ServiceProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Start-up of the four services started together on this machine, as ./run-local starts them (their jars,
 * -Xmx768m, serial GC): seconds from the start of the JVMs to each one's /actuator/health answering UP, the CPU
 * time each JVM had used by then (a figure the machine's other load hardly moves), and each
 * one's resident memory (VmRSS) then and after a minute of idling. Round 1 starts on empty databases (every
 * migration runs); later rounds restart on the same databases. Run with bench/startup (see BENCHMARKS.md).
 * Options: -Drounds=N (3), -Didle=SECONDS (60), -Djvm=OPTIONS (added to every service JVM, e.g. -Djvm=-XX:TieredStopAtLevel=1),
 * -Dcds=true: each service from its jar extracted by Spring Boot's jar tools with a class-data-sharing archive made by a
 * training run (one service at a time, started until healthy and stopped, as ./run-local's first run; -Dtraining=refresh: up
 * to the refreshed context only, {@code -Dspring.context.exit=onRefresh}), as
 * Spring Boot's CDS support describes; the archives are made before round 1 and not counted. The services run on
 * the Java of {@link com.cspmarket.local.JavaRuntime} (-Dcsp.java.home=JDK, else this one); on Java 25 or later the
 * archive is the JVM's AOT cache (JEP 483/514/515: classes loaded and linked, and method profiles; recorded by the
 * training run with {@code -XX:AOTCacheOutput}, mapped with {@code -XX:AOTCache}).
 * -Dspring-aot=false: the services run with {@code -Dspring.aot.enabled=false}, i.e. without the bean definitions
 * Spring's AOT processing generated at build time (which a packaged service uses by default, {@code ServiceApplication}).
 * -Dthreads=true: also the CPU seconds of each JVM's threads when it answered healthy, by kind (C2, C1, the VM thread,
 * main, the AOT cache's training replay, the rest). -Dtraining.jvm=OPTIONS: options for the training runs only.
 */
public final class StartupBenchmark {

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath();
        int rounds = Integer.getInteger("rounds", 3);
        List<String> jvm = new ArrayList<>(LocalStack.serviceJvmOptions());
        boolean springAot = !"false".equals(System.getProperty("spring-aot"));
        if (!springAot) {
            jvm.add("-Dspring.aot.enabled=false");
        }
        Path logs = Files.createTempDirectory("startup-bench-");
        List<LocalStack.Service> services = List.of(LocalStack.Service.values());
        Map<LocalStack.Service, List<String>> results = new LinkedHashMap<>();
        services.forEach(s -> results.put(s, new ArrayList<>()));
        boolean cds = Boolean.getBoolean("cds");
        com.cspmarket.local.JavaRuntime runtime = com.cspmarket.local.JavaRuntime.forApplications();
        boolean aot = cds && runtime.aotCache();
        boolean threads = Boolean.getBoolean("threads");
        Map<String, Map<String, Double>> threadCpu = new java.util.concurrent.ConcurrentSkipListMap<>();
        try (LocalPostgres postgres = LocalPostgres.start(0, null);
             LocalKafka kafka = LocalKafka.start(0, LocalStack.PARTITIONS, LocalStack.TOPICS)) {
            Map<LocalStack.Service, Path> extracted = new LinkedHashMap<>();
            if (cds) {
                for (LocalStack.Service service : services) {
                    long t0 = System.nanoTime();
                    extracted.put(service, archived(root, service, jvm,
                            properties(postgres, kafka, postgres.recreateDatabase(service.database())), logs, runtime));
                    System.out.printf("%s: extracted and archived in %.1f s%n", service.module(), (System.nanoTime() - t0) / 1e9);
                }
            }
            for (int r = 1; r <= rounds; r++) {
                int round = r;
                List<ServiceProcess> processes = new ArrayList<>();
                for (LocalStack.Service service : services) {
                    String url = round == 1 ? postgres.recreateDatabase(service.database())
                            : postgres.createDatabase(service.database());
                    Map<String, String> props = properties(postgres, kafka, url);
                    Path log = logs.resolve(service.module() + "-" + round + ".log");
                    if (cds) {
                        Path jar = extracted.get(service);
                        List<String> options = new ArrayList<>(jvm);
                        options.addAll(runtime.useOptions(jar.resolveSibling(runtime.archiveName())));
                        processes.add(ServiceProcess.ofJar(service.module(), jar, options, props, log));
                    } else {
                        processes.add(ServiceProcess.of(root, service.module(), jvm, props, log));
                    }
                }
                long start = System.nanoTime();
                processes.forEach(ServiceProcess::start);
                List<CompletableFuture<double[]>> ready = processes.stream()
                        .map(p -> CompletableFuture.supplyAsync(() -> {
                            p.awaitHealthy(Duration.ofMinutes(4));
                            if (threads) {
                                threadCpu.put(p.name() + " round " + round, cpuByThread(p));
                            }
                            // wall seconds since the start, and the CPU seconds the JVM has used by then
                            return new double[] {(System.nanoTime() - start) / 1e9, p.handle()
                                    .flatMap(h -> h.info().totalCpuDuration()).map(d -> d.toMillis() / 1e3).orElse(-1.0)};
                        }))
                        .toList();
                CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();
                List<Long> rssReady = processes.stream().map(StartupBenchmark::rssMb).toList();
                long idleUntil = System.nanoTime() + Duration.ofSeconds(Integer.getInteger("idle", 60)).toNanos();
                for (long wait = idleUntil - System.nanoTime(); wait > 0; wait = idleUntil - System.nanoTime()) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                List<Long> rssIdle = processes.stream().map(StartupBenchmark::rssMb).toList();
                for (int i = 0; i < services.size(); i++) {
                    double[] healthy = ready.get(i).join();
                    results.get(services.get(i)).add("%5.1f s %5.1f cpu-s %4d/%4d MB".formatted(healthy[0], healthy[1],
                            rssReady.get(i), rssIdle.get(i)));
                }
                processes.forEach(p -> p.stop(false));
                processes.forEach(ServiceProcess::close);
                System.out.printf("round %d done%n", round);
            }
        }
        System.out.printf("%nfour services started together (%s%s); per round: seconds to healthy, CPU seconds the JVM used until then, RSS when healthy / after %d s idle%n",
                String.join(" ", jvm) + ", Java " + runtime.feature() + (springAot ? ", Spring's AOT-processed contexts" : ""),
                aot ? ", extracted jars with AOT caches" : cds ? ", extracted jars with class-data-sharing archives" : "",
                Integer.getInteger("idle", 60));
        System.out.printf("%-22s %s%n", "service", "round 1 (empty databases), then restarts");
        results.forEach((service, cells) -> System.out.printf("%-22s %s%n", service.module(), String.join("   ", cells)));
        if (threads) {
            System.out.printf("%nCPU seconds by thread when healthy (from /proc/<pid>/task/*/stat)%n");
            threadCpu.forEach((name, cpu) -> System.out.printf("%-32s %s%n", name, cpu.entrySet().stream()
                    .map(e -> "%s %.2f".formatted(e.getKey(), e.getValue())).collect(java.util.stream.Collectors.joining(", "))));
        }
        System.out.printf("(logs in %s)%n", logs);
    }

    /** The CPU seconds the process's threads have used, by kind ({@link ThreadCpu}). */
    private static Map<String, Double> cpuByThread(ServiceProcess process) {
        return process.handle().map(h -> ThreadCpu.secondsByKind(h.pid()))
                .orElseGet(() -> ThreadCpu.secondsByKind(-1));
    }

    private static Map<String, String> properties(LocalPostgres postgres, LocalKafka kafka, String url) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("spring.datasource.url", url);
        props.put("spring.datasource.username", postgres.username());
        props.put("spring.datasource.password", postgres.password());
        props.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        props.put("platform.kafka.partitions", String.valueOf(LocalStack.PARTITIONS));
        props.put("platform.security.jwt.public-key", DevTokens.forTests().publicKey());
        return props;
    }

    /**
     * The service's jar extracted ({@code java -Djarmode=tools -jar app.jar extract}) next to the archive (or AOT cache)
     * written by a training run: started until healthy and stopped, as ./run-local's first run; with
     * {@code -Dtraining=refresh} one that stops once the context is refreshed ({@code -Dspring.context.exit=onRefresh}).
     * @return the extracted jar
     */
    private static Path archived(Path root, LocalStack.Service service, List<String> jvm, Map<String, String> props,
                                 Path logs, com.cspmarket.local.JavaRuntime runtime) throws IOException, InterruptedException {
        String java = runtime.java().toString();
        Path dir = logs.resolve("cds").resolve(service.module());
        Path log = logs.resolve(service.module() + "-training.log");
        Path jar = com.cspmarket.local.ClassDataSharing.extract(ServiceProcess.executableJar(root, service.module()), dir);
        Path archive = dir.resolve(runtime.archiveName());
        if ("refresh".equals(System.getProperty("training"))) {
            List<String> training = new ArrayList<>(List.of(java));
            training.addAll(jvm);
            training.addAll(runtime.recordOptions(archive));
            training.addAll(List.of("-Dspring.context.exit=onRefresh", "-jar", jar.toString(), "--server.port=0"));
            props.forEach((k, v) -> training.add("--" + k + "=" + v));
            run(training, log);
        } else {
            // as ./run-local's first run: started until healthy, then stopped; the JVM writes the archive as it exits
            List<String> options = new ArrayList<>(jvm);
            String trainingJvm = System.getProperty("training.jvm", "").trim();
            if (!trainingJvm.isEmpty()) {
                options.addAll(List.of(trainingJvm.split("\\s+")));
            }
            options.addAll(runtime.recordOptions(archive));
            ServiceProcess training = ServiceProcess.ofJar(service.module() + "-training", jar, options, props, log);
            try {
                training.start();
                training.awaitHealthy(Duration.ofMinutes(4));
            } finally {
                training.stop(false);
            }
            if (!Files.exists(archive)) {
                throw new IllegalStateException("the training run wrote no " + archive + "; see " + log);
            }
        }
        return jar;
    }

    private static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("failed: " + String.join(" ", command) + "; see " + log);
        }
    }

    /** The process's resident memory in MB (VmRSS from /proc), -1 when unknown. */
    private static long rssMb(ServiceProcess process) {
        return process.handle().map(h -> {
            try {
                return Files.readAllLines(Path.of("/proc", String.valueOf(h.pid()), "status")).stream()
                        .filter(l -> l.startsWith("VmRSS:"))
                        .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024)
                        .findFirst().orElse(-1L);
            } catch (IOException e) {
                return -1L;
            }
        }).orElse(-1L);
    }
}
