package com.cspmarket.local.partnercenter;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * What a client written for Partner Center's REST API expects, as records named after the fields of Partner Center's
 * documentation and SDK model classes (Customer, CustomerBillingProfile, Cart, CartLineItem, CartCheckoutResult,
 * Order, OrderLineItem, activation links, provisioning status, Invoice, InvoiceDetail, OneTimeInvoiceLineItem), and
 * enums spelled as Partner Center spells them on
 * the wire. {@link #read} fails on any property a record does not know and on any enum value Partner Center would not
 * send: a response that deserializes here is one a Partner Center client can read. The few platform extensions are
 * named as such.
 */
public final class PartnerCenterClient {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private PartnerCenterClient() {
    }

    /** Reads a response body as Partner Center's resource; unknown properties and enum spellings fail. */
    public static <T> T read(JsonNode body, Class<T> type) {
        try {
            return STRICT.treeToValue(body, type);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not a Partner Center " + type.getSimpleName() + ": " + e.getOriginalMessage()
                    + "\n" + body.toPrettyString(), e);
        }
    }

    public static <T> T read(String body, Class<T> type) {
        try {
            return read(STRICT.readTree(body), type);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    // --- the envelope

    public record Header(String key, String value) {
    }

    public record Link(String uri, String method, List<Header> headers) {
    }

    public record Attributes(String etag, String objectType) {
    }

    public record Links(Link self, Link next, Link previous) {
    }

    // --- the catalog: products, SKUs, availabilities

    public record ItemType(String id, String displayName, ItemType subType) {
    }

    public record ProductLinks(Link skus, Link self) {
    }

    public record Product(String id, String title, String description, ItemType productType,
                          boolean isMicrosoftProduct, String publisherName, ProductLinks links) {
    }

    public record Products(int totalCount, List<Product> items, Links links, Attributes attributes) {
    }

    public record SkuLinks(Link availabilities, Link self) {
    }

    public record Sku(String id, String productId, String title, String description, int minimumQuantity,
                      int maximumQuantity, boolean isTrial, List<BillingCycle> supportedBillingCycles,
                      List<String> purchasePrerequisites, List<String> inventoryVariables,
                      List<String> provisioningVariables, List<String> actions, Map<String, Object> dynamicAttributes,
                      SkuLinks links) {
    }

    public record Skus(int totalCount, List<Sku> items, Links links, Attributes attributes) {
    }

    public record CurrencyInfo(String code, String symbol) {
    }

    public record Term(String id, String duration, String description, String billingCycle) {
    }

    public record Availability(String id, String productId, String skuId, String catalogItemId,
                               CurrencyInfo defaultCurrency, String segment, String country, boolean isPurchasable,
                               boolean isRenewable, List<Term> terms, Product product, Sku sku, Links links) {
    }

    public record Availabilities(int totalCount, List<Availability> items, Links links, Attributes attributes) {
    }

    // --- customers

    public enum RelationshipToPartner {
        @JsonProperty("none") NONE, @JsonProperty("reseller") RESELLER, @JsonProperty("advisor") ADVISOR,
        @JsonProperty("syndication") SYNDICATION, @JsonProperty("microsoft_support") MICROSOFT_SUPPORT
    }

    public record Address(String country, String region, String city, String state, String addressLine1,
                          String addressLine2, String postalCode, String firstName, String middleName,
                          String lastName, String phoneNumber) {
    }

    public record CustomerCompanyProfile(String tenantId, String domain, String companyName,
                                         String organizationRegistrationNumber, Address address, String email,
                                         Links links, Attributes attributes) {
    }

    public record CustomerBillingProfile(String id, String firstName, String lastName, String email, String culture,
                                         String language, String companyName, Address defaultAddress, Links links,
                                         Attributes attributes) {
    }

    public record Customer(String id, String commerceId, CustomerCompanyProfile companyProfile,
                           CustomerBillingProfile billingProfile, RelationshipToPartner relationshipToPartner,
                           Boolean allowDelegatedAccess, List<String> customDomains, String associatedPartnerId,
                           Links links, Attributes attributes) {
    }

    public record Customers(int totalCount, List<Customer> items, Links links, Attributes attributes) {
    }

    // --- carts and orders

    public enum BillingCycle {
        @JsonProperty("unknown") UNKNOWN, @JsonProperty("monthly") MONTHLY, @JsonProperty("annual") ANNUAL,
        @JsonProperty("none") NONE, @JsonProperty("one_time") ONE_TIME, @JsonProperty("triennial") TRIENNIAL,
        @JsonProperty("biennial") BIENNIAL
    }

    public enum CartStatus {
        @JsonProperty("Active") ACTIVE, @JsonProperty("Ordered") ORDERED, @JsonProperty("Expired") EXPIRED
    }

    public record Pricing(BigDecimal listPrice, BigDecimal discountedPrice, BigDecimal proratedPrice,
                          BigDecimal price, BigDecimal extendedPrice) {
    }

    public record CartError(String errorCode, String errorDescription, Map<String, Object> additionalInformation) {
    }

    public record Participant(String key, String value) {
    }

    public record RenewsTo(String termDuration) {
    }

    public record CartLineItem(int id, String catalogItemId, String friendlyName, int quantity, String currencyCode,
                               BillingCycle billingCycle, String termDuration, List<Participant> participants,
                               Map<String, String> provisioningContext, String orderGroup, CartError error,
                               RenewsTo renewsTo, String promotionId, Pricing pricing) {
    }

    public record Cart(String id, Instant creationTimestamp, Instant lastModifiedTimestamp,
                       Instant expirationTimestamp, String lastModifiedUser, CartStatus status,
                       List<CartLineItem> lineItems, Links links, Attributes attributes) {
    }

    public enum OrderStatus {
        @JsonProperty("unknown") UNKNOWN, @JsonProperty("completed") COMPLETED, @JsonProperty("pending") PENDING,
        @JsonProperty("cancelled") CANCELLED
    }

    public record OrderLineItemLinks(Link subscription, Link product, Link sku, Link availability,
                                     Link provisioningStatus, Link activationLinks) {
    }

    public record OrderLineItem(int lineItemNumber, String offerId, String subscriptionId, String parentSubscriptionId,
                                String termDuration, String transactionType, String friendlyName, int quantity,
                                Pricing pricing, String partnerIdOnRecord, Map<String, String> provisioningContext,
                                RenewsTo renewsTo, OrderLineItemLinks links) {
    }

    public record OrderLinks(Link self, Link provisioningStatus, Link patchOperation, Link activationLinks) {
    }

    public record Order(String id, String alternateId, String referenceCustomerId, BillingCycle billingCycle,
                        String currencyCode, String currencySymbol, List<OrderLineItem> lineItems,
                        Instant creationDate, OrderStatus status, String transactionType, BigDecimal totalPrice,
                        OrderLinks links, Attributes attributes) {
    }

    public record Orders(int totalCount, List<Order> items, Links links, Attributes attributes) {
    }

    public record OrderError(String orderGroupId, int code, String description) {
    }

    public record CartCheckoutResult(List<Order> orders, List<OrderError> orderErrors) {
    }

    public record OrderLineItemActivationLink(int lineItemNumber, Link link) {
    }

    public record ActivationLinks(int totalCount, List<OrderLineItemActivationLink> items, Links links,
                                  Attributes attributes) {
    }

    public enum ProvisioningState {
        @JsonProperty("fulfilled") FULFILLED, @JsonProperty("unfulfilled") UNFULFILLED,
        @JsonProperty("prefulfillment_pending") PREFULFILLMENT_PENDING
    }

    public record QuantityProvisioningInformation(int quantity, ProvisioningState status) {
    }

    /** {@code error} is the platform's extension: why subscription-service refused the line. */
    public record OrderLineItemProvisioningStatus(int orderLineItemId, int lineItemNumber, ProvisioningState status,
                                                  List<QuantityProvisioningInformation> quantityProvisioningInformation,
                                                  CartError error) {
    }

    // --- subscriptions

    public enum SubscriptionStatus {
        @JsonProperty("none") NONE, @JsonProperty("active") ACTIVE, @JsonProperty("pending") PENDING,
        @JsonProperty("suspended") SUSPENDED, @JsonProperty("expired") EXPIRED, @JsonProperty("disabled") DISABLED,
        @JsonProperty("deleted") DELETED
    }

    public enum BillingType {
        @JsonProperty("none") NONE, @JsonProperty("usage") USAGE, @JsonProperty("license") LICENSE,
        @JsonProperty("benefit") BENEFIT
    }

    public record ProductType(String id, String displayName, ProductType subType) {
    }

    public enum RefundType {
        @JsonProperty("Full") FULL, @JsonProperty("Partial") PARTIAL
    }

    public record RefundOption(RefundType type, Instant expiresAt) {
    }

    public record NextTermProduct(String productId, String skuId, String availabilityId, BillingCycle billingCycle,
                                  String termDuration, String promotionId) {
    }

    public record ScheduledNextTermInstructions(NextTermProduct product, int quantity, Instant customTermEndDate) {
    }

    public record SubscriptionLinks(Link offer, Link entitlement, Link parentSubscription, Link product, Link sku,
                                    Link availability, Link activationLinks, Link self, Link next, Link previous) {
    }

    /** The platform's extension: what Partner Center's subscription has no field for. */
    public record SubscriptionPlatformDetails(BigDecimal unitPrice, String currency, int termNumber,
                                              Instant activationDeadline, Instant cancellationScheduledFor,
                                              Instant cancelledAt, String cancellationReason,
                                              String cancellationPolicyVersion, Instant expiredAt, String expiryReason,
                                              String customerId) {
    }

    public record Subscription(String id, String entitlementId, String offerId, String offerName, String friendlyName,
                               ProductType productType, int quantity, String unitType, String parentSubscriptionId,
                               Instant creationDate, Instant effectiveStartDate, Instant commitmentEndDate,
                               Instant commitmentEndDateTime, Instant cancellationAllowedUntilDate,
                               SubscriptionStatus status, boolean autoRenewEnabled, BillingType billingType,
                               BillingCycle billingCycle, String termDuration, String renewalTermDuration,
                               List<RefundOption> refundOptions, boolean isTrial, boolean isMicrosoftProduct,
                               boolean hasPurchasableAddons, String partnerId, String publisherName, String orderId,
                               String contractType, List<String> actions, List<String> suspensionReasons,
                               ScheduledNextTermInstructions scheduledNextTermInstructions,
                               SubscriptionPlatformDetails platform, SubscriptionLinks links, Attributes attributes) {
    }

    public record Subscriptions(int totalCount, List<Subscription> items, Links links, Attributes attributes) {
    }

    public record ProvisioningStatuses(int totalCount, List<OrderLineItemProvisioningStatus> items, Links links,
                                       Attributes attributes) {
    }

    // --- invoices and their (billed and unbilled) line items

    public enum BillingProvider {
        @JsonProperty("none") NONE, @JsonProperty("office") OFFICE, @JsonProperty("azure") AZURE,
        @JsonProperty("azure_data_market") AZURE_DATA_MARKET, @JsonProperty("one_time") ONE_TIME,
        @JsonProperty("marketplace") MARKETPLACE, @JsonProperty("all") ALL, @JsonProperty("external") EXTERNAL
    }

    public enum InvoiceLineItemType {
        @JsonProperty("none") NONE, @JsonProperty("usage_line_items") USAGE_LINE_ITEMS,
        @JsonProperty("billing_line_items") BILLING_LINE_ITEMS
    }

    /** A one-time (new commerce) line item's charge type. */
    public enum ChargeType {
        @JsonProperty("new") NEW, @JsonProperty("renew") RENEW, @JsonProperty("cycleCharge") CYCLE_CHARGE,
        @JsonProperty("addQuantity") ADD_QUANTITY, @JsonProperty("removeQuantity") REMOVE_QUANTITY,
        @JsonProperty("cancelImmediate") CANCEL_IMMEDIATE
    }

    public record InvoiceDetail(InvoiceLineItemType invoiceLineItemType, BillingProvider billingProvider, Links links,
                                Attributes attributes) {
    }

    public record Invoice(String id, Instant invoiceDate, Instant billingPeriodStartDate, Instant billingPeriodEndDate,
                          BigDecimal totalCharges, BigDecimal paidAmount, String currencyCode, String currencySymbol,
                          String pdfDownloadLink, List<InvoiceDetail> invoiceDetails, String documentType,
                          String invoiceType, List<Invoice> amendments, Links links, Attributes attributes) {
    }

    public record Invoices(int totalCount, List<Invoice> items, Links links, Attributes attributes) {
    }

    /** The part of a billing cycle a prorated line charges: {@code days} of {@code ofDays}. */
    public record Proration(int days, int ofDays) {
    }

    /** The integration events that produced a line and the billing event that recorded it. */
    public record Provenance(List<String> sourceEventIds, String recordedEventId) {
    }

    /**
     * The platform's extension of a line item: the charge's id, its billing period, the charge it reverses, its
     * proration, whether it was charged while the subscription was suspended, and its provenance.
     */
    public record InvoiceLineItemPlatformDetails(String chargeId, YearMonth billingPeriod, String reversesChargeId,
                                                 Proration proration, boolean whileSuspended,
                                                 Provenance provenance) {
    }

    public record OneTimeInvoiceLineItem(String partnerId, String customerId, String customerName,
                                         String customerDomainName, String customerCountry, String invoiceNumber,
                                         String orderId, Instant orderDate, String productId, String skuId,
                                         String availabilityId, String productName, String skuName,
                                         ChargeType chargeType, BigDecimal unitPrice, BigDecimal effectiveUnitPrice,
                                         String unitType, int quantity, BigDecimal billableQuantity,
                                         BigDecimal subtotal, BigDecimal taxTotal, BigDecimal totalForCustomer,
                                         String currency, String pricingCurrency, BigDecimal pcToBCExchangeRate,
                                         String publisherName, String publisherId, String subscriptionDescription,
                                         String subscriptionId, Instant chargeStartDate, Instant chargeEndDate,
                                         String termAndBillingCycle, String billingFrequency,
                                         InvoiceLineItemType invoiceLineItemType, BillingProvider billingProvider,
                                         InvoiceLineItemPlatformDetails platform, Attributes attributes) {
    }

    /** A seek-based page: {@code continuationToken} (also in {@code links.next}'s headers) while more follow. */
    public record OneTimeInvoiceLineItems(int totalCount, List<OneTimeInvoiceLineItem> items, Links links,
                                          Attributes attributes, String continuationToken) {
    }
}
