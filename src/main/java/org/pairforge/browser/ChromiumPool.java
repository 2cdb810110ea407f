package org.pairforge.browser;

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
 * Browsers reused across pages, one per worker thread (Playwright's objects are single-threaded), so the
 * pool is as large as {@code --workers}. A browser that crashed or hung is closed and the next page on that
 * thread gets a fresh one: the batch goes on. All browsers close when the JVM exits.
 */
public final class ChromiumPool {
    private static final Set<Chromium> ALL = ConcurrentHashMap.newKeySet();
    private static final ThreadLocal<Chromium> MINE = new ThreadLocal<>();
    /** Past its budget, how long a call may still take before its browser is killed. */
    static final Duration GRACE = Duration.ofSeconds(2);
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChromiumPool::closeAll, "pairforge-chromium-close"));
    }

    private ChromiumPool() {
    }

    /**
     * Runs {@code work} with this thread's browser. When it throws, the browser is assumed broken (a crash,
     * a hang cut off by a timeout) and replaced before the next call.
     *
     * <p>Not every Playwright call has a timeout (an evaluate, a DevTools command, a PDF): a page whose script
     * spins after its load would block the worker for ever. So a watchdog kills the browser's processes when
     * {@code budget} plus {@link #GRACE} has passed; the blocked call then fails, and {@link Hung} says why.
     */
    public static <T> T withBrowser(Duration budget, Function<Chromium, T> work) {
        Chromium chromium = MINE.get();
        if (chromium != null && !chromium.isHealthy()) {
            discard(chromium);
            chromium = null;
        }
        if (chromium == null) {
            chromium = Chromium.launch();
            ALL.add(chromium);
            MINE.set(chromium);
        }
        AtomicBoolean killed = new AtomicBoolean();
        Chromium watched = chromium;
        ScheduledFuture<?> alarm = WATCHDOG.schedule(() -> {
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
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "pairforge-chromium-watchdog");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    private static void discard(Chromium chromium) {
        MINE.remove();
        ALL.remove(chromium);
        try {
            chromium.close();
        } catch (RuntimeException ignored) {
            // already gone
        }
    }

    /** How many browsers are open (for tests and progress). */
    public static int size() {
        return ALL.size();
    }

    /** At exit, all browsers close at once: each waits for its driver and browser processes to end. */
    static void closeAll() {
        List<Thread> closing = new ArrayList<>();
        for (Chromium c : ALL) {
            Thread t = new Thread(() -> {
                try {
                    c.close();
                } catch (RuntimeException ignored) {
                    // shutting down
                }
            }, "pairforge-chromium-close");
            t.start();
            closing.add(t);
        }
        for (Thread t : closing) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        ALL.clear();
    }
}
