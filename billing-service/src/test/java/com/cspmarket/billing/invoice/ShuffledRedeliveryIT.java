package com.cspmarket.billing.invoice;

import com.cspmarket.events.Topics;
import com.cspmarket.local.TopicWriter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The year of {@link YearOfBillingIT}, delivered the hard way: every integration event arrives one to three times;
 * the subscriptions' events are interleaved at random; each extra copy comes at a random later point of the month,
 * often after newer events of the same subscription, and a third of the copies are re-published under a new event
 * id (a producer that lost the original id, so the inbox cannot tell). Every invoice must still equal the
 * reference, subscription by subscription. A subscription's events keep their order on first delivery, the one
 * order Kafka guarantees (one key, one partition).
 */
class ShuffledRedeliveryIT extends YearOfBillingIT {

    final Random delivery = new Random(SEED + 1);
    int deliveries;
    int renamedCopies;

    @org.junit.jupiter.api.AfterEach
    void report() {
        System.out.printf("redelivery: %d subscriptions, %d events delivered %d times (%d copies under a new id)%n",
                subscriptions(), facts.size(), deliveries, renamedCopies);
    }

    @Override
    int subscriptions() {
        return Integer.getInteger("redelivery.subscriptions", 300);
    }

    @Override
    int deliver(TopicWriter kafka, List<Fact> ofMonth) {
        Map<String, Deque<Fact>> bySubscription = new LinkedHashMap<>();
        ofMonth.forEach(f -> bySubscription.computeIfAbsent(f.subscriptionId(), k -> new ArrayDeque<>()).add(f));
        List<String> turns = new ArrayList<>();
        bySubscription.forEach((id, queue) -> queue.forEach(f -> turns.add(id)));
        Collections.shuffle(turns, delivery);

        List<Fact> firstOrder = new ArrayList<>();
        turns.forEach(id -> firstOrder.add(bySubscription.get(id).poll()));
        List<Map.Entry<Double, Map.Entry<String, byte[]>>> sequence = new ArrayList<>();
        int distinctIds = firstOrder.size();
        for (int i = 0; i < firstOrder.size(); i++) {
            Fact fact = firstOrder.get(i);
            byte[] original = encode(UUID.randomUUID(), fact);
            sequence.add(Map.entry((double) i, Map.entry(fact.subscriptionId(), original)));
            int copies = delivery.nextInt(3); // one to three deliveries in all
            for (int c = 0; c < copies; c++) {
                byte[] copy = original;
                if (delivery.nextInt(3) == 0) {
                    copy = encode(UUID.randomUUID(), fact);
                    distinctIds++;
                    renamedCopies++;
                }
                double at = i + 0.5 + delivery.nextDouble() * (firstOrder.size() - i);
                sequence.add(Map.entry(at, Map.entry(fact.subscriptionId(), copy)));
            }
        }
        sequence.sort(Map.Entry.comparingByKey());
        deliveries += sequence.size();
        kafka.sendAll(Topics.SUBSCRIPTIONS, sequence.stream().map(Map.Entry::getValue).toList());
        return distinctIds;
    }
}
