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
 * threads per listener as the machine has CPUs, at least one, and twice that for the fulfilment listener (the
 * subscriptions topic), which shares the JVM with the request threads.
 */
class KafkaTopicsIT extends ServiceIT {

    @Autowired
    KafkaAdmin kafkaAdmin;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @RepeatableTest
    void everyTopicHasTwelvePartitionsAndEachListenerHalfTheCpusInThreadsTheFulfilmentTwice() throws Exception {
        try (AdminClient admin = AdminClient.create(kafkaAdmin.getConfigurationProperties())) {
            var topics = admin.describeTopics(List.of(Topics.ORDERS, Topics.CATALOG_OFFERS, Topics.SUBSCRIPTIONS))
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(topics.values()).allSatisfy(topic -> assertThat(topic.partitions()).hasSize(12));
        }
        int perListener = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        assertThat(listeners.getListenerContainers()).hasSize(2).allSatisfy(container -> {
            boolean fulfilment = List.of(container.getContainerProperties().getTopics()).contains(Topics.SUBSCRIPTIONS);
            assertThat(((ConcurrentMessageListenerContainer<?, ?>) container).getConcurrency())
                    .as(String.join(",", container.getContainerProperties().getTopics()))
                    .isEqualTo(fulfilment ? 2 * perListener : perListener);
        });
    }
}
