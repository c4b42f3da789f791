package com.cspmarket.kit;

import com.cspmarket.events.EventCodec;
import com.cspmarket.events.Topics;
import com.cspmarket.events.subscription.SubscriptionAutoRenewChanged;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The outbox publisher's contract with the tracking processor that calls it: within a unit of work (a batch) records
 * go out without waiting for each other, the batch commits only when Kafka acknowledged all of them, and a record
 * never goes out while the batch's previous record with its key is unacknowledged. The producer is Kafka's
 * {@link MockProducer}, which acknowledges or fails a send when told to (a real broker cannot be made to fail one
 * given record); the real broker's side is covered by FaultToleranceIT (a broker restart mid-load).
 */
class IntegrationEventPublisherTest {

    /** Acknowledges only when told; KafkaTemplate closes its producer after each send, this one stays open. */
    final MockProducer<String, byte[]> kafka = new MockProducer<>(false, new StringSerializer(), new ByteArraySerializer()) {
        @Override
        public void close(Duration timeout) {
        }
    };
    final IntegrationEventPublisher publisher =
            new IntegrationEventPublisher(new KafkaTemplate<>(new MockProducerFactory<>(() -> kafka)));

    @AfterEach
    void noUnitOfWorkLeft() {
        while (org.axonframework.messaging.unitofwork.CurrentUnitOfWork.isStarted()) {
            org.axonframework.messaging.unitofwork.CurrentUnitOfWork.get().rollback();
        }
    }

    static GenericDomainEventMessage<String> internal(String subscription, long sequence) {
        return new GenericDomainEventMessage<>("Subscription", subscription, sequence, "internal event");
    }

    void publish(String subscription, long sequence) {
        publisher.publish(internal(subscription, sequence), new SubscriptionAutoRenewChanged(subscription, sequence % 2 == 0));
    }

    List<String> sent() {
        return kafka.history().stream().map(IntegrationEventPublisherTest::describe).toList();
    }

    static String describe(ProducerRecord<String, byte[]> record) {
        return record.key() + "#" + EventCodec.decode(record.value()).orElseThrow().aggregateSequence();
    }

    @Test
    void aBatchSendsWithoutWaitingAndCommitsOnlyOnceEveryRecordIsAcknowledged() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        publish("s1", 0);
        publish("s2", 0);
        publish("s3", 7);
        assertThat(sent()).containsExactly("s1#0", "s2#0", "s3#7"); // none acknowledged yet
        assertThat(kafka.history()).allSatisfy(r -> assertThat(r.topic()).isEqualTo(Topics.SUBSCRIPTIONS));

        kafka.completeNext();
        kafka.completeNext();
        kafka.completeNext();
        AtomicBoolean committed = new AtomicBoolean();
        batch.afterCommit(u -> committed.set(true));
        batch.commit();
        assertThat(committed).isTrue();
    }

    @Test
    void oneFailedAcknowledgementRollsTheWholeBatchBack() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        AtomicBoolean rolledBack = new AtomicBoolean();
        batch.onRollback(u -> rolledBack.set(true));
        publish("s1", 0);
        publish("s2", 0);
        kafka.completeNext();
        kafka.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker gone"));

        assertThatThrownBy(batch::commit).hasMessageContaining("Kafka did not acknowledge")
                .hasMessageContaining("subscription.SubscriptionAutoRenewChanged");
        assertThat(rolledBack).isTrue();
    }

    @Test
    void aRecordWaitsForTheAcknowledgementOfTheBatchsPreviousOneWithItsKey() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        publish("s1", 0);
        publish("s2", 0);
        kafka.completeNext(); // s1#0 acknowledged: the next fact of s1 may go
        publish("s1", 1);
        assertThat(sent()).containsExactly("s1#0", "s2#0", "s1#1");

        kafka.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker gone")); // s2#0 fails
        assertThatThrownBy(() -> publish("s2", 1)).hasMessageContaining("Kafka did not acknowledge");
        assertThat(sent()).as("a newer fact of s2 never follows its failed predecessor")
                .containsExactly("s1#0", "s2#0", "s1#1");
        batch.rollback();
    }

    @Test
    void outsideAUnitOfWorkEachRecordIsAcknowledgedBeforePublishReturns() {
        MockProducer<String, byte[]> acknowledging = new MockProducer<>(true, new StringSerializer(), new ByteArraySerializer()) {
            @Override
            public void close(Duration timeout) {
            }
        };
        new IntegrationEventPublisher(new KafkaTemplate<>(new MockProducerFactory<>(() -> acknowledging)))
                .publish(GenericEventMessage.asEventMessage("not from an aggregate"), new SubscriptionAutoRenewChanged("s9", true));
        assertThat(acknowledging.history()).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("s9");
            assertThat(EventCodec.decode(r.value()).orElseThrow().aggregateSequence()).isNull();
        });
    }
}
