package com.cspmarket.subscription.subscription.api;

import com.cspmarket.kit.FieldsAddedUpcaster;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How stored Subscription events of older revisions are read (they are never rewritten). */
@Configuration(proxyBeanMethods = false)
public class SubscriptionUpcasters {

    /** Revision 1 of a purchase had no activation deadline: it is the default policy's, 30 days after purchase. */
    @Bean
    public static FieldsAddedUpcaster subscriptionPurchasedActivationDeadline() {
        return new FieldsAddedUpcaster(SubscriptionPurchased.class, "1", "2", (json, stored) -> json.put(
                "activationDeadline", java.time.Instant.parse(json.path("purchasedAt").asText())
                        .plus(java.time.Duration.ofDays(30)).toString()));
    }

    /** Revision 1 of a cancellation was always the partner's, inside the window. */
    @Bean
    public static FieldsAddedUpcaster subscriptionCancelledReason() {
        return new FieldsAddedUpcaster(SubscriptionCancelled.class, "1", "2",
                (json, stored) -> json.put("reason", SubscriptionCancelled.Reason.REQUESTED.name()));
    }

    /** Revision 1 of a withdrawn decrease was always the partner asking for the current quantity again. */
    @Bean
    public static FieldsAddedUpcaster scheduledQuantityDecreaseWithdrawnReason() {
        return new FieldsAddedUpcaster(ScheduledQuantityDecreaseWithdrawn.class, "1", "2",
                (json, stored) -> json.put("reason", ScheduledQuantityDecreaseWithdrawn.Reason.REQUESTED.name()));
    }
}
