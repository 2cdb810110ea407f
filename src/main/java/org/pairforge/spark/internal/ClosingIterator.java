package org.pairforge.spark.internal;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A partition's output, made an input at a time, that closes what the partition opened once the last row is
 * taken. Spark's own {@code CompletionIterator} is private to Spark; a task that ends early (a limit, a failure)
 * is covered by the task completion listener registered beside this iterator, and closing twice is harmless.
 */
public final class ClosingIterator<I, O> implements Iterator<O> {
    /** Turns one input into its output rows. */
    @FunctionalInterface
    public interface Expander<I, O> {
        void expand(I input, java.util.function.Consumer<O> out);
    }

    private final Iterator<I> inputs;
    private final Expander<I, O> expander;
    private final AutoCloseable resource;
    private final ArrayDeque<O> pending = new ArrayDeque<>();
    private boolean closed;

    public ClosingIterator(Iterator<I> inputs, Expander<I, O> expander, AutoCloseable resource) {
        this.inputs = inputs;
        this.expander = expander;
        this.resource = resource;
    }

    @Override
    public boolean hasNext() {
        while (pending.isEmpty() && !closed) {
            if (inputs.hasNext()) {
                expander.expand(inputs.next(), pending::add);
            } else {
                close();
            }
        }
        return !pending.isEmpty();
    }

    @Override
    public O next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return pending.poll();
    }

    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            resource.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the partition's pipeline failed: " + e, e);
        }
    }
}
