package com.cspmarket.catalog;

import com.cspmarket.local.AsOperatorByDefault;
import com.cspmarket.local.DevTokens;
import com.cspmarket.local.SharedInfrastructure;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Base of integration tests: the real service against a real PostgreSQL (fresh database) and a real Kafka broker. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.clock.movable=true", "platform.admin.enabled=true", "spring.kafka.consumer.group-id=catalog-it",
                "platform.admin.claim-wait=PT2S",
                // a name of its own, as a pod's: the token claims and the operator's status must use it too
                "platform.instance-id=catalog-it",
                // no poll within a test's patience: processors see events only when woken, by a local commit or by
                // PostgreSQL's notification of any commit (EventStoreNotifications), as events of another instance
                "platform.events.fetch-delay=PT1M"})
@Import(AsOperatorByDefault.class) // tests call as a platform operator unless they send their own token
public abstract class ServiceIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedInfrastructure infra = SharedInfrastructure.get();
        registry.add("spring.datasource.url", () -> infra.postgres().recreateDatabase("catalog_it"));
        registry.add("spring.datasource.username", infra.postgres()::username);
        registry.add("spring.datasource.password", infra.postgres()::password);
        registry.add("spring.kafka.bootstrap-servers", infra.kafka()::bootstrapServers);
        registry.add("platform.security.jwt.public-key", DevTokens.forTests()::publicKey);
    }
}
