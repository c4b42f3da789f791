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
 * -Xmx768m, serial GC): seconds from the start of the JVMs to each one's /actuator/health answering UP, and each
 * one's resident memory (VmRSS) then and after a minute of idling. Round 1 starts on empty databases (every
 * migration runs); later rounds restart on the same databases. Run with bench/startup (see BENCHMARKS.md).
 * Options: -Drounds=N (3), -Didle=SECONDS (60), -Djvm=OPTIONS (added to every service JVM, e.g. -Djvm=-XX:TieredStopAtLevel=1).
 */
public final class StartupBenchmark {

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath();
        int rounds = Integer.getInteger("rounds", 3);
        List<String> jvm = CheckoutLoadBenchmark.jvmOptions();
        Path logs = Files.createTempDirectory("startup-bench-");
        List<LocalStack.Service> services = List.of(LocalStack.Service.values());
        Map<LocalStack.Service, List<String>> results = new LinkedHashMap<>();
        services.forEach(s -> results.put(s, new ArrayList<>()));
        try (LocalPostgres postgres = LocalPostgres.start(0, null);
             LocalKafka kafka = LocalKafka.start(0, LocalStack.PARTITIONS, LocalStack.TOPICS)) {
            for (int round = 1; round <= rounds; round++) {
                List<ServiceProcess> processes = new ArrayList<>();
                for (LocalStack.Service service : services) {
                    String url = round == 1 ? postgres.recreateDatabase(service.database())
                            : postgres.createDatabase(service.database());
                    Map<String, String> props = new LinkedHashMap<>();
                    props.put("spring.datasource.url", url);
                    props.put("spring.datasource.username", postgres.username());
                    props.put("spring.datasource.password", postgres.password());
                    props.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
                    props.put("platform.kafka.partitions", String.valueOf(LocalStack.PARTITIONS));
                    props.put("platform.security.jwt.public-key", DevTokens.forTests().publicKey());
                    processes.add(ServiceProcess.of(root, service.module(), jvm, props,
                            logs.resolve(service.module() + "-" + round + ".log")));
                }
                long start = System.nanoTime();
                processes.forEach(ServiceProcess::start);
                List<CompletableFuture<Double>> ready = processes.stream()
                        .map(p -> CompletableFuture.supplyAsync(() -> {
                            p.awaitHealthy(Duration.ofMinutes(4));
                            return (System.nanoTime() - start) / 1e9;
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
                    results.get(services.get(i)).add("%5.1f s %4d/%4d MB".formatted(ready.get(i).join(),
                            rssReady.get(i), rssIdle.get(i)));
                }
                processes.forEach(p -> p.stop(false));
                processes.forEach(ServiceProcess::close);
                System.out.printf("round %d done%n", round);
            }
        }
        System.out.printf("%nfour services started together (%s); per round: seconds to healthy, RSS when healthy / after %d s idle%n",
                String.join(" ", jvm), Integer.getInteger("idle", 60));
        System.out.printf("%-22s %s%n", "service", "round 1 (empty databases), then restarts");
        results.forEach((service, cells) -> System.out.printf("%-22s %s%n", service.module(), String.join("   ", cells)));
        System.out.printf("(logs in %s)%n", logs);
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
