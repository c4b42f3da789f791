package com.cspmarket.subscription.subscription.integration;

import com.cspmarket.subscription.subscription.api.SubscriptionEvent;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event of the Subscription aggregate goes on the subscriptions topic, so a subscription's
 * {@code aggregateSequence} there runs 0, 1, 2, ... without gaps: billing waits for a missing number, and an event
 * kept internal would leave it waiting for ever.
 */
class SubscriptionEventsPublisherTest {

    @Test
    void everyEventOfTheAggregateIsPublished() {
        Set<Class<?>> published = Arrays.stream(SubscriptionEventsPublisher.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(EventHandler.class))
                .map(m -> m.getParameterTypes()[0])
                .collect(Collectors.toSet());
        List<Class<?>> events = List.of(SubscriptionEvent.class.getPermittedSubclasses());
        assertThat(events).isNotEmpty();
        assertThat(published).containsExactlyInAnyOrderElementsOf(events);
    }

    @Test
    void everyStoredEventOfTheSubscriptionApiIsASubscriptionEvent() {
        List<String> stored = new ClassFileImporter()
                .importPackages(SubscriptionEvent.class.getPackageName()).stream()
                .filter(c -> c.isAnnotatedWith(Revision.class))
                .map(JavaClass::getName)
                .toList();
        assertThat(stored).isNotEmpty().allSatisfy(name ->
                assertThat(SubscriptionEvent.class.isAssignableFrom(Class.forName(name))).as(name).isTrue());
    }
}
