package com.cspmarket.system;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GcPausesTest {

    @Test
    void aPauseIsPlacedOnTheWallClockByItsEndAndLength() {
        GcPauses.Pause pause = GcPauses.parse("subscription-service", List.of(
                "[1796521666460ms] GC(0) Pause Young (Allocation Failure)",
                "[1796521666602ms] GC(0) Pause Young (Allocation Failure) 16M->5M(61M) 143.642ms",
                "[1796521666602ms] GC(0) User=0.02s Sys=0.01s Real=0.14s")).get(0);

        assertThat(pause.kind()).isEqualTo("Young");
        assertThat(pause.cpuMillis()).isCloseTo(30.0, org.assertj.core.data.Offset.offset(0.001));
        assertThat(pause.endMillis()).isEqualTo(1796521666602.0);
        assertThat(pause.millis()).isCloseTo(143.642, org.assertj.core.data.Offset.offset(0.001));
        assertThat(pause.overlaps(1796521666400.0, 1796521666500.0)).isTrue();
        assertThat(pause.overlaps(1796521666300.0, 1796521666400.0)).as("ended before the pause began").isFalse();
        assertThat(pause.overlaps(1796521666700.0, 1796521666800.0)).as("began after it ended").isFalse();
    }

    @Test
    void aFullPauseCountsAndOtherLinesDoNot() {
        List<GcPauses.Pause> pauses = GcPauses.parse("order-service", List.of(
                "[1796521658487ms] Using Serial",
                "[1796521667067ms] GC(1) Pause Young (Allocation Failure)",
                "[1796521669000ms] GC(3) Pause Full (Metadata GC Threshold) 92M->9M(365M) 838.701ms"));

        assertThat(pauses).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo("Full");
            assertThat(p.id()).isEqualTo(3);
            assertThat(p.cpuMillis()).as("no gc+cpu line").isZero();
        });
    }

    @Test
    void theTableSumsThePausesInsideTheWindowPerServiceAndKind() throws Exception {
        java.nio.file.Path logs = java.nio.file.Files.createTempDirectory("gc");
        long self = ProcessHandle.current().pid();
        java.nio.file.Files.writeString(logs.resolve("gc-" + self + ".log"), """
                [1000ms] Using Serial
                [2000ms] GC(0) Pause Young (Allocation Failure) 16M->5M(61M) 100.000ms
                [5000ms] GC(1) Pause Young (Allocation Failure) 16M->5M(61M) 300.000ms
                [5000ms] GC(1) User=0.04s Sys=0.00s Real=0.30s
                [9000ms] GC(2) Pause Full (Allocation Failure) 16M->5M(61M) 50.000ms
                """);
        java.nio.file.Files.writeString(logs.resolve("gc-999999999.log"),
                "[5000ms] GC(0) Pause Young (Allocation Failure) 16M->5M(61M) 100.000ms\n"); // no such process

        GcPauses pauses = GcPauses.read(logs);

        String table = pauses.table(2500, 10_000);
        assertThat(table).contains("driver + Kafka (this JVM) young").doesNotContain("999");
        assertThat(table.lines().filter(l -> l.contains("young")).findFirst().orElseThrow().trim().split("\\s+"))
                .endsWith("1", "300", "300", "4.00", "40");
        assertThat(pauses.during(4800, 4900, List.of("driver + Kafka (this JVM)"))).hasSize(1);
        assertThat(pauses.during(4800, 4900, List.of("order-service"))).isEmpty();
        GcPauses.clear(logs);
        assertThat(logs).isEmptyDirectory();
    }
}
