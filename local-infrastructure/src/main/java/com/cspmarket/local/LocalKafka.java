package com.cspmarket.local;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.util.Collection;
import java.util.Map;

/** A real Kafka broker in KRaft mode (combined broker + controller), in this JVM. */
public final class LocalKafka implements AutoCloseable {

    private final EmbeddedKafkaKraftBroker broker;

    private LocalKafka(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    /**
     * @param port       0 for any free port
     * @param partitions partitions of every topic created here
     */
    public static LocalKafka start(int port, int partitions, Collection<String> topics) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, partitions, topics.toArray(String[]::new));
        if (port > 0) {
            broker.kafkaPorts(port);
        }
        broker.brokerProperties(Map.of(
                "auto.create.topics.enable", "false",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "offsets.topic.replication.factor", "1",
                "group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        return new LocalKafka(broker);
    }

    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    @Override
    public void close() {
        broker.destroy();
    }
}
