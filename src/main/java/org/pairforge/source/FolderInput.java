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
    public SourceData load(long maxBytes) {
        return new SourceData(SourceRef.of(id), new byte[0], dir);
    }
}
