package org.pairforge.run;

import org.junit.jupiter.api.Test;
import org.pairforge.core.Parts;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One input's parts ({@link Parts}) are worked on by idle workers and come back in order. */
class WorkersTest {
    /** Runs {@code body} as a shard on a pool of {@code n} workers and returns what it returned. */
    private static <T> T onWorkers(int n, java.util.concurrent.Callable<T> body) throws Exception {
        try (Workers workers = new Workers(n)) {
            Future<T> f = workers.submit(body);
            return f.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void partsOfOneInputRunOnEveryWorkerAndComeBackInOrder() throws Exception {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Integer> results = onWorkers(2, () -> {
            List<Integer> out = new ArrayList<>();
            Parts.inOrder(12, i -> {
                threads.add(Thread.currentThread().getName() + "#" + Thread.currentThread().getId());
                sleep(20 + (i % 3) * 15); // uneven parts finish out of order
                return i * i;
            }, out::add);
            return out;
        });
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            expected.add(i * i);
        }
        assertEquals(expected, results);
        assertEquals(2, threads.size(), "both workers worked on the one input's parts: " + threads);
    }

    @Test
    void nestedPartsAreHelpedToo() throws Exception {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<String> results = onWorkers(2, () -> Parts.all(3, chapter -> {
            List<String> pages = Parts.all(4, page -> {
                threads.add(Thread.currentThread().getName() + "#" + Thread.currentThread().getId());
                sleep(15);
                return chapter + "." + page;
            });
            return String.join(",", pages);
        }));
        assertEquals(List.of("0.0,0.1,0.2,0.3", "1.0,1.1,1.2,1.3", "2.0,2.1,2.2,2.3"), results);
        assertEquals(2, threads.size(), threads.toString());
    }

    @Test
    void aStoppingSinkBeginsNoMorePartsAndWaitsForThoseBegun() throws Exception {
        AtomicInteger begun = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        int[] seen = {0};
        int stillRunning = onWorkers(2, () -> {
            Parts.inOrder(100, i -> {
                begun.incrementAndGet();
                running.incrementAndGet();
                sleep(10);
                running.decrementAndGet();
                return i;
            }, i -> ++seen[0] < 3);
            return running.get();
        });
        assertEquals(3, seen[0]);
        assertEquals(0, stillRunning, "no part still running once inOrder returned");
        assertTrue(begun.get() <= 3 + Workers.LOOKAHEAD + 1, begun.get() + " parts begun");
    }

    @Test
    void withoutHelpersPartsRunInOrderOnTheCallingThread() throws Exception {
        List<String> threads = new ArrayList<>();
        List<Integer> results = onWorkers(1, () -> Parts.all(5, i -> {
            threads.add(Thread.currentThread().getName());
            return i;
        }));
        assertEquals(List.of(0, 1, 2, 3, 4), results);
        assertEquals(Set.of("pairforge-worker"), Set.copyOf(threads));
        assertEquals(List.of(0, 1, 2), Parts.all(3, i -> i), "no pool at all: on this thread");
    }

    @Test
    void aPartsFaultReachesTheCaller() throws Exception {
        RuntimeException e = assertThrows(java.util.concurrent.ExecutionException.class, () -> onWorkers(2,
                () -> Parts.all(6, i -> {
                    if (i == 4) {
                        throw new IllegalStateException("part 4 broke");
                    }
                    return i;
                }))).getCause() instanceof RuntimeException r ? r : null;
        assertEquals("part 4 broke", e.getMessage());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
