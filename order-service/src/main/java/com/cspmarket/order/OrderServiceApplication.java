package com.cspmarket.order;

import com.cspmarket.kit.ServiceApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class OrderServiceApplication {
    public static void main(String[] args) {
        ServiceApplication.run(OrderServiceApplication.class, args);
    }
}
