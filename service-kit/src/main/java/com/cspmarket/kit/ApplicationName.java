package com.cspmarket.kit;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;

/**
 * Every database connection of an instance carries its instance id as PostgreSQL's {@code application_name}: the
 * event-commit notification names the instance that wrote ({@link EventStoreNotifications}), and {@code
 * pg_stat_activity} shows which instance holds a connection.
 */
final class ApplicationName implements BeanPostProcessor {

    /** PostgreSQL keeps the first 63 bytes of an application name. */
    static String of(String instanceId) {
        return instanceId.length() <= 63 ? instanceId : instanceId.substring(0, 63);
    }

    private final Environment environment;

    ApplicationName(Environment environment) {
        this.environment = environment;
    }

    static String instanceId(Environment environment) {
        return InstanceId.of(environment.getProperty("platform.instance-id", ""),
                environment.getProperty("server.port", Integer.class, 8080)).value();
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool) {
            pool.addDataSourceProperty("ApplicationName", of(instanceId(environment)));
        }
        return bean;
    }
}
