package org.pairforge.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * The independent parts of one input (a book's chapters, a PDF's pages) worked on by the calling thread and, where
 * the run has idle workers, by them too, their results handed back in order on the calling thread. One big input
 * then keeps every core busy, as a run of many inputs does.
 *
 * <p>The results are the same whoever works on a part, so an extractor that splits its input makes the same
 * samples, byte for byte, with one worker or many: a part must depend on its index and the input alone, and
 * whatever runs across parts (a page budget, a stop at the first timeout) is decided in {@code sink}, in order.
 *
 * <p>Without helpers (a Spark task, a library caller, {@code --workers 1}) parts run one after another on the
 * calling thread.
 */
public final class Parts {
    private Parts() {
    }

    /** Who works on parts besides the calling thread: the CLI's workers while they have nothing else to do. */
    public interface Helpers {
        /** See {@link Parts#inOrder}. */
        <T> void inOrder(int count, IntFunction<T> part, Predicate<? super T> sink);
    }

    private static final ThreadLocal<Helpers> HELPERS = new ThreadLocal<>();

    /**
     * Works on parts {@code 0..count-1} and gives each result to {@code sink} in index order, on this thread.
     * When {@code sink} returns false no part is begun any more; parts already begun (by helpers) are finished
     * before this returns, so whatever they use may be closed then.
     *
     * @throws RuntimeException what a part threw (parts should return failures as results)
     */
    public static <T> void inOrder(int count, IntFunction<T> part, Predicate<? super T> sink) {
        Helpers helpers = HELPERS.get();
        if (helpers == null || count < 2) {
            for (int i = 0; i < count; i++) {
                if (!sink.test(part.apply(i))) {
                    return;
                }
            }
            return;
        }
        helpers.inOrder(count, part, sink);
    }

    /** Every part's result, in order (see {@link #inOrder}). */
    public static <T> List<T> all(int count, IntFunction<T> part) {
        List<T> out = new ArrayList<>(count);
        inOrder(count, part, out::add);
        return out;
    }

    /** Runs {@code body} on this thread with {@code helpers} working on the parts it splits its inputs into. */
    public static void withHelpers(Helpers helpers, Runnable body) {
        Helpers before = HELPERS.get();
        HELPERS.set(helpers);
        try {
            body.run();
        } finally {
            if (before == null) {
                HELPERS.remove();
            } else {
                HELPERS.set(before);
            }
        }
    }
}
