package org.pairforge.run;

import java.util.ArrayList;
import java.util.List;

/**
 * Lends cores that no shard is using to the shards in flight. Each shard's own thread extracts its inputs
 * itself, in order: the bytes it extracts are still in its core's cache when it writes them (handing every
 * input to another thread made two workers only 1.57x one, against 1.76-1.87x this way). Only while fewer
 * shards run than there are workers (a run of one shard, the last shards of any run) do helper threads take inputs
 * a shard's thread has not reached yet; the shard's thread still writes every result in input order.
 */
final class SpareCores implements AutoCloseable {
    /** How far past the last input a shard has written its inputs may be taken: bounds memory per shard. */
    static final int LOOKAHEAD = 4;

    private final int workers;
    private final List<SharedInputs<?>> shards = new ArrayList<>();
    /** Threads extracting now: shard threads and working helpers. Guarded by this. */
    private volatile int busy;
    private boolean closed;
    private int nextShard;

    SpareCores(int workers) {
        this.workers = workers;
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(this::help, "pairforge-helper");
            t.setDaemon(true);
            t.start();
        }
    }

    /** A shard's thread starts on it: one core taken, and its inputs open to helpers if others are spare. */
    synchronized void started(SharedInputs<?> shard) {
        busy++;
        shards.add(shard);
        notifyAll();
    }

    /** A shard's thread has written up to a new input: helpers waiting for room ahead of it may go on. */
    void advanced() {
        if (busy < workers) { // racy read: at worst a helper waits for the next shard event
            synchronized (this) {
                notifyAll();
            }
        }
    }

    synchronized void finished(SharedInputs<?> shard) {
        busy--;
        shards.remove(shard);
        notifyAll();
    }

    private void help() {
        while (true) {
            SharedInputs<?> shard;
            int index;
            synchronized (this) {
                while (true) {
                    if (closed) {
                        return;
                    }
                    shard = null;
                    index = -1;
                    if (busy < workers) {
                        // Round robin, so one long shard does not take every spare core from the others.
                        for (int k = 0; k < shards.size() && index < 0; k++) {
                            shard = shards.get((nextShard + k) % shards.size());
                            index = shard.claimAhead(LOOKAHEAD);
                        }
                    }
                    if (index >= 0) {
                        nextShard++;
                        busy++;
                        break;
                    }
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            try {
                shard.extract(index);
            } finally {
                synchronized (this) {
                    busy--;
                    notifyAll();
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
