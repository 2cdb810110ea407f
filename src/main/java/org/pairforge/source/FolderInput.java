package org.pairforge.source;

import org.pairforge.core.SourceData;
import org.pairforge.core.SourceRef;

import java.nio.file.Path;

/** A folder that is one input (an unpacked EPUB): the extractor reads it from its location. */
record FolderInput(Path dir, String id) implements Input {
    @Override
    public long size() {
        return 0;
    }

    @Override
    public String fingerprint() {
        long files = 0, bytes = 0, newest = 0;
        try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                java.nio.file.attribute.BasicFileAttributes a = java.nio.file.Files.readAttributes(p,
                        java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                if (a.isRegularFile()) {
                    files++;
                    bytes += a.size();
                }
                newest = Math.max(newest, a.lastModifiedTime().toMillis());
            }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return "unreadable";
        }
        return "folder " + files + " files, " + bytes + " bytes, newest " + newest;
    }

    @Override
    public SourceData load(long maxBytes) {
        return new SourceData(SourceRef.of(id), new byte[0], dir);
    }
}
