package com.cspmarket.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service running as its own JVM (its executable jar), with its output in a log file. */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final List<String> jvmOptions;
    private final Map<String, String> properties;
    private final Path log;
    private Process process;

    ServiceProcess(String name, Path jar, int port, List<String> jvmOptions, Map<String, String> properties, Path log) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.properties = Map.copyOf(properties);
        this.log = log;
    }

    /**
     * One service on a free port from its executable jar (build first), e.g. for a benchmark of that service alone.
     */
    public static ServiceProcess of(Path projectRoot, String module, List<String> jvmOptions,
                                    Map<String, String> properties, Path log) {
        return new ServiceProcess(module, LocalStack.findJar(projectRoot, module), LocalStack.freePort(), jvmOptions,
                properties, log);
    }

    /** A service from a given jar (e.g. one extracted for a class-data-sharing archive) on a free port. */
    public static ServiceProcess ofJar(String name, Path jar, List<String> jvmOptions, Map<String, String> properties,
                                       Path log) {
        return new ServiceProcess(name, jar, LocalStack.freePort(), jvmOptions, properties, log);
    }

    /** The executable jar a module's build left in its target directory. */
    public static Path executableJar(Path projectRoot, String module) {
        return LocalStack.findJar(projectRoot, module);
    }

    /** The process while it runs: its CPU time, for instance. */
    public synchronized java.util.Optional<ProcessHandle> handle() {
        return process == null ? java.util.Optional.empty() : java.util.Optional.of(process.toHandle());
    }

    public String name() {
        return name;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public Path log() {
        return log;
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(JavaRuntime.forApplications().java().toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        properties.forEach((k, v) -> command.add("--" + k + "=" + v));
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Blocks until /actuator/health answers UP, the process dies, or the timeout passes. */
    public void awaitHealthy(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            try {
                process.waitFor(250, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " was not healthy within " + timeout + "; see " + log);
    }

    /**
     * Stops the JVM: gracefully (SIGTERM) or, with {@code kill}, at once (SIGKILL). A JVM that writes its class archive
     * or AOT cache at exit ({@link ClassDataSharing}) is given three minutes for it instead of 30 s.
     */
    public synchronized void stop(boolean kill) {
        if (process == null) {
            return;
        }
        boolean recording = jvmOptions.stream().anyMatch(o -> o.startsWith("-XX:AOTCacheOutput=")
                || o.startsWith("-XX:ArchiveClassesAtExit="));
        ChildProcesses.stop(process, kill, recording ? Duration.ofMinutes(3) : Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        stop(false);
    }
}
