package org.pairforge.run;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Threads that extract inputs for every shard in flight, so that a run with fewer shards than workers (a
 * small input, or the last shards of any run) still keeps every worker busy. Shards stay whole and ordered:
 * each shard's own thread writes its inputs' results in input order. A shared bound on extractions in flight
 * keeps memory to about two inputs per worker, as when each worker held one shard's current input.
 */
public final class ExtractionPool implements AutoCloseable {
    private final ExecutorService threads;
    private final Semaphore inFlight;

    public ExtractionPool(int workers) {
        this.threads = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "pairforge-extract");
            t.setDaemon(true);
            return t;
        });
        this.inFlight = new Semaphore(2 * workers);
    }

    /**
     * Starts a task if a slot is free; with {@code wait}, waits for one. A caller that has tasks of its own
     * running must not wait (it takes their results first, freeing slots), so no shard waits on another.
     */
    <T> Future<T> submit(Callable<T> task, boolean wait) throws InterruptedException {
        if (wait) {
            inFlight.acquire();
        } else if (!inFlight.tryAcquire()) {
            return null;
        }
        try {
            return threads.submit(task);
        } catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
    }

    /** The caller has taken a task's result: its slot is free. */
    void done() {
        inFlight.release();
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
