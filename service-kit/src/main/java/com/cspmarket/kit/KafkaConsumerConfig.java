package com.cspmarket.kit;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * At-least-once consumption: a failed record is retried (with back-off, without limit) before the offset moves
 * on, so a transient database or broker fault never loses an event. The listeners are batch listeners
 * ({@link RecordBatches}): a failed batch reaches this handler as the record that failed in a transaction of its own,
 * whose predecessors committed; a record that can never be read (not an envelope) never reaches it, RecordBatches
 * logs and skips it.
 */
@Configuration
class KafkaConsumerConfig {

    @Bean
    DefaultErrorHandler kafkaErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        return new DefaultErrorHandler(backOff);
    }
}
