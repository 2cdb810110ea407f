package org.pairforge.source;

import org.pairforge.core.UnreadableInputException;

import java.nio.file.Path;

/** Reading one input file as the batch runner does, for library callers that hold a path. */
public final class InputFiles {
    private InputFiles() {
    }

    /**
     * The file's bytes, gunzipped for {@code .gz}, refusing more than {@code maxBytes} ({@code too_large})
     * however the file states its size (pipes and {@code /proc} files state none).
     */
    public static byte[] read(Path file, long maxBytes) throws UnreadableInputException {
        return FileInput.readBounded(file, maxBytes);
    }
}
