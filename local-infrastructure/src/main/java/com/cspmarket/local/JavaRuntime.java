package com.cspmarket.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Java the local stack, the system tests and the benchmarks start the applications' JVMs with: the JDK or JRE
 * named by system property {@code csp.java.home} or else environment variable {@code CSP_JAVA_HOME}, otherwise the
 * Java running this code. The services are built for Java 17 and run on any later Java; on Java 25 or later
 * ./run-local's class-data sharing uses the JVM's AOT cache ({@link ClassDataSharing}).
 *
 * @param java    the {@code java} executable
 * @param feature the Java feature release (17, 21, 25, ...)
 */
public record JavaRuntime(Path java, int feature) {

    public static final String PROPERTY = "csp.java.home";
    public static final String VARIABLE = "CSP_JAVA_HOME";

    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    /** The configured runtime, or the current one. */
    public static JavaRuntime forApplications() {
        String home = System.getProperty(PROPERTY, System.getenv(VARIABLE));
        return home == null || home.isBlank() ? current() : of(Path.of(home));
    }

    public static JavaRuntime current() {
        return new JavaRuntime(Path.of(ProcessHandle.current().info().command().orElse("java")),
                Runtime.version().feature());
    }

    /** The Java installed at {@code home}: its bin/java, its version from its {@code release} file. */
    public static JavaRuntime of(Path home) {
        Path java = home.resolve("bin").resolve("java");
        Path release = home.resolve("release");
        if (!Files.isExecutable(java) || !Files.isRegularFile(release)) {
            throw new IllegalArgumentException(PROPERTY + "/" + VARIABLE + " is not a Java installation (no bin/java "
                    + "and release file): " + home);
        }
        try {
            Matcher version = VERSION.matcher(Files.readString(release));
            if (!version.find()) {
                throw new IllegalArgumentException("no JAVA_VERSION in " + release);
            }
            int feature = Integer.parseInt(version.group(1));
            return new JavaRuntime(java, feature == 1 ? 8 : feature);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether its JVM records an AOT cache in one run ({@code -XX:AOTCacheOutput}, Java 25, JEP 514). */
    public boolean aotCache() {
        return feature >= 25;
    }

    /**
     * The options that make this JVM write the archive of the classes a run loaded into {@code archive} at exit. An
     * AOT cache is recorded by a run without the C2 compiler ({@code -XX:TieredStopAtLevel=1}): the cache also keeps
     * the training run's compilation decisions, which later runs replay as soon as the classes load, and a start is
     * otherwise what the training saw being hot, so the starts recorded with C2 spent 1.6-2.6 s of their 5 s of CPU
     * compiling start-up code (Spring's bean factory, reflection, annotation scanning) that then never runs again;
     * recorded without it, a start takes ~3 CPU-s and C2 compiles only what the running service makes hot
     * (BENCHMARKS.md, "An AOT cache recorded without C2"). The class-data-sharing archive of Java 17 holds classes only.
     */
    public List<String> recordOptions(Path archive) {
        return aotCache() ? List.of("-XX:AOTCacheOutput=" + archive, "-XX:TieredStopAtLevel=1")
                : List.of("-XX:ArchiveClassesAtExit=" + archive);
    }

    /** The options that make this JVM map an archive written with {@link #recordOptions}. */
    public List<String> useOptions(Path archive) {
        return List.of((aotCache() ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive);
    }

    /** The archive's file name: an AOT cache and a class-data-sharing archive are not interchangeable. */
    public String archiveName() {
        return aotCache() ? "application.aot" : "application.jsa";
    }
}
