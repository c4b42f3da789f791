package com.cspmarket.local;

import org.springframework.boot.web.client.RestTemplateCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;

/**
 * For service tests ({@code @Import} on the test class): the test's {@code TestRestTemplate} calls as a platform
 * operator ({@link DevTokens#forTests()}) unless the request names its own {@code Authorization}. The tests of
 * roles and tenants send their own tokens.
 */
@Configuration(proxyBeanMethods = false)
public class AsOperatorByDefault {

    @Bean
    RestTemplateCustomizer operatorTokenByDefault() {
        String token = DevTokens.forTests().operator();
        return template -> template.getInterceptors().add((request, body, execution) -> {
            if (!request.getHeaders().containsKey(HttpHeaders.AUTHORIZATION)) {
                request.getHeaders().setBearerAuth(token);
            }
            return execution.execute(request, body);
        });
    }
}
