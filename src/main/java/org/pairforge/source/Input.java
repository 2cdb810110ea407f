package org.pairforge.source;

import org.pairforge.core.UnreadableInputException;
import org.pairforge.core.SourceData;
import org.pairforge.core.SourceRef;

/**
 * One unit of input, e.g. a notebook file or one line of a JSON Lines file. Loading is deferred to the
 * worker that processes it, so the planner holds paths, not bytes, for file inputs.
 */
public interface Input {
    /** An input held in memory, for callers that write shards themselves (a Spark partition). */
    static Input of(org.pairforge.core.SourceData data) {
        return new MemoryInput(data);
    }

    /** Stable identity: sample keys derive from it. */
    String id();

    /** Bytes this input occupies on disk (compressed where it is), for progress reporting. */
    long size();

    SourceData load(long maxBytes) throws UnreadableInputException;

    /**
     * What says the input is still the one listed before (size and modification time of a file; length and
     * checksum of a JSON Lines row; file count, bytes and newest time of a folder), so that a resume can
     * refuse an input folder that changed. Cheap: no file is read.
     */
    String fingerprint();

    /** The fingerprint of bytes held in memory: their length and CRC32C. */
    static String fingerprintOf(String what, byte[] bytes) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes);
        return what + " " + bytes.length + " bytes, crc32c " + Long.toHexString(crc.getValue());
    }

    /**
     * Loads the input's bytes into {@code buffer} (for a {@link org.pairforge.core.BufferExtractor}) and returns
     * its reference. By default the buffer holds the array {@link #load} made; a file is read into the
     * buffer's own memory.
     */
    default SourceRef loadInto(ReadBuffer buffer, long maxBytes) throws UnreadableInputException {
        SourceData data = load(maxBytes);
        buffer.hold(data.content());
        return data.ref();
    }
}
