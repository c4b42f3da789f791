package com.cspmarket.kit;

import com.cspmarket.events.EventCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Applies the records of one poll in one database transaction (a batch listener: {@code @KafkaListener(batch =
 * "true")}), so that a consumer under load commits once per poll instead of once per record; records of one partition
 * in their order. If the batch fails, nothing of it is kept and its records are applied again, a transaction each: the
 * ones before the failing record commit, and the failing one is handed to the container's error handler
 * ({@link BatchListenerFailedException} with its index), which commits the offsets before it and delivers it and the
 * rest again after a back-off, as a record listener's failure is. A record that is not an envelope is logged and
 * skipped, never retried. Each record is applied in a consumer span that continues the trace in its headers (Spring
 * Kafka observes record listeners only).
 */
public class RecordBatches {

    private static final Logger log = LoggerFactory.getLogger(RecordBatches.class);

    private final TransactionTemplate transactions;
    private final Traces traces;

    public RecordBatches(PlatformTransactionManager transactions, Traces traces) {
        this.transactions = new TransactionTemplate(transactions);
        this.traces = traces;
    }

    /**
     * @param apply what one record does (inbox admission, commands, writes), in the transaction this opens
     * @throws BatchListenerFailedException when a record fails in a transaction of its own
     */
    public void apply(List<ConsumerRecord<String, byte[]>> records, Consumer<ConsumerRecord<String, byte[]>> apply) {
        apply(records, batch -> {
        }, apply);
    }

    /**
     * As {@link #apply(List, Consumer)}, with {@code beforeBatch} called first in the batch's transaction (not in the
     * transactions of single records): to admit the poll's events to the inbox in one statement, say
     * ({@link Inbox#admitAhead}).
     */
    public void apply(List<ConsumerRecord<String, byte[]>> records,
                      Consumer<List<ConsumerRecord<String, byte[]>>> beforeBatch,
                      Consumer<ConsumerRecord<String, byte[]>> apply) {
        if (records.isEmpty()) {
            return;
        }
        if (records.size() > 1) {
            try {
                transactions.executeWithoutResult(status -> {
                    beforeBatch.accept(records);
                    records.forEach(record -> applyOne(record, apply));
                });
                return;
            } catch (RuntimeException batchFailed) {
                log.warn("a batch of {} records failed ({}); applying them one transaction each", records.size(),
                        batchFailed.toString());
            }
        }
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, byte[]> record = records.get(i);
            try {
                transactions.executeWithoutResult(status -> applyOne(record, apply));
            } catch (RuntimeException e) {
                throw new BatchListenerFailedException("record " + record.topic() + "-" + record.partition() + "@"
                        + record.offset() + " failed", e, i);
            }
        }
    }

    private void applyOne(ConsumerRecord<String, byte[]> record, Consumer<ConsumerRecord<String, byte[]>> apply) {
        traces.received(record.topic() + " receive", header(record, Traces.TRACEPARENT), () -> {
            try {
                apply.accept(record);
            } catch (EventCodec.MalformedEventException e) {
                log.error("skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                        e.getMessage());
            }
            return null;
        });
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
