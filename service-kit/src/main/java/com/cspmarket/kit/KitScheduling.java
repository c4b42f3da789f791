package com.cspmarket.kit;

import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.time.Duration;

/**
 * One instance at a time runs each scheduled tick that acts on the whole of a service's data (term ends, activation
 * deadlines, monthly cycles, the period close), however many instances share the database. Such a tick is a
 * {@code @SchedulerLock} method (ShedLock): it runs while its instance holds the tick's row in table {@code shedlock}
 * (db/kit/V2_5), and an instance that finds the row held skips that tick. A lock is held for
 * {@code platform.scheduling.lock-at-most-for} (10 s) and released when the tick ends; a long tick extends it item by
 * item ({@link SchedulerLocks}). An instance that dies holding a lock loses it within those 10 s, and another takes
 * the work over at its next tick (every second). Before, every instance ran every tick: the aggregates' idempotent
 * decisions kept the results right, but the instances raced each other into concurrency conflicts.
 * <p>
 * Lock times are PostgreSQL's ({@code usingDbTime}): one clock for all instances, and never the business clock, which
 * demos and tests move months ahead. The kit's own ticks that every instance runs for itself (following the business
 * clock, forgetting old request ids) are plain {@code @Scheduled} methods.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableSchedulerLock(defaultLockAtMostFor = "${platform.scheduling.lock-at-most-for:PT10S}")
class KitScheduling {

    @Bean
    InstanceId instanceId(@Value("${platform.instance-id:}") String configured, @Value("${server.port:8080}") int port) {
        return InstanceId.of(configured, port);
    }

    @Bean
    LockProvider lockProvider(JdbcTemplate jdbc, InstanceId instance) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(jdbc)
                .usingDbTime()
                .withLockedByValue(instance.value())
                .build());
    }

    @Bean
    SchedulerLocks schedulerLocks(@Value("${platform.scheduling.lock-at-most-for:PT10S}") Duration atMostFor) {
        return new SchedulerLocks(atMostFor);
    }

    /** For work that is not a scheduled method but must run on one instance only (the demo catalog's seeding). */
    @Bean
    LockingTaskExecutor lockingTaskExecutor(LockProvider locks) {
        return new DefaultLockingTaskExecutor(locks);
    }
}
