package com.cspmarket.catalog;

import com.cspmarket.local.ServiceArchitecture;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

class ArchitectureTest {

    @TestFactory
    Stream<DynamicTest> keepsTheServiceBoundaries() {
        JavaClasses classes = ServiceArchitecture.importService("catalog");
        return ServiceArchitecture.rules("catalog").stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> rule.check(classes)));
    }
}
