package org.pairforge.browser;

import org.pairforge.core.internal.Daemons;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Browsers reused across pages, one per thread that uses the pool (Playwright's objects are single-threaded).
 * A browser that crashed or hung is closed and the next page on that thread gets a fresh one: the batch goes
 * on. The pool is owned by whoever made it (a {@code Pipeline}): {@link #close()} ends every browser and
 * driver it started, including those of threads that have since gone back to a pool of their own (a Spark
 * executor's task threads are recycled, and its JVM lives for hours, so nothing may wait for JVM exit).
 */
public final class BrowserPool implements AutoCloseable {
    /** Past its budget, how long a call may still take before its browser is killed. */
    static final Duration GRACE = Duration.ofSeconds(2);

    private final Set<Chromium> all = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<Chromium> mine = new ThreadLocal<>();
    private final ScheduledThreadPoolExecutor watchdog = watchdog();
    private volatile boolean closed;

    /**
     * Runs {@code work} with this thread's browser. When it throws, the browser is assumed broken (a crash,
     * a hang cut off by a timeout) and replaced before the next call.
     *
     * <p>Not every Playwright call has a timeout (an evaluate, a DevTools command, a PDF): a page whose script
     * spins after its load would block the worker for ever. So a watchdog kills the browser's processes when
     * {@code budget} plus {@link #GRACE} has passed; the blocked call then fails, and {@link Hung} says why.
     */
    public <T> T withBrowser(Duration budget, Function<Chromium, T> work) {
        if (closed) {
            throw new IllegalStateException("the browser pool is closed");
        }
        Chromium chromium = mine.get();
        if (chromium != null && (!chromium.isHealthy() || !all.contains(chromium))) {
            discard(chromium);
            chromium = null;
        }
        if (chromium == null) {
            chromium = Chromium.launch();
            all.add(chromium);
            mine.set(chromium);
            if (closed) { // closed while this one launched: it must not outlive the pool
                discard(chromium);
                throw new IllegalStateException("the browser pool is closed");
            }
        }
        AtomicBoolean killed = new AtomicBoolean();
        Chromium watched = chromium;
        ScheduledFuture<?> alarm = watchdog.schedule(() -> {
            killed.set(true);
            watched.kill();
        }, budget.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
        try {
            T result = work.apply(chromium);
            alarm.cancel(false);
            if (killed.get()) { // it fired as the work finished: the result stands, the browser does not
                discard(chromium);
            }
            return result;
        } catch (RuntimeException e) {
            alarm.cancel(false);
            discard(chromium);
            if (killed.get()) {
                throw new Hung(budget, e);
            }
            throw e;
        }
    }

    /** The browser was still busy past its budget and was killed. */
    public static final class Hung extends RuntimeException {
        Hung(Duration budget, RuntimeException cause) {
            super("its browser was killed and replaced after " + budget.plus(GRACE).toMillis() + " ms", cause);
        }
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, Daemons.named("pairforge-chromium-watchdog"));
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    private void discard(Chromium chromium) {
        mine.remove();
        all.remove(chromium);
        try {
            chromium.close();
        } catch (RuntimeException ignored) {
            // already gone
        }
    }

    /** How many browsers are open. */
    public int size() {
        return all.size();
    }

    /**
     * Ends every browser and driver this pool started, all at once (each close waits for its processes).
     * A browser is closed from whichever thread calls this: Playwright allows closing from another thread, and
     * one whose thread is stuck is killed first. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        watchdog.shutdownNow();
        List<Thread> closing = new ArrayList<>();
        for (Chromium c : List.copyOf(all)) {
            all.remove(c);
            Thread t = new Thread(() -> {
                try {
                    c.close();
                } catch (RuntimeException ignored) {
                    // a crashed browser: its processes are killed below
                } finally {
                    c.kill(); // nothing of it may outlive the pool, whatever close managed
                }
            }, "pairforge-chromium-close");
            t.start();
            closing.add(t);
        }
        boolean interrupted = false;
        for (Thread t : closing) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
