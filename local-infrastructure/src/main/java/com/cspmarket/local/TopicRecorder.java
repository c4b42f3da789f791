package com.cspmarket.local;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.cspmarket.events.EventCodec;
import com.cspmarket.events.EventEnvelope;
import com.cspmarket.events.IntegrationEvent;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads a topic from its beginning for a test: call {@link #records()} inside an Awaitility block. */
public final class TopicRecorder implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    public TopicRecorder(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-recorder-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** Everything received so far, after one more short poll. */
    public synchronized List<ConsumerRecord<String, byte[]>> records() {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        return List.copyOf(seen);
    }

    /**
     * The integration events received so far, each once, in the order their first copy arrived: delivery is at least
     * once (a batch the publisher sends again, a republication), and every copy of an event keeps its id.
     */
    public List<EventEnvelope<IntegrationEvent>> events() {
        return distinct(records());
    }

    /** {@link #events()} of one Kafka key (one aggregate), in the order they were published. */
    public List<EventEnvelope<IntegrationEvent>> eventsOf(String key) {
        return distinct(records().stream().filter(r -> key.equals(r.key())).toList());
    }

    private static List<EventEnvelope<IntegrationEvent>> distinct(List<ConsumerRecord<String, byte[]>> records) {
        Map<UUID, EventEnvelope<IntegrationEvent>> distinct = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            EventCodec.decode(record.value()).ifPresent(e -> distinct.putIfAbsent(e.eventId(), e));
        }
        return List.copyOf(distinct.values());
    }

    /** {@link #events()} whose payload is of this type. */
    public <T extends IntegrationEvent> List<T> events(Class<T> type) {
        return events().stream().map(EventEnvelope::payload).filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public synchronized void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
