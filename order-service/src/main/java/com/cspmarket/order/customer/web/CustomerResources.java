package com.cspmarket.order.customer.web;

import com.cspmarket.kit.PartnerCenter.Attributes;
import com.cspmarket.kit.PartnerCenter.Link;
import com.cspmarket.order.customer.api.BillingProfile;
import com.cspmarket.order.customer.query.CustomerView;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Partner Center's Customer resource ({@code companyProfile}, {@code billingProfile} with its
 * {@code defaultAddress}) and the requests that create a customer and replace its billing profile. Requests ignore
 * the read-only parts a client sends back ({@code links}, {@code attributes} other than the etag, ids).
 */
final class CustomerResources {

    private CustomerResources() {
    }

    record AddressResource(String country, String city, String state, String addressLine1, String addressLine2,
                           String postalCode, String firstName, String lastName, String phoneNumber) {
    }

    record CompanyProfileResource(String tenantId, String domain, String companyName, Map<String, Link> links,
                                  Attributes attributes) {
    }

    record BillingProfileResource(String id, String firstName, String lastName, String email, String culture,
                                  String language, String companyName, AddressResource defaultAddress,
                                  Map<String, Link> links, Attributes attributes) {
    }

    record CustomerResource(String id, CompanyProfileResource companyProfile, BillingProfileResource billingProfile,
                            String relationshipToPartner, String associatedPartnerId, Map<String, Link> links,
                            Attributes attributes) {
    }

    record AddressRequest(@NotBlank @Pattern(regexp = "[A-Za-z]{2}", message = "must be an ISO 3166-1 alpha-2 code")
                          String country,
                          @Size(max = 100) String city, @Size(max = 100) String state,
                          @Size(max = 200) String addressLine1, @Size(max = 200) String addressLine2,
                          @Size(max = 20) String postalCode, @Size(max = 100) String firstName,
                          @Size(max = 100) String lastName, @Size(max = 40) String phoneNumber) {
    }

    record AttributesRequest(@Size(max = 20) String etag) {
    }

    record BillingProfileRequest(@Size(max = 100) String firstName, @Size(max = 100) String lastName,
                                 @Email @Size(max = 254) String email,
                                 @Pattern(regexp = "[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*") String culture,
                                 @Pattern(regexp = "[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*") String language,
                                 @NotBlank @Size(max = 200) String companyName,
                                 @NotNull @Valid AddressRequest defaultAddress,
                                 @Valid AttributesRequest attributes) {

        BillingProfile toProfile() {
            AddressRequest a = defaultAddress;
            return new BillingProfile(firstName, lastName, email, culture == null ? "en-US" : culture,
                    language == null ? "en" : language, companyName.strip(),
                    new BillingProfile.Address(a.country().toUpperCase(Locale.ROOT), a.city(), a.state(),
                            a.addressLine1(), a.addressLine2(), a.postalCode(), a.firstName(), a.lastName(),
                            a.phoneNumber()));
        }
    }

    record CompanyProfileRequest(@Pattern(regexp = "[A-Za-z0-9]([A-Za-z0-9-]{0,62}\\.)+[A-Za-z]{2,63}",
            message = "must be a domain name, e.g. contoso.onmicrosoft.com") @Size(max = 255) String domain) {
    }

    /**
     * {@code associatedPartnerId} may be left out by a partner's user (the customer is theirs); an operator names the
     * partner the customer belongs to.
     */
    record CreateCustomerRequest(@Valid CompanyProfileRequest companyProfile,
                                 @NotNull @Valid BillingProfileRequest billingProfile,
                                 @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}") String associatedPartnerId) {
    }

    static CustomerResource customer(CustomerView c) {
        String self = "/customers/" + c.id();
        return new CustomerResource(c.id(),
                new CompanyProfileResource(c.id(), c.domain(), c.companyName(),
                        Map.of("self", Link.get(self + "/profiles/company")), Attributes.of("CustomerCompanyProfile")),
                billingProfile(c), "reseller", c.partnerId(), Map.of("self", Link.get(self)), Attributes.of("Customer"));
    }

    static BillingProfileResource billingProfile(CustomerView c) {
        BillingProfile p = c.billingProfile();
        BillingProfile.Address a = p.defaultAddress();
        Map<String, Link> links = new LinkedHashMap<>();
        links.put("self", Link.get("/customers/" + c.id() + "/profiles/billing"));
        return new BillingProfileResource(c.id(), p.firstName(), p.lastName(), p.email(), p.culture(), p.language(),
                p.companyName(), new AddressResource(a.country(), a.city(), a.state(), a.addressLine1(),
                a.addressLine2(), a.postalCode(), a.firstName(), a.lastName(), a.phoneNumber()),
                links, Attributes.versioned("CustomerBillingProfile", c.version()));
    }
}
