package com.cspmarket.local;

/**
 * One PostgreSQL server and one Kafka broker per test JVM, started on first use and stopped when the JVM exits.
 * Tests get their own database each ({@link LocalPostgres#recreateDatabase}) and their own consumer groups.
 */
public final class SharedInfrastructure {

    private static volatile SharedInfrastructure instance;

    private final LocalPostgres postgres;
    private final LocalKafka kafka;

    private SharedInfrastructure(LocalPostgres postgres, LocalKafka kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
    }

    public static SharedInfrastructure get() {
        SharedInfrastructure current = instance;
        if (current == null) {
            synchronized (SharedInfrastructure.class) {
                current = instance;
                if (current == null) {
                    LocalPostgres postgres = LocalPostgres.start(0, null);
                    LocalKafka kafka = LocalKafka.start(LocalStack.freePort(), LocalStack.PARTITIONS, LocalStack.TOPICS);
                    current = new SharedInfrastructure(postgres, kafka);
                    SharedInfrastructure started = current;
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        started.kafka.close();
                        started.postgres.close();
                    }, "shared-infrastructure-shutdown"));
                    instance = current;
                }
            }
        }
        return current;
    }

    public LocalPostgres postgres() {
        return postgres;
    }

    public LocalKafka kafka() {
        return kafka;
    }
}
