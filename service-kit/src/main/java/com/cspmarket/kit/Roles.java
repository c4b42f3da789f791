package com.cspmarket.kit;

/**
 * The roles a token's {@code roles} claim may carry. Partner users (Partner Center's roles) act only inside their
 * partner ({@code partnerId} claim); a platform operator has no partner and may act for every partner.
 */
public final class Roles {

    /** Partner Center's Admin agent: manages the partner's customers, orders and subscriptions. */
    public static final String ADMIN_AGENT = "AdminAgent";
    /** Partner Center's Sales agent: creates customers, places orders, manages subscriptions. */
    public static final String SALES_AGENT = "SalesAgent";
    /** Partner Center's Billing admin: the partner's invoices and unbilled charges. */
    public static final String BILLING_ADMIN = "BillingAdmin";
    /** The platform's own staff: the catalog's publishing side, the operator endpoints, and support for any partner. */
    public static final String OPERATOR = "PlatformOperator";

    private Roles() {
    }
}
