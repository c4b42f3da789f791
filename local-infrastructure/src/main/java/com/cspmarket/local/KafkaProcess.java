package com.cspmarket.local;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka broker (KRaft, combined broker and controller) as its own JVM with its log on disk, so that it can be
 * stopped and started again with its topics, offsets and committed consumer positions intact, as a broker restart
 * in production would. Same Kafka as the in-JVM broker (the classes on this JVM's class path).
 */
final class KafkaProcess implements AutoCloseable {

    private final int port;
    private final Path directory;
    private final Path config;
    private Process process;

    private KafkaProcess(int port, Path directory, Path config) {
        this.port = port;
        this.directory = directory;
        this.config = config;
    }

    static KafkaProcess start(int port, int partitions, Collection<String> topics, Path directory) {
        int controllerPort = LocalStack.freePort();
        try {
            Files.createDirectories(directory.resolve("log"));
            Path config = directory.resolve("server.properties");
            Files.writeString(config, String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.voters=1@localhost:" + controllerPort,
                    "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://localhost:" + port,
                    "controller.listener.names=CONTROLLER",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "inter.broker.listener.name=PLAINTEXT",
                    "log.dirs=" + directory.resolve("log"),
                    "num.partitions=" + partitions,
                    "auto.create.topics.enable=false",
                    "offsets.topic.replication.factor=1",
                    "offsets.topic.num.partitions=10",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    ""));
            KafkaProcess kafka = new KafkaProcess(port, directory, config);
            kafka.run("kafka.tools.StorageTool", List.of("format", "-t", Uuid.randomUuid().toString(), "-c",
                    config.toString()), true);
            kafka.start();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                admin.createTopics(topics.stream().map(t -> new NewTopic(t, partitions, (short) 1)).toList())
                        .all().get(60, TimeUnit.SECONDS);
            }
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not start: see " + directory.resolve("kafka.log"), e);
        }
    }

    String bootstrapServers() {
        return "localhost:" + port;
    }

    /** Starts the broker (again) on its port with its log, and waits until it answers. */
    synchronized void start() {
        run("kafka.Kafka", List.of(config.toString()), false);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            while (true) {
                try {
                    Set<String> names = admin.listTopics().names().get(5, TimeUnit.SECONDS);
                    if (names != null) {
                        return;
                    }
                } catch (Exception notYet) {
                    if (Instant.now().isAfter(deadline) || !process.isAlive()) {
                        throw new IllegalStateException("Kafka did not come up: see " + directory.resolve("kafka.log"), notYet);
                    }
                }
            }
        }
    }

    /** Stops the broker: gracefully (SIGTERM, controlled shutdown) or, with {@code kill}, at once. */
    synchronized void stop(boolean kill) {
        if (process == null) {
            return;
        }
        ChildProcesses.stop(process, kill, Duration.ofSeconds(60));
    }

    private void run(String mainClass, List<String> arguments, boolean waitForExit) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(arguments);
        try {
            Process started = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("kafka.log").toFile())).start();
            if (waitForExit) {
                if (!started.waitFor(2, TimeUnit.MINUTES) || started.exitValue() != 0) {
                    throw new IllegalStateException(mainClass + " failed: see " + directory.resolve("kafka.log"));
                }
            } else {
                process = started;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop(true);
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
