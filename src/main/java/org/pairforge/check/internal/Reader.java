package org.pairforge.check.internal;

import java.util.concurrent.CompletableFuture;

/**
 * Reads images: Tesseract here, or a served vision model. A reading never completes exceptionally: a failure
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

    /** {@code tesseract} or {@code model}. */
    String checker();

    /** The model id, or Tesseract's version. */
    String model();

    /** May block while {@code --concurrency} requests are in flight. */
    CompletableFuture<Reading> read(Request request) throws InterruptedException;

    @Override
    void close();
}
