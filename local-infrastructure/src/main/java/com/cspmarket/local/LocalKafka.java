package com.cspmarket.local;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.util.Collection;
import java.util.Map;

/**
 * A real Kafka broker in KRaft mode (combined broker + controller): in this JVM, or as its own process with its
 * log on disk ({@link #startProcess}), which can be restarted.
 */
public final class LocalKafka implements AutoCloseable {

    private final EmbeddedKafkaKraftBroker broker;
    private final KafkaProcess process;

    private LocalKafka(EmbeddedKafkaKraftBroker broker, KafkaProcess process) {
        this.broker = broker;
        this.process = process;
    }

    /** A broker as its own JVM on {@code port}, its log in {@code directory}, that {@link #restart} can restart. */
    public static LocalKafka startProcess(int port, int partitions, Collection<String> topics, java.nio.file.Path directory) {
        return new LocalKafka(null, KafkaProcess.start(port, partitions, topics, directory));
    }

    /** Stops the broker (controlled shutdown) and starts it again with its topics, offsets and consumer positions. */
    public void restart() {
        restart(() -> { });
    }

    /** Stops the broker, runs {@code whileDown} (e.g. sends requests that meet the outage), starts it again. */
    public void restart(Runnable whileDown) {
        if (process == null) {
            throw new IllegalStateException("only a broker started as its own process can be restarted");
        }
        process.stop(false);
        try {
            whileDown.run();
        } finally {
            process.start();
        }
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
        return new LocalKafka(broker, null);
    }

    public String bootstrapServers() {
        return broker != null ? broker.getBrokersAsString() : process.bootstrapServers();
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.destroy();
        } else {
            process.close();
        }
    }
}
