package org.pairforge.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A private temporary folder that an engine works in (an unpacked e-book, a copied LaTeX project). Closing
 * deletes it as far as it can: a leftover temp folder must not stop a run.
 */
public record TempFolder(Path root) implements AutoCloseable {

    public static TempFolder create(String prefix) {
        try {
            return new TempFolder(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary folder: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            org.pairforge.core.internal.Trees.delete(root);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
