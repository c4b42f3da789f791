package com.cspmarket.order;

import com.cspmarket.kit.BatchedWrites;
import com.cspmarket.local.SharedInfrastructure;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A database of its own with order-service's schema, for a projection built by hand, whose connections count the
 * statements prepared to read one table ({@code SELECT ... FROM table}): how often a projection reads its view.
 */
public final class ReadModelDatabase {

    public final JdbcClient jdbc;
    public final BatchedWrites writes;
    public final TransactionTemplate tx;
    public final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final AtomicInteger reads = new AtomicInteger();

    public ReadModelDatabase(String database, String countedTable) {
        var postgres = SharedInfrastructure.get().postgres();
        DataSource plain = new SimpleDriverDataSource(new org.postgresql.Driver(),
                postgres.recreateDatabase(database), postgres.username(), postgres.password());
        Flyway.configure().dataSource(plain).locations("classpath:db/kit", "classpath:db/migration").load().migrate();
        String counted = "FROM " + countedTable + " ";
        DataSource counting = new DelegatingDataSource(plain) {
            @Override
            public Connection getConnection() throws SQLException {
                return counting(super.getConnection(), counted);
            }
        };
        jdbc = JdbcClient.create(counting);
        writes = new BatchedWrites(counting);
        tx = new TransactionTemplate(new DataSourceTransactionManager(counting));
    }

    private Connection counting(Connection connection, String counted) {
        return (Connection) Proxy.newProxyInstance(ReadModelDatabase.class.getClassLoader(),
                new Class<?>[]{Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") && args[0] instanceof String sql
                            && sql.startsWith("SELECT") && sql.contains(counted)) {
                        reads.incrementAndGet();
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The reads of the counted table since the last call. */
    public int reads() {
        return reads.getAndSet(0);
    }

    /** A transaction beside the one running (which stays open), committed when {@code work} returns. */
    public void inAnotherTransaction(Runnable work) {
        TransactionTemplate separate = new TransactionTemplate(tx.getTransactionManager());
        separate.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
        separate.executeWithoutResult(s -> work.run());
    }
}
