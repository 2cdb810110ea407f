package org.pairforge.check.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Reads images: Tesseract or PP-OCR here, or a served vision model. A reading never completes exceptionally: a failure
 * after all attempts is a {@link Reading} with an error. Thread-safe; the owner closes it.
 */
public interface Reader extends AutoCloseable {
    /**
     * One image to read. {@code lang} is a hint from the pair's text ({@code eng}, {@code chi_sim},
     * {@code chi_sim+eng}); {@code columns} the text columns its metadata states (1 when it says nothing).
     */
    record Request(String key, String kind, byte[] image, String mediaType, String prompt, String promptId, String lang,
                   int columns) {
    }

    /** {@code tesseract}, {@code ppocr} or {@code model}. */
    String checker();

    /** The model id, or Tesseract's version. */
    String model();

    /** May block while {@code --concurrency} requests are in flight. */
    CompletableFuture<Reading> read(Request request) throws InterruptedException;

    @Override
    void close();

    /**
     * An embedded reader's call: waits for one of the {@code slots} (shared by the readers of one self-check, one a
     * core), runs {@code work} on {@code pool} and frees the slot when it ends; {@code closed} answers once the pool
     * has shut down.
     */
    static CompletableFuture<Reading> onPool(Semaphore slots, Executor pool, Supplier<Reading> work,
                                             Supplier<Reading> closed) throws InterruptedException {
        slots.acquire();
        CompletableFuture<Reading> result = new CompletableFuture<>();
        result.whenComplete((x, e) -> slots.release());
        try {
            pool.execute(() -> result.complete(work.get()));
        } catch (RejectedExecutionException e) {
            result.complete(closed.get());
        }
        return result;
    }
}
