package org.pairforge.core;

/**
 * Turns one input into samples and rejections. Implementations are pure and thread-safe; each capability
 * (notebooks, documents, LaTeX, web pages) is one of these behind the same shard pipeline.
 */
@FunctionalInterface
public interface Extractor {
    Extraction extract(SourceData input);
}
