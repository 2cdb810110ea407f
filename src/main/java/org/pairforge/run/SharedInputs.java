package org.pairforge.run;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * One shard's inputs, taken in order by its own thread and, ahead of it, by idle workers ({@link Workers}).
 * Whoever takes an input extracts it; the shard's thread waits only for an input a helper still has.
 */
final class SharedInputs<T> {
    private final IntFunction<T> extractor;
    /** The run's workers: they help, and the taking thread waits through them for an input a helper still has. */
    private final Workers workers;
    private final CompletableFuture<T>[] results;
    private final AtomicInteger next = new AtomicInteger();
    /** Inputs the shard's thread has taken; helpers stay within {@link Workers#LOOKAHEAD} of it. */
    private volatile int taken;
    private volatile boolean abandoned;

    @SuppressWarnings("unchecked")
    SharedInputs(int size, IntFunction<T> extractor, Workers workers) {
        this.extractor = extractor;
        this.workers = java.util.Objects.requireNonNull(workers);
        this.results = new CompletableFuture[size];
        for (int i = 0; i < size; i++) {
            results[i] = new CompletableFuture<>();
        }
    }

    /**
     * Claims the next input if it lies before {@code limit}; -1 if none does. Synchronized with {@link #abandon()}: a
     * claim is either counted before the inputs are given up (and {@link #awaitBegun()} waits for it) or refused.
     */
    private synchronized int claimBefore(int limit) {
        int i = next.get();
        if (i >= results.length || i >= limit || abandoned) {
            return -1;
        }
        next.set(i + 1);
        return i;
    }

    /** A helper's claim: an input at most {@code lookahead} past the last one the shard's thread took. */
    int claimAhead(int lookahead) {
        return claimBefore(taken + lookahead);
    }

    void extract(int index) {
        try {
            results[index].complete(extractor.apply(index));
        } catch (Throwable t) {
            results[index].completeExceptionally(t);
        }
    }

    /**
     * The shard's thread: input {@code index}'s result, extracting this input and the next ones itself until
     * it is ready (it is not only while a helper is still on it). Inputs are taken in order, each once.
     */
    T take(int index) {
        CompletableFuture<T> result = results[index];
        while (!result.isDone()) {
            int mine = claimBefore(index + Workers.LOOKAHEAD);
            if (mine < 0) {
                break;
            }
            extract(mine);
        }
        T value = workers.await(result);
        results[index] = null; // taken: let it go
        taken = index + 1;
        return value;
    }

    /** What the taking thread does with each result, in order; false stops taking. */
    interface Sink<T, E extends Exception> {
        boolean accept(int index, T result) throws E;
    }

    /**
     * The taking thread's loop, once {@link Workers} knows of these inputs: every result in order into {@code sink}
     * until it stops; then, or on a failure, the rest is given up and the workers forget these inputs. A failed
     * extraction comes out as the {@link java.util.concurrent.CompletionException} carrying it.
     */
    <E extends Exception> void drain(Sink<? super T, E> sink) throws E {
        try {
            for (int i = 0; i < results.length; i++) {
                T result = take(i);
                workers.advanced();
                if (!sink.accept(i, result)) {
                    break;
                }
            }
        } finally {
            abandon();
            workers.finished(this);
        }
    }

    /** The shard is given up: helpers take nothing more from it. */
    synchronized void abandon() {
        abandoned = true;
    }

    /** After {@link #abandon()}: waits until every input a helper began is finished (its result is dropped). */
    void awaitBegun() {
        int begun = Math.min(next.get(), results.length);
        for (int i = 0; i < begun; i++) {
            CompletableFuture<T> r = results[i];
            if (r != null) {
                try {
                    r.join();
                } catch (RuntimeException dropped) {
                    // nobody takes it any more
                }
            }
        }
    }
}
