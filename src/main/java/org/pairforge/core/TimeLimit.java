package org.pairforge.core;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs an engine call (SVG rasterization, HTML layout) with a deadline. Java cannot stop a thread, and these
 * engines do not check for interruption, so a call past its deadline is abandoned: it is interrupted, its
 * daemon thread finishes in the background within the engine's own size limits, and the caller gets a
 * rejection and goes on with the run.
 *
 * <p>Each call runs on a daemon thread of its own, started for it: there is no pool to own and close, and a
 * thread's start costs nothing next to a render.
 */
public final class TimeLimit {
    private TimeLimit() {
    }

    /** The deadline passed; {@code limit} is what the message should name. */
    public static final class Exceeded extends Exception {
        public Exceeded(String message) {
            super(message);
        }
    }

    /**
     * @param what names the work and the flag that sets its limit, e.g. "SVG rendering (--svg-timeout)"
     * @throws ExecutionException what the call threw, wrapped
     */
    public static <T> T run(Duration limit, String what, Callable<T> call) throws Exceeded, ExecutionException {
        FutureTask<T> future = new FutureTask<>(call);
        Thread thread = new Thread(future, "pairforge-engine");
        thread.setDaemon(true);
        thread.start();
        try {
            return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new Exceeded(what + " took longer than " + limit.toMillis() + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new Exceeded(what + " was interrupted");
        }
    }
}
