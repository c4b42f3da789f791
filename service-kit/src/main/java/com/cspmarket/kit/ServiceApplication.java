package com.cspmarket.kit;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

import java.net.URL;
import java.security.CodeSource;

/**
 * Starts a service. A packaged service (its classes in a jar) starts from the application context Spring processed
 * ahead of time when the jar was built (the bean definitions as generated code, {@code spring-boot:process-aot}):
 * about a third less CPU per start. {@code -Dspring.aot.enabled=false} starts it without; classes run from a directory
 * (an IDE, {@code target/classes}) start without, since generated code there may be older than the sources.
 */
public final class ServiceApplication {

    static final String AOT = "spring.aot.enabled";

    private ServiceApplication() {
    }

    public static ConfigurableApplicationContext run(Class<?> application, String... args) {
        if (System.getProperty(AOT) == null && processedAheadOfTime(application) && packaged(application)) {
            System.setProperty(AOT, "true");
        }
        return SpringApplication.run(application, args);
    }

    static boolean processedAheadOfTime(Class<?> application) {
        return ClassUtils.isPresent(application.getName() + "__ApplicationContextInitializer",
                application.getClassLoader());
    }

    /** In a jar: Spring Boot's executable jar (a nested jar: URL) or an extracted one (a .jar file). */
    static boolean packaged(Class<?> application) {
        CodeSource source = application.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        return location != null && ("jar".equals(location.getProtocol()) || location.getPath().endsWith(".jar")
                || location.getPath().endsWith(".jar/") || location.toString().contains(".jar!"));
    }
}
