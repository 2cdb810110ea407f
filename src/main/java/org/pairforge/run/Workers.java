package org.pairforge.run;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * The run's worker threads. A worker takes the next shard and extracts its inputs itself, in order: the bytes
 * it extracts are still in its core's cache when it writes them (handing every input to another thread made
 * two workers only 1.57x one, against 1.76-1.87x this way). A worker with no shard to take (a run of fewer
 * shards than workers, the end of any run) helps the shards in flight: it extracts inputs their own workers
 * have not reached yet, at most {@link #LOOKAHEAD} ahead, and each shard's worker still writes every result in
 * input order. Helpers are the same threads as shard workers, so per-thread state (a browser, a reading
 * buffer) exists once per worker, as {@code --workers} says.
 */
final class Workers implements AutoCloseable, org.pairforge.core.Parts.Helpers {
    /** How far past the last input a shard has taken its inputs may be taken by helpers: bounds memory. */
    static final int LOOKAHEAD = 4;

    private final List<Thread> threads = new ArrayList<>();
    /** Guarded by this, as are the fields below. */
    private final Deque<FutureTask<?>> queued = new ArrayDeque<>();
    private final List<SharedInputs<?>> shards = new ArrayList<>();
    /** The parts of single inputs being worked on ({@link org.pairforge.core.Parts}): helped before shards' inputs. */
    private final List<SharedInputs<?>> parts = new ArrayList<>();
    private boolean closed;
    private int nextShard;
    /** Workers waiting for something to do; read without the lock only to skip a needless wake-up. */
    private volatile int idle;

    Workers(int count) {
        for (int i = 0; i < count; i++) {
            // With other workers, an input's parts are theirs to help with as well.
            Runnable work = count > 1 ? () -> org.pairforge.core.Parts.withHelpers(this, this::work) : this::work;
            Thread t = new Thread(work, "pairforge-worker");
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Queues a shard; the first free worker takes it, before any helping. */
    synchronized <T> Future<T> submit(Callable<T> shard) {
        FutureTask<T> task = new FutureTask<>(shard);
        queued.add(task);
        notifyAll();
        return task;
    }

    /** A worker has started on a shard: its inputs are open to idle workers. */
    synchronized void started(SharedInputs<?> shard) {
        shards.add(shard);
        notifyAll();
    }

    /** A shard's worker has taken another input: idle workers waiting for room ahead of it may go on. */
    void advanced() {
        if (idle > 0) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    synchronized void finished(SharedInputs<?> shard) {
        shards.remove(shard);
        parts.remove(shard);
    }

    /**
     * One input's parts: this thread takes them in order, working on each not yet begun; idle workers work on
     * those ahead of it. Parts come before other inputs for idle workers, since this input's shard waits for them.
     */
    @Override
    public <T> void inOrder(int count, java.util.function.IntFunction<T> part, java.util.function.Predicate<? super T> sink) {
        SharedInputs<T> shared = new SharedInputs<>(count, part, this);
        synchronized (this) {
            parts.add(shared);
            notifyAll();
        }
        try {
            shared.drain((i, result) -> sink.test(result));
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        } finally {
            shared.awaitBegun(); // what the parts use may be closed once this returns
        }
    }

    private void work() {
        while (true) {
            Runnable job;
            synchronized (this) {
                while (true) {
                    if (closed) {
                        return;
                    }
                    job = queued.poll();
                    if (job == null) {
                        job = helpOne();
                    }
                    if (job != null) {
                        break;
                    }
                    idle++;
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    } finally {
                        idle--;
                    }
                }
            }
            job.run();
        }
    }

    /**
     * Waits for what a helper is extracting, working meanwhile on the parts of inputs in flight: the helper may be
     * splitting that very input into parts (a book into chapters), and this thread would otherwise idle.
     */
    <T> T await(java.util.concurrent.CompletableFuture<T> result) {
        while (!result.isDone()) {
            Runnable job;
            synchronized (this) {
                job = closed ? null : helpPart();
            }
            if (job != null) {
                job.run();
                continue;
            }
            try {
                return result.get(10, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // look for a part again
            } catch (java.util.concurrent.ExecutionException e) {
                throw new java.util.concurrent.CompletionException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result.join();
            }
        }
        return result.join();
    }

    /** A part of an input in flight to work on, the newest input's first (a part's own parts before its siblings). */
    private Runnable helpPart() {
        for (int k = parts.size() - 1; k >= 0; k--) {
            SharedInputs<?> input = parts.get(k);
            int index = input.claimAhead(LOOKAHEAD);
            if (index >= 0) {
                return () -> input.extract(index);
            }
        }
        return null;
    }

    /** A part of an input, else an input of a shard in flight, to extract (round robin over shards); or null. */
    private Runnable helpOne() {
        Runnable part = helpPart();
        if (part != null) {
            return part;
        }
        for (int k = 0; k < shards.size(); k++) {
            SharedInputs<?> shard = shards.get((nextShard + k) % shards.size());
            int index = shard.claimAhead(LOOKAHEAD);
            if (index >= 0) {
                nextShard++;
                return () -> shard.extract(index);
            }
        }
        return null;
    }

    /** Stops the workers: queued shards are cancelled, running ones interrupted. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            queued.forEach(t -> t.cancel(false));
            queued.clear();
            notifyAll();
        }
        threads.forEach(Thread::interrupt);
    }
}
