package com.cspmarket.kit;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A stream read by a thread of its own, up to {@code capacity} items ahead of the one that consumes them: the read
 * (the event store's rows fetched and turned into messages, on a connection of the reading thread) runs side by side
 * with what the consumer does with each item. The source is opened, read and closed by the reading thread; a failure
 * there is thrown to the consumer by {@link #hasNext()}. {@link #close()} stops the reading thread and waits for it, so
 * that nothing reads on after the consumer has gone (its connection is back in the pool when close returns).
 */
final class ReadAhead<T> implements Iterator<T>, AutoCloseable {

    private static final Object END = new Object();

    private record Failure(RuntimeException error) {
    }

    private final BlockingQueue<Object> queue;
    private final Thread reader;
    private volatile boolean closed;
    private Object next;

    ReadAhead(Supplier<? extends Stream<? extends T>> source, int capacity, String threadName) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.reader = new Thread(() -> read(source), threadName);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(Supplier<? extends Stream<? extends T>> source) {
        Object last = END;
        try (Stream<? extends T> items = source.get()) {
            Iterator<? extends T> it = items.iterator();
            while (it.hasNext()) {
                if (!put(it.next())) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            last = new Failure(e);
        } catch (Error e) {
            put(new Failure(new IllegalStateException(e)));
            throw e;
        }
        put(last);
    }

    /** False once the consumer has closed this. */
    private boolean put(Object item) {
        try {
            while (!queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    return false;
                }
            }
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + reader.getName(), e);
            }
        }
        if (next instanceof Failure failure) {
            throw failure.error();
        }
        return next != END;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T item = (T) next;
        next = null;
        return item;
    }

    @Override
    public void close() {
        closed = true;
        queue.clear(); // a reader waiting for room sees the close at its next try
        boolean interrupted = false;
        while (reader.isAlive()) {
            try {
                reader.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
