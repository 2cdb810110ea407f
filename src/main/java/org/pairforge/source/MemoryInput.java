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
            throw new UnreadableInputException("too_large", id() + " is " + data.content().length
                    + " bytes, over the limit of " + maxBytes + " (--max-input-mb)");
        }
        return data;
    }

    @Override
    public String fingerprint() {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(data.content());
        return "bytes " + data.content().length + ", crc32c " + Long.toHexString(crc.getValue());
    }
}
