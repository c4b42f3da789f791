package com.cspmarket.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How ./run-local starts a Spring Boot application faster from its second start: from its executable jar extracted by
 * Spring Boot's jar tools ({@code java -Djarmode=tools -jar app.jar extract}, in {@code target/cds} of its module,
 * redone when the jar is newer), with a class-data-sharing archive of the classes it loaded. The first start writes
 * the archive when the JVM exits normally ({@code -XX:ArchiveClassesAtExit}, e.g. at Ctrl-C); later starts map it
 * ({@code -XX:SharedArchiveFile}). bench/startup measured four services started together healthy in 23-33 s with an
 * archive, 42-49 s without (BENCHMARKS.md). A stale or unusable archive is ignored by the JVM, which then loads the
 * classes as usual. On Java 25 or later ({@link JavaRuntime}, e.g. {@code CSP_JAVA_HOME}) the archive is the JVM's AOT
 * cache instead ({@code -XX:AOTCacheOutput} / {@code -XX:AOTCache}: classes loaded and linked, and method profiles):
 * a service's start then takes 8.6-9.8 s of CPU instead of 11.4-14.4 s on Java 17 with its archive, and ~3-4 s with the
 * application context Spring processed ahead of time and the cache recorded without C2 ({@link JavaRuntime#recordOptions};
 * BENCHMARKS.md).
 */
public final class ClassDataSharing {

    /** The jar to run and the JVM options that go with it. */
    record Launch(Path jar, List<String> jvmOptions) {
    }

    private ClassDataSharing() {
    }

    /**
     * @param executableJar the module's target/*-exec.jar
     * @param jvmOptions    the options the JVM gets anyway
     * @param writer        whether this JVM writes the archive at exit if there is none (one JVM per application:
     *                      further instances of a service only read it)
     */
    static Launch prepare(Path executableJar, List<String> jvmOptions, boolean writer) {
        return prepare(executableJar, jvmOptions, writer, JavaRuntime.forApplications());
    }

    /** @param runtime the Java the application runs on, which decides the kind of archive */
    static Launch prepare(Path executableJar, List<String> jvmOptions, boolean writer, JavaRuntime runtime) {
        Path dir = executableJar.resolveSibling("cds");
        Path jar = dir.resolve(executableJar.getFileName());
        // written after each extraction: the extracted files keep the times of the jar's entries, not of the build
        Path stamp = dir.resolve("extracted.stamp");
        try {
            if (!Files.exists(stamp) || !Files.exists(jar)
                    || Files.getLastModifiedTime(stamp).compareTo(Files.getLastModifiedTime(executableJar)) < 0) {
                extract(executableJar, dir);
                Files.writeString(stamp, executableJar + "\n");
            }
            Path archive = dir.resolve(runtime.archiveName());
            List<String> options = new ArrayList<>(jvmOptions);
            if (Files.exists(archive) && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(stamp)) >= 0) {
                options.addAll(runtime.useOptions(archive));
            } else if (writer) {
                Files.deleteIfExists(archive);
                options.addAll(runtime.recordOptions(archive));
            }
            return new Launch(jar, options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + executableJar + " for class-data sharing", e);
        }
    }

    /**
     * Extracts a Spring Boot executable jar into {@code dir} (emptied first) with Spring Boot's jar tools: a jar whose
     * libraries lie next to it in {@code lib/}, so that their classes can go into an archive. @return that jar
     */
    public static Path extract(Path executableJar, Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(dir.getParent());
        Path log = executableJar.resolveSibling("cds-extract.log");
        Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Djarmode=tools", "-jar", executableJar.toString(), "extract", "--destination", dir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("extracting " + executableJar + " failed; see " + log);
            }
            return dir.resolve(executableJar.getFileName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while extracting " + executableJar, e);
        }
    }
}
