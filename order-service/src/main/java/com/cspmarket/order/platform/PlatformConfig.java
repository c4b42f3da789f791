package com.cspmarket.order.platform;

import com.cspmarket.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The topic this service publishes to (created at start-up where the broker does not have it yet). */
@Configuration
class PlatformConfig {

    @Bean
    NewTopic ordersTopic() {
        return new NewTopic(Topics.ORDERS, 3, (short) 1);
    }
}
