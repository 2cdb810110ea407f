package org.pairforge.source;

import org.pairforge.core.SourceData;
import org.pairforge.core.UnreadableInputException;

/** An input its caller already holds in memory (a Spark row, bytes from a library call). */
record MemoryInput(SourceData data) implements Input {
    @Override
    public String id() {
        return data.ref().id();
    }

    @Override
    public long size() {
        return data.content().length;
    }

    @Override
    public SourceData load(long maxBytes) throws UnreadableInputException {
        if (data.content().length > maxBytes) {
            throw UnreadableInputException.tooLarge(id(), data.content().length, maxBytes);
        }
        return data;
    }

    @Override
    public String fingerprint() {
        return Input.fingerprintOf("bytes", data.content());
    }
}
