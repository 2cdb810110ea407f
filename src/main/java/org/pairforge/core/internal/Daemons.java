package org.pairforge.core.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for pairforge's own pools. Daemons, because a library must not keep its caller's JVM alive: whoever
 * opened a pool still shuts it down, and a daemon only spares a caller who forgot.
 */
public final class Daemons {
    private Daemons() {
    }

    /** Threads named {@code name-1}, {@code name-2}, … so a thread dump tells the pools apart. */
    public static ThreadFactory named(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
