package com.cspmarket.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ./run-local's class-data sharing ({@link ClassDataSharing}): which jar runs and whether the JVM writes or maps the
 * archive. In system-tests because the extraction needs a real Spring Boot jar, which the build has packaged by then.
 */
class ClassDataSharingTest {

    private static final List<String> JVM = List.of("-Xmx768m");
    private static final JavaRuntime JAVA_17 = new JavaRuntime(Path.of("java"), 17);
    private static final JavaRuntime JAVA_25 = new JavaRuntime(Path.of("java"), 25);

    @TempDir
    Path target;

    @Test
    void aJarIsExtractedOnceAndItsFirstRunWritesTheArchiveLaterRunsMapIt() throws IOException {
        Path root = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
        Path jar = Files.copy(ServiceProcess.executableJar(root, "identity"), target.resolve("identity-exec.jar"));
        Path extracted = target.resolve("cds").resolve("identity-exec.jar");
        Path archive = target.resolve("cds").resolve("application.jsa");

        ClassDataSharing.Launch first = ClassDataSharing.prepare(jar, JVM, true, JAVA_17);
        assertThat(first.jar()).isEqualTo(extracted).exists();
        assertThat(target.resolve("cds").resolve("lib")).isDirectory(); // the libraries next to it, not nested
        assertThat(first.jvmOptions()).containsExactly("-Xmx768m", "-XX:ArchiveClassesAtExit=" + archive);
        assertThat(ClassDataSharing.prepare(jar, JVM, false, JAVA_17).jvmOptions())
                .as("a further instance reads an archive, never writes one").containsExactly("-Xmx768m");

        Files.writeString(archive, "written at the first run's exit");
        Path stamp = target.resolve("cds").resolve("extracted.stamp");
        FileTime extractedAt = Files.getLastModifiedTime(stamp);
        assertThat(ClassDataSharing.prepare(jar, JVM, true, JAVA_17).jvmOptions())
                .containsExactly("-Xmx768m", "-XX:SharedArchiveFile=" + archive);
        assertThat(Files.getLastModifiedTime(stamp)).as("not extracted again").isEqualTo(extractedAt);

        // a rebuilt jar: extracted again, the archive of the old one is dropped and written anew
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        ClassDataSharing.Launch rebuilt = ClassDataSharing.prepare(jar, JVM, true, JAVA_17);
        assertThat(Files.getLastModifiedTime(stamp)).isNotEqualTo(extractedAt);
        assertThat(extracted).exists();
        assertThat(archive).doesNotExist();
        assertThat(rebuilt.jvmOptions()).containsExactly("-Xmx768m", "-XX:ArchiveClassesAtExit=" + archive);
    }

    @Test
    void onJava25TheArchiveIsTheJvmsAotCache() throws IOException {
        Path root = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
        Path jar = Files.copy(ServiceProcess.executableJar(root, "identity"), target.resolve("identity-exec.jar"));
        Path cache = target.resolve("cds").resolve("application.aot");

        assertThat(ClassDataSharing.prepare(jar, JVM, true, JAVA_25).jvmOptions())
                .as("recorded without C2, so that the cache holds no C2 compilations of start-up code to replay")
                .containsExactly("-Xmx768m", "-XX:AOTCacheOutput=" + cache, "-XX:TieredStopAtLevel=1");
        Files.writeString(cache, "written at the first run's exit");
        assertThat(ClassDataSharing.prepare(jar, JVM, true, JAVA_25).jvmOptions())
                .containsExactly("-Xmx768m", "-XX:AOTCache=" + cache);
        assertThat(ClassDataSharing.prepare(jar, JVM, true, JAVA_17).jvmOptions())
                .as("an AOT cache is no class-data-sharing archive: Java 17 records its own")
                .containsExactly("-Xmx768m", "-XX:ArchiveClassesAtExit=" + target.resolve("cds").resolve("application.jsa"));
    }

    @Test
    void aJavaInstallationIsKnownByItsReleaseFile() throws IOException {
        Path home = target.resolve("jdk");
        Files.createDirectories(home.resolve("bin"));
        Path java = Files.writeString(home.resolve("bin").resolve("java"), "#!/bin/sh\n");
        java.toFile().setExecutable(true);
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"25.0.3\"\n");
        assertThat(JavaRuntime.of(home)).isEqualTo(new JavaRuntime(java, 25));
        assertThat(JavaRuntime.of(home).aotCache()).isTrue();
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");
        assertThat(JavaRuntime.of(home).aotCache()).isFalse();
        assertThatThrownBy(() -> JavaRuntime.of(target.resolve("nothing"))).isInstanceOf(IllegalArgumentException.class);
    }
}
