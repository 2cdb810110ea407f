package org.pairforge.source;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.zip.ZipException;

/**
 * Expands what the user named into inputs, in a deterministic order (arguments as given, folder contents
 * sorted by path), so shard membership and therefore resume do not depend on the file system's order.
 * Inputs are produced one at a time: JSON Lines files are streamed, never held whole.
 */
public final class InputScanner {
    private final long maxInputBytes;
    private final InputKind kind;
    private final JsonLines jsonLines;

    private final Path runOut;

    public InputScanner(long maxInputBytes, InputKind kind) {
        this(maxInputBytes, kind, null);
    }

    /**
     * @param runOut the run's output folder: inputs made inside it (template documents and pages under
     *               {@code OUT/generated/}) get ids relative to it, so their keys do not depend on {@code -o}
     */
    public InputScanner(long maxInputBytes, InputKind kind, Path runOut) {
        this.maxInputBytes = maxInputBytes;
        this.kind = kind;
        this.jsonLines = new JsonLines(kind, maxInputBytes);
        this.runOut = runOut == null ? null : runOut.toAbsolutePath().normalize();
    }

    private String idOf(Path p) {
        if (runOut != null) {
            Path abs = p.toAbsolutePath().normalize();
            if (abs.startsWith(runOut) && !abs.equals(runOut)) {
                return runOut.relativize(abs).toString();
            }
        }
        return p.normalize().toString();
    }

    /** Misuse, not bad data: a named path that does not exist stops the run (exit 2). */
    public static void checkArguments(List<Path> args) {
        for (Path p : args) {
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("input " + p + " does not exist");
            }
        }
    }

    /** Total on-disk bytes of what the arguments name, for a progress bar. */
    public long totalBytes(List<Path> args) {
        long[] total = {0};
        for (Path arg : args) {
            forEachFile(arg, (path, id, tree, found) -> {
                try {
                    total[0] += found != null ? found.size() : Files.isDirectory(path) ? 0 : Files.size(path);
                } catch (IOException e) {
                    // counted as unreadable when scanned for real
                }
            }, ignored -> { });
        }
        return total[0];
    }

    public void scan(List<Path> args, Consumer<Input> sink) {
        for (Path arg : args) {
            list(arg, listed -> open(listed, sink));
        }
    }

    /**
     * What a listing found: a file or a whole-folder input (nothing read yet), or a failure to list. It names
     * plain strings only, so it can be opened elsewhere, such as on a Spark executor that sees the same files.
     *
     * @param size the file's size as the folder walk saw it, or -1 for a named argument (asked when opened)
     */
    public record Listed(String path, String id, String tree, boolean folder, long size, String failure, String message)
            implements java.io.Serializable {
    }

    /** The files and whole-folder inputs {@code arg} names, sorted by path, or {@code arg} itself; nothing is read. */
    public void list(Path arg, Consumer<Listed> out) {
        forEachFile(arg, (path, id, tree, found) -> out.accept(new Listed(path.toString(), id, tree.toString(),
                found != null ? found.folder() : Files.isDirectory(path), found != null ? found.size() : -1, null, null)),
                failed -> {
                    FailedInput f = (FailedInput) failed;
                    out.accept(new Listed(null, f.id(), null, false, 0, f.reason(), f.message()));
                });
    }

    /** The inputs a listed entry stands for, in order: a file, a folder, each line of a JSON Lines file, or a failure. */
    public void open(Listed l, Consumer<Input> sink) {
        if (l.failure() != null) {
            sink.accept(new FailedInput(l.id(), l.failure(), l.message()));
        } else if (l.folder()) {
            sink.accept(new FolderInput(Path.of(l.path()), l.id()));
        } else {
            Path path = Path.of(l.path());
            emitFile(path, l.id(), Path.of(l.tree()), l.size() < 0 ? null : new Found(path, false, l.size(), -1), sink);
        }
    }

    private interface FileSink {
        /**
         * @param tree  the folder the input may draw files from: the folder argument it was found in, else its own
         * @param found what the folder walk saw of it (so it is not asked again), or null for a named argument
         */
        void accept(Path path, String id, Path tree, Found found);
    }

    /** A path a folder walk found: a whole-folder input, or a regular file of this size. */
    private record Found(Path path, boolean folder, long size, long modifiedMillis) implements Comparable<Found> {
        @Override
        public int compareTo(Found other) {
            return path.compareTo(other.path);
        }
    }

    /** Files and whole-folder inputs under {@code arg}, sorted by path, or {@code arg} itself. */
    private void forEachFile(Path arg, FileSink files, Consumer<Input> failures) {
        if (!Files.isDirectory(arg) || kind.isInputFolder(arg)) {
            files.accept(arg, idOf(arg), Files.isDirectory(arg) ? arg.toAbsolutePath().normalize()
                    : arg.toAbsolutePath().normalize().getParent(), null);
            return;
        }
        List<Found> found = new ArrayList<>();
        try {
            Files.walkFileTree(arg, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(arg) && hidden(dir)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (!dir.equals(arg) && kind.isInputFolder(dir)) {
                        found.add(new Found(dir, true, 0, -1));
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && !hidden(file) && kind.isInputFile(file)) {
                        found.add(new Found(file, false, attrs.size(), attrs.lastModifiedTime().toMillis()));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            failures.accept(new FailedInput(arg.normalize().toString(), "unreadable", "cannot list folder: " + e.getMessage()));
        }
        found.sort(null);
        Path tree = arg.toAbsolutePath().normalize();
        // Only a folder that holds the run's output, or lies inside it, can hold inputs made inside the output.
        boolean nearOutput = runOut != null && (runOut.startsWith(tree) || tree.startsWith(runOut));
        for (Found f : found) {
            String id = nearOutput ? idOf(f.path()) : f.path().normalize().toString();
            files.accept(f.path(), id, f.folder() ? f.path().toAbsolutePath().normalize() : tree, f);
        }
    }

    /**
     * .ipynb_checkpoints, .git and other dot-folders hold copies, not inputs. The walk skips a hidden folder
     * whole, so whatever it visits has no hidden folder above it (below the argument) and only its own name
     * needs looking at.
     */
    private static boolean hidden(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    static boolean isJsonLines(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jsonl") || n.endsWith(".jsonl.gz");
    }

    private void emitFile(Path path, String id, Path tree, Found found, Consumer<Input> sink) {
        if (!isJsonLines(path)) {
            long size;
            try {
                size = found != null ? found.size() : Files.size(path);
            } catch (IOException e) {
                sink.accept(new FailedInput(id, "unreadable", id + ": " + e));
                return;
            }
            // A pipe or /proc file cannot be bounded or read twice from its location: its bytes are read here, bounded.
            sink.accept(new FileInput(path, id, size, !kind.readsFromLocation() || !Files.isRegularFile(path), tree,
                    found != null ? found.modifiedMillis() : -1));
            return;
        }
        readJsonLines(id, () -> FileInput.open(path), maxInputBytes, jsonLines, (line, input) -> sink.accept(input));
    }

    /** Opens a stream to read (already inflated when the file is gzip). */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    /** Takes each input of a JSON Lines file with its line number ({@link Long#MAX_VALUE}: the file's own failure). */
    @FunctionalInterface
    public interface LineSink {
        void accept(long line, Input input);
    }

    /**
     * The inputs of one JSON Lines file, wherever it is (a local file, HDFS, S3): a line over {@code maxInputBytes}
     * is a {@code too_large} rejection (never held whole in memory), blank lines are skipped, and a file that breaks
     * partway (bad gzip, an I/O error) gives its lines up to the damage and then a rejection of the file.
     */
    public static void readJsonLines(String id, Opener opener, long maxInputBytes, JsonLines reader, LineSink sink) {
        try (InputStream in = new BufferedInputStream(opener.open(), 1 << 16)) {
            LineReader lines = new LineReader(in, maxInputBytes);
            byte[] line;
            while ((line = lines.next()) != null) {
                String lineId = id + "#" + lines.lineNumber();
                if (line == LineReader.TOO_LONG) {
                    sink.accept(lines.lineNumber(), FailedInput.tooLong(lineId, maxInputBytes));
                } else if (!isBlank(line)) {
                    sink.accept(lines.lineNumber(), reader.line(lineId, line));
                }
            }
        } catch (ZipException | EOFException e) {
            sink.accept(Long.MAX_VALUE, new FailedInput(id, "bad_gzip",
                    id + " is not valid gzip (lines before the damage were read): " + e.getMessage()));
        } catch (IOException e) {
            sink.accept(Long.MAX_VALUE, new FailedInput(id, "unreadable", id + ": " + e));
        }
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
