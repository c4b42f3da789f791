package com.cspmarket.local;

import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A test that runs once, or {@code N} times in a row when the build is given {@code -Drepeat=N} (for example
 * {@code ./mvnw verify -pl order-service -Dit.test=CheckoutIT -Drepeat=10}): the switch that shows a test is not
 * flaky. Use it instead of {@code @Test}; every run is reported on its own ("run 3 of 10").
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(RepeatableTest.Runs.class)
public @interface RepeatableTest {

    /** The system property that says how many times each {@code @RepeatableTest} test runs (default 1). */
    String PROPERTY = "repeat";

    final class Runs implements TestTemplateInvocationContextProvider {

        @Override
        public boolean supportsTestTemplate(ExtensionContext context) {
            return true;
        }

        /** How many times to run: {@code -Drepeat=N}, at least 1. */
        static int times() {
            String value = System.getProperty(PROPERTY, "1").trim();
            try {
                int times = Integer.parseInt(value.isEmpty() ? "1" : value);
                if (times >= 1) {
                    return times;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("-D" + PROPERTY + " must be a whole number of at least 1, not '" + value + "'");
        }

        @Override
        public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
            int times = times();
            return IntStream.rangeClosed(1, times).mapToObj(run -> new TestTemplateInvocationContext() {
                @Override
                public String getDisplayName(int invocationIndex) {
                    return times == 1 ? context.getDisplayName() : context.getDisplayName() + " run " + run + " of " + times;
                }

                @Override
                public List<Extension> getAdditionalExtensions() {
                    return List.of();
                }
            });
        }
    }
}
