package com.cspmarket.kit;

import com.cspmarket.events.EventCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * At-least-once consumption: a failed record is retried (with back-off, without limit) before the offset moves
 * on, so a transient database or broker fault never loses an event. Only a record that can never be read
 * (not an envelope) is logged and skipped. The listeners are batch listeners ({@link RecordBatches}): a failed
 * batch reaches this handler as the record that failed in a transaction of its own, whose predecessors committed.
 */
@Configuration
class KafkaConsumerConfig {

    private static final Logger log = LoggerFactory.getLogger(KafkaConsumerConfig.class);

    @Bean
    DefaultErrorHandler kafkaErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        DefaultErrorHandler handler = new DefaultErrorHandler((record, e) ->
                log.error("skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                        e.getMessage()), backOff);
        handler.addNotRetryableExceptions(EventCodec.MalformedEventException.class);
        return handler;
    }
}
