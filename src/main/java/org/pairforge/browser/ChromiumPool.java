package org.pairforge.browser;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Browsers reused across pages, one per worker thread (Playwright's objects are single-threaded), so the
 * pool is as large as {@code --workers}. A browser that crashed or hung is closed and the next page on that
 * thread gets a fresh one: the batch goes on. All browsers close when the JVM exits.
 */
public final class ChromiumPool {
    private static final Set<Chromium> ALL = ConcurrentHashMap.newKeySet();
    private static final ThreadLocal<Chromium> MINE = new ThreadLocal<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChromiumPool::closeAll, "pairforge-chromium-close"));
    }

    private ChromiumPool() {
    }

    /**
     * Runs {@code work} with this thread's browser. When it throws, the browser is assumed broken (a crash,
     * a hang cut off by a timeout) and replaced before the next call.
     */
    public static <T> T withBrowser(Function<Chromium, T> work) {
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
        try {
            return work.apply(chromium);
        } catch (RuntimeException e) {
            discard(chromium);
            throw e;
        }
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

    static void closeAll() {
        for (Chromium c : ALL) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // shutting down
            }
        }
        ALL.clear();
    }
}
