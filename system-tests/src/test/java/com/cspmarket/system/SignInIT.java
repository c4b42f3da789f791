package com.cspmarket.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A partner integration as it would work in production: it gets its token from the identity provider (client
 * credentials) and calls the API through the gateway, which, like every service, verifies tokens with the identity
 * provider's JWK set (no key configured anywhere else). The token acts for its partner only.
 */
class SignInIT {

    @RegisterExtension
    static final TestSystem system = TestSystem.shared();

    static final ObjectMapper JSON = new ObjectMapper();

    static String token(String clientId, String secret) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(system.stack().identityUrl() + "/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    @Test
    void anIntegrationSignsInWithClientCredentialsAndActsForItsPartnerOnly() throws Exception {
        String contoso = token("contoso-integration", "contoso-secret");
        String fabrikam = token("fabrikam-integration", "fabrikam-secret");
        String customers = system.url(com.cspmarket.local.LocalStack.Service.ORDER, "/v1/customers");

        Http.Response created = Http.post(contoso, customers, """
                {"companyProfile":{"domain":"signin-%s.onmicrosoft.com"},
                 "billingProfile":{"email":"it@signin.example","culture":"en-US","language":"en","companyName":"Sign-in Corp",
                  "defaultAddress":{"country":"US","city":"Redmond","state":"WA","addressLine1":"1 Main St",
                   "postalCode":"98052"}}}""".formatted(UUID.randomUUID().toString().substring(0, 8)));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        JsonNode customer = created.body();
        assertThat(customer.path("associatedPartnerId").asText()).isEqualTo("partner-contoso");
        String id = customer.path("id").asText();

        assertThat(Http.get(contoso, customers + "/" + id).status()).isEqualTo(200);
        assertThat(Http.get(fabrikam, customers + "/" + id).status()).isEqualTo(404); // another partner's: not there
        // the service behind the gateway verifies the same token itself
        assertThat(Http.get(contoso, system.direct(com.cspmarket.local.LocalStack.Service.ORDER, "/v1/customers/" + id))
                .status()).isEqualTo(200);
        // a token whose signature does not verify is refused at the edge
        assertThat(Http.get(contoso.substring(0, contoso.length() - 4) + "AAAA", customers).status()).isEqualTo(401);
    }
}
