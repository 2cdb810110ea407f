package org.pairforge.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Folders pairforge made and removes again: temporary areas, an earlier run's shards, a Spark job's staging. */
public final class Trees {
    private Trees() {
    }

    /** Deletes {@code root} and everything under it (or the file it names); nothing when it does not exist. */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
