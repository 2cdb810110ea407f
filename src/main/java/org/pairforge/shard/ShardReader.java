package org.pairforge.shard;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a shard back the way WebDataset does: a member's key is its name up to the first dot, and
 * adjacent members with the same key form one sample. Used on resume (to recover de-duplication state)
 * and by anyone checking a dataset.
 */
public final class ShardReader {
    private ShardReader() {
    }

    /** members: extension (e.g. "png", "txt", "json") → bytes, in tar order. */
    public record TarSample(String key, Map<String, byte[]> members) {
    }

    public static List<TarSample> read(Path tar) throws IOException {
        List<TarSample> samples = new ArrayList<>();
        try (InputStream file = new BufferedInputStream(Files.newInputStream(tar), 1 << 16);
             TarArchiveInputStream in = new TarArchiveInputStream(file)) {
            TarArchiveEntry e;
            TarSample current = null;
            while ((e = in.getNextEntry()) != null) {
                String name = e.getName();
                int dot = name.indexOf('.');
                if (dot <= 0) {
                    throw new IOException(tar + ": member " + name + " has no key.extension form");
                }
                String key = name.substring(0, dot);
                if (current == null || !current.key().equals(key)) {
                    current = new TarSample(key, new LinkedHashMap<>());
                    samples.add(current);
                }
                current.members().put(name.substring(dot + 1), in.readAllBytes());
            }
        }
        return samples;
    }
}
