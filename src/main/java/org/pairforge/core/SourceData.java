package org.pairforge.core;

import java.nio.file.Path;

/**
 * One input as an extractor receives it: its identity, its bytes, and, when it has one, its place on
 * disk ({@code location}, null for e.g. a JSON Lines row). Capabilities that render a tree of files (an
 * EPUB's chapters, CSS and images) resolve them from the location; the others read the bytes.
 */
public record SourceData(SourceRef ref, byte[] content, Path location) {
}
