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

/**
 * ./run-local's class-data sharing ({@link ClassDataSharing}): which jar runs and whether the JVM writes or maps the
 * archive. In system-tests because the extraction needs a real Spring Boot jar, which the build has packaged by then.
 */
class ClassDataSharingTest {

    private static final List<String> JVM = List.of("-Xmx768m");

    @TempDir
    Path target;

    @Test
    void aJarIsExtractedOnceAndItsFirstRunWritesTheArchiveLaterRunsMapIt() throws IOException {
        Path root = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
        Path jar = Files.copy(ServiceProcess.executableJar(root, "identity"), target.resolve("identity-exec.jar"));
        Path extracted = target.resolve("cds").resolve("identity-exec.jar");
        Path archive = target.resolve("cds").resolve("application.jsa");

        ClassDataSharing.Launch first = ClassDataSharing.prepare(jar, JVM, true);
        assertThat(first.jar()).isEqualTo(extracted).exists();
        assertThat(target.resolve("cds").resolve("lib")).isDirectory(); // the libraries next to it, not nested
        assertThat(first.jvmOptions()).containsExactly("-Xmx768m", "-XX:ArchiveClassesAtExit=" + archive);
        assertThat(ClassDataSharing.prepare(jar, JVM, false).jvmOptions())
                .as("a further instance reads an archive, never writes one").containsExactly("-Xmx768m");

        Files.writeString(archive, "written at the first run's exit");
        Path stamp = target.resolve("cds").resolve("extracted.stamp");
        FileTime extractedAt = Files.getLastModifiedTime(stamp);
        assertThat(ClassDataSharing.prepare(jar, JVM, true).jvmOptions())
                .containsExactly("-Xmx768m", "-XX:SharedArchiveFile=" + archive);
        assertThat(Files.getLastModifiedTime(stamp)).as("not extracted again").isEqualTo(extractedAt);

        // a rebuilt jar: extracted again, the archive of the old one is dropped and written anew
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        ClassDataSharing.Launch rebuilt = ClassDataSharing.prepare(jar, JVM, true);
        assertThat(Files.getLastModifiedTime(stamp)).isNotEqualTo(extractedAt);
        assertThat(extracted).exists();
        assertThat(archive).doesNotExist();
        assertThat(rebuilt.jvmOptions()).containsExactly("-Xmx768m", "-XX:ArchiveClassesAtExit=" + archive);
    }
}
