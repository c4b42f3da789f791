package com.cspmarket.order.platform;

import com.cspmarket.events.Topics;
import com.cspmarket.local.RepeatableTest;
import com.cspmarket.order.ServiceIT;
import org.apache.kafka.clients.admin.AdminClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topics have enough partitions for several instances to share them; this instance runs half as many consumer
 * threads per listener as the machine has CPUs, at least one.
 */
class KafkaTopicsIT extends ServiceIT {

    @Autowired
    KafkaAdmin kafkaAdmin;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @RepeatableTest
    void everyTopicHasTwelvePartitionsAndEachListenerHalfTheCpusInThreads() throws Exception {
        try (AdminClient admin = AdminClient.create(kafkaAdmin.getConfigurationProperties())) {
            var topics = admin.describeTopics(List.of(Topics.ORDERS, Topics.CATALOG_OFFERS, Topics.SUBSCRIPTIONS))
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(topics.values()).allSatisfy(topic -> assertThat(topic.partitions()).hasSize(12));
        }
        assertThat(listeners.getListenerContainers()).isNotEmpty().allSatisfy(container ->
                assertThat(((ConcurrentMessageListenerContainer<?, ?>) container).getConcurrency())
                        .isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 2)));
    }
}
