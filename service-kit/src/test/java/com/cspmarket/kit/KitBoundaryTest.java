package com.cspmarket.kit;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The chassis stays technical: it knows no service, no aggregate and no specific integration event. */
class KitBoundaryTest {

    static final JavaClasses KIT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("com.cspmarket.kit");

    @Test
    void knowsNoService() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("com.cspmarket.catalog..",
                "com.cspmarket.order..", "com.cspmarket.subscription..", "com.cspmarket.billing..").check(KIT);
    }

    @Test
    void knowsNoSpecificEvent() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("com.cspmarket.events.catalog..",
                "com.cspmarket.events.order..", "com.cspmarket.events.subscription..", "com.cspmarket.events.billing..")
                .check(KIT);
    }

    @Test
    void holdsNoAggregate() {
        noClasses().should().beAnnotatedWith("org.axonframework.spring.stereotype.Aggregate").check(KIT);
    }
}
