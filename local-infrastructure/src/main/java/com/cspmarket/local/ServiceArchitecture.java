package com.cspmarket.local;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The boundaries every service keeps; each service's ArchitectureTest checks its own classes against them. */
public final class ServiceArchitecture {

    private static final Set<String> SERVICES = Set.of("catalog", "order", "subscription", "billing");
    private static final String AGGREGATE = "org.axonframework.spring.stereotype.Aggregate";
    private static final String SCHEDULED = "org.springframework.scheduling.annotation.Scheduled";
    private static final String SCHEDULER_LOCK = "net.javacrumbs.shedlock.spring.annotation.SchedulerLock";

    private ServiceArchitecture() {
    }

    public static JavaClasses importService(String service) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.cspmarket." + service);
    }

    public static List<ArchRule> rules(String service) {
        String root = "com.cspmarket." + service;
        String[] others = SERVICES.stream().filter(s -> !s.equals(service)).map(s -> "com.cspmarket." + s + "..")
                .toArray(String[]::new);
        return List.of(
                noClasses().should().dependOnClassesThat().resideInAnyPackage(others)
                        .because("services never depend on each other's code; they share only integration-events"),
                noClasses().that().resideInAPackage(root + "..web..")
                        .should().dependOnClassesThat().areAnnotatedWith(AGGREGATE)
                        .because("controllers send commands and read queries; aggregates are command internals"),
                noClasses().that().areAnnotatedWith(AGGREGATE)
                        .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..",
                                "org.springframework.kafka..", "org.apache.kafka..", "java.sql..", "java.net..")
                        .because("an aggregate decides from its own state and the command: no I/O"),
                noClasses().that().resideInAPackage(root + "..api..")
                        .should().dependOnClassesThat().resideInAnyPackage(root + "..web..", root + "..query..",
                                root + "..command..", root + "..integration..")
                        .because("messages are plain records that everything else may use"),
                noClasses().should().callMethod(Instant.class, "now")
                        .orShould().callMethod(LocalDate.class, "now")
                        .orShould().callMethod(LocalDateTime.class, "now")
                        .orShould().callMethod(OffsetDateTime.class, "now")
                        .orShould().callMethod(ZonedDateTime.class, "now")
                        .orShould().callMethod(System.class, "currentTimeMillis")
                        .because("business time comes from the injected Clock, so tests and demos can move it"),
                noClasses().that().resideOutsideOfPackage(root + "..integration..")
                        .and().resideOutsideOfPackage(root + ".platform..")
                        .should().dependOnClassesThat().resideInAnyPackage("com.cspmarket.events..")
                        .because("contract events are mapped at the edge; internal code uses internal events"),
                methods().that().areAnnotatedWith(SCHEDULED).should().beAnnotatedWith(SCHEDULER_LOCK)
                        .andShould().bePublic()
                        .because("instances share a service's data, one at a time runs a tick (service-kit's"
                                + " KitScheduling); the lock is a proxy, dependable around public methods only")
                        .allowEmptyShould(true)
        );
    }
}
