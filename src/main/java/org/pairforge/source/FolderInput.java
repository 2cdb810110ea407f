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
        long[] filesBytesNewest = new long[3];
        try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(dir)) {
            walk.forEach(p -> {
                try {
                    java.nio.file.attribute.BasicFileAttributes a = java.nio.file.Files.readAttributes(p,
                            java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    if (a.isRegularFile()) {
                        filesBytesNewest[0]++;
                        filesBytesNewest[1] += a.size();
                    }
                    filesBytesNewest[2] = Math.max(filesBytesNewest[2], a.lastModifiedTime().toMillis());
                } catch (java.io.IOException ignored) {
                    filesBytesNewest[2] = -1;
                }
            });
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return "unreadable";
        }
        return "folder " + filesBytesNewest[0] + " files, " + filesBytesNewest[1] + " bytes, newest " + filesBytesNewest[2];
    }

    @Override
    public SourceData load(long maxBytes) {
        return new SourceData(SourceRef.of(id), new byte[0], dir);
    }
}
