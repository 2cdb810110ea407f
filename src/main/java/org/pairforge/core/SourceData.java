package org.pairforge.core;

import java.nio.file.Path;

/**
 * One input as an extractor receives it: its identity, its bytes, and, when it has one, its place on
 * disk ({@code location}, null for e.g. a JSON Lines row). Capabilities that render a tree of files (an
 * EPUB's chapters, CSS and images) resolve them from the location; the others read the bytes.
 *
 * @param tree the folder the input may draw files from: the folder the user named when the input was found
 *             in it (a site's pages in {@code tutorial/} share {@code _static/}), else the input's own folder
 */
public record SourceData(SourceRef ref, byte[] content, Path location, Path tree) {
    /** An input whose tree is its own folder (or itself, for a folder input). */
    public SourceData(SourceRef ref, byte[] content, Path location) {
        this(ref, content, location, location == null ? null
                : java.nio.file.Files.isDirectory(location) ? location : location.toAbsolutePath().getParent());
    }
}
