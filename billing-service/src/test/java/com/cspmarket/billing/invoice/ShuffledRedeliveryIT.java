package com.cspmarket.billing.invoice;

import com.cspmarket.events.Topics;
import com.cspmarket.local.TopicWriter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The year of {@link YearOfBillingIT}, delivered the hard way: every integration event arrives one to three times,
 * each delivery at a random point of its month, so a subscription's events come in any order (an activation before
 * its purchase, added seats before the activation, a copy long after newer events), and a third of the extra copies
 * are re-published under a new event id (a producer that lost the original id, so the inbox cannot tell). Every
 * invoice must still equal the reference, subscription by subscription.
 */
class ShuffledRedeliveryIT extends YearOfBillingIT {

    final Random delivery = new Random(SEED + 1);
    int deliveries;
    int renamedCopies;
    /** First deliveries that came before an earlier event of the same subscription. */
    int overtaking;

    @org.junit.jupiter.api.AfterEach
    void report() {
        System.out.printf("redelivery: %d subscriptions, %d events delivered %d times (%d copies under a new id, "
                        + "%d events before an earlier one of their subscription)%n",
                subscriptions(), facts.size(), deliveries, renamedCopies, overtaking);
        assertThat(overtaking).as("events that overtake earlier ones").isGreaterThan(facts.size() / 10);
    }

    @Override
    int subscriptions() {
        return Integer.getInteger("redelivery.subscriptions", 300);
    }

    @Override
    int deliver(TopicWriter kafka, List<Fact> ofMonth) {
        record Delivery(double at, Fact fact, byte[] bytes) {
        }
        List<Delivery> deliveriesOfMonth = new ArrayList<>();
        int distinctIds = ofMonth.size();
        for (Fact fact : ofMonth) {
            byte[] original = encode(UUID.randomUUID(), fact);
            deliveriesOfMonth.add(new Delivery(delivery.nextDouble(), fact, original));
            int copies = delivery.nextInt(3); // one to three deliveries in all
            for (int c = 0; c < copies; c++) {
                byte[] copy = original;
                if (delivery.nextInt(3) == 0) {
                    copy = encode(UUID.randomUUID(), fact);
                    distinctIds++;
                    renamedCopies++;
                }
                deliveriesOfMonth.add(new Delivery(delivery.nextDouble(), fact, copy));
            }
        }
        deliveriesOfMonth.sort(java.util.Comparator.comparingDouble(Delivery::at));

        Map<String, TreeSet<Long>> undelivered = new HashMap<>();
        ofMonth.forEach(f -> undelivered.computeIfAbsent(f.subscriptionId(), k -> new TreeSet<>()).add(f.sequence()));
        for (Delivery d : deliveriesOfMonth) {
            TreeSet<Long> pending = undelivered.get(d.fact().subscriptionId());
            if (pending.contains(d.fact().sequence())) {
                if (pending.first() < d.fact().sequence()) {
                    overtaking++;
                }
                pending.remove(d.fact().sequence());
            }
        }
        deliveries += deliveriesOfMonth.size();
        kafka.sendAll(Topics.SUBSCRIPTIONS, deliveriesOfMonth.stream()
                .map(d -> Map.entry(d.fact().subscriptionId(), d.bytes())).toList());
        return distinctIds;
    }
}
