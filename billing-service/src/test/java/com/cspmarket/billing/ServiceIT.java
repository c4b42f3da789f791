package com.cspmarket.billing;

import com.cspmarket.local.AsOperatorByDefault;
import com.cspmarket.local.DevTokens;
import com.cspmarket.local.SharedInfrastructure;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Base of integration tests: the real service against a real PostgreSQL (fresh database) and a real Kafka broker. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.clock.movable=true", "platform.admin.enabled=true", "spring.kafka.consumer.group-id=billing-it",
                "billing.closer.interval=PT0.2S"}) // one context for every IT: one consumer group member, one claimant
@Import(AsOperatorByDefault.class) // tests call as a platform operator unless they send their own token
public abstract class ServiceIT {

    /**
     * Moves the business clock to 09:00 UTC on the 10th of the next month and returns that instant: a test that
     * reads "the current month" must not see it end (and be closed by the closer) half way through.
     */
    protected static java.time.Instant midNextMonth(com.cspmarket.kit.MovableClock clock) {
        return clock.moveTo(java.time.YearMonth.from(clock.instant().atZone(java.time.ZoneOffset.UTC)).plusMonths(1)
                .atDay(10).atTime(9, 0).toInstant(java.time.ZoneOffset.UTC));
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedInfrastructure infra = SharedInfrastructure.get();
        registry.add("spring.datasource.url", () -> infra.postgres().recreateDatabase("billing_it"));
        registry.add("spring.datasource.username", infra.postgres()::username);
        registry.add("spring.datasource.password", infra.postgres()::password);
        registry.add("spring.kafka.bootstrap-servers", infra.kafka()::bootstrapServers);
        registry.add("platform.security.jwt.public-key", DevTokens.forTests()::publicKey);
    }
}
