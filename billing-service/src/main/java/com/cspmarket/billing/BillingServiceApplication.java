package com.cspmarket.billing;

import com.cspmarket.kit.ServiceApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class BillingServiceApplication {
    public static void main(String[] args) {
        ServiceApplication.run(BillingServiceApplication.class, args);
    }
}
