package com.cspmarket.billing.charge.api;

import com.cspmarket.kit.FieldsAddedUpcaster;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How stored billing events of older revisions are read (they are never rewritten). */
@Configuration(proxyBeanMethods = false)
public class BillingUpcasters {

    /**
     * A revision-1 charge reverses nothing by name, carries no proration parts (its QUANTITY_CHANGE amount was
     * prorated all the same) and was never marked as charged while suspended.
     */
    @Bean
    public static FieldsAddedUpcaster chargeRecordedReversalAndProration() {
        return new FieldsAddedUpcaster(ChargeRecorded.class, "1", "2", (json, stored) -> {
            json.putNull("reversesChargeId");
            json.putNull("proration");
            json.putNull("whileSuspended");
        });
    }

    /** A revision-1 purchase carries no details (order date, market, names): its invoice lines show them empty. */
    @Bean
    public static FieldsAddedUpcaster purchaseRecordedDetails() {
        return new FieldsAddedUpcaster(PurchaseRecorded.class, "1", "2", (json, stored) -> json.putNull("details"));
    }
}
