package com.cspmarket.catalog.platform;

import com.cspmarket.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The topic this service publishes to (created at start-up where the broker does not have it yet), with
 * {@code platform.kafka.partitions} partitions (12): the consumer threads of every instance share its work
 * ({@code platform.kafka.listener-concurrency} per listener and instance).
 */
@Configuration
class PlatformConfig {

    @Bean
    NewTopic catalogOffersTopic(@Value("${platform.kafka.partitions:12}") int partitions) {
        return new NewTopic(Topics.CATALOG_OFFERS, partitions, (short) 1);
    }
}
