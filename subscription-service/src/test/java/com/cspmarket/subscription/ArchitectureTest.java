package com.cspmarket.subscription;

import com.cspmarket.local.ServiceArchitecture;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

class ArchitectureTest {

    @TestFactory
    Stream<DynamicTest> keepsTheServiceBoundaries() {
        JavaClasses classes = ServiceArchitecture.importService("subscription");
        return ServiceArchitecture.rules("subscription").stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> rule.check(classes)));
    }
}
