package org.pairforge.core;

/**
 * An extractor that can read its input from a buffer the caller reuses for every input. Reading each file
 * into a new array of its size costs twice what reading into the same memory does (the new array is zeroed,
 * then filled, and every byte is fresh to the cache): for notebooks, that was a tenth of a run.
 */
public interface BufferExtractor extends Extractor {
    /**
     * Extracts from {@code buffer[0, length)}. The buffer is the caller's again once this returns: nothing
     * returned may refer to it.
     */
    Extraction extract(SourceRef source, byte[] buffer, int length);
}
