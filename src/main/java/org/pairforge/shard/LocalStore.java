package org.pairforge.shard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/** A run in a local folder: each file written beside its name ({@code NAME.tmp}) and renamed into place. */
public final class LocalStore implements RunStore {
    /** What a file being written is called until it is whole; a run removes those a killed run left. */
    public static final String TMP = ".tmp";

    private final Path root;

    public LocalStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path path(String name) {
        return name.isEmpty() ? root : root.resolve(name);
    }

    @Override
    public Output create(String name) throws IOException {
        return create(path(name), TMP);
    }

    /**
     * A local file written beside {@code target} under the name with {@code suffix} and moved into place when closed
     * (atomically where the file system can): a reader never meets half of it. Its bytes go to the file from a
     * thread of their own ({@link WriteBehind}).
     */
    public static Output create(Path target, String suffix) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + suffix);
        WriteBehind file = new WriteBehind(FileChannel.open(tmp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
        return new Output(file, () -> move(tmp, target), () -> {
            try {
                file.discard();
            } finally {
                Files.deleteIfExists(tmp);
            }
        });
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public InputStream open(String name) throws IOException {
        return Files.newInputStream(path(name));
    }

    @Override
    public boolean exists(String name) {
        return Files.exists(path(name));
    }

    @Override
    public long size(String name) throws IOException {
        return Files.size(path(name));
    }

    @Override
    public void delete(String name) throws IOException {
        org.pairforge.core.internal.Trees.delete(path(name));
    }

    @Override
    public List<String> list(String dir) throws IOException {
        Path d = path(dir);
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(d)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> dir.isEmpty() ? p.getFileName().toString() : dir + "/" + p.getFileName())
                    .sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    @Override
    public void removeTemporaries() throws IOException {
        for (String dir : List.of("", ShardLayout.SHARDS, ShardLayout.DATA)) {
            Path d = path(dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> files = Files.list(d)) {
                for (Path p : files.filter(p -> p.getFileName().toString().endsWith(TMP)).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Override
    public String describe(String name) {
        return path(name).toString();
    }
}
