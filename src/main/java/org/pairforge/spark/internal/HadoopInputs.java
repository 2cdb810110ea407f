package org.pairforge.spark.internal;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.pairforge.core.SourceData;
import org.pairforge.core.SourceRef;
import org.pairforge.core.UnreadableInputException;
import org.pairforge.source.Input;
import org.pairforge.source.InputKind;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Inputs on a file system Hadoop reaches other than the local one ({@code hdfs://}, {@code s3a://}): an argument
 * that names a file is one input; a folder is walked (hidden entries skipped, names sorted, as the CLI walks a local
 * one) for the kind's input files. An input is named by its URI, and read by the executor that makes it: bounded,
 * a {@code .gz} file decompressed within the bound.
 */
public final class HadoopInputs {
    private HadoopInputs() {
    }

    /** Whether an argument is for Hadoop: a URI with a scheme other than {@code file}. */
    public static boolean isRemote(String arg) {
        if (!arg.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            return false;
        }
        return !URI.create(arg).getScheme().equalsIgnoreCase("file");
    }

    /** A file found on the file system: its URI, and what the walk saw of it. */
    public record Found(String uri, long size, long modified) implements Serializable {
    }

    /** The input files {@code arg} names, in order: itself, or what a walk of the folder finds. */
    public static List<Found> list(HadoopStore store, String arg, InputKind kind) throws IOException {
        FileSystem fs = store.fileSystem(arg);
        Path root = new Path(arg);
        FileStatus top;
        try {
            top = fs.getFileStatus(root);
        } catch (FileNotFoundException e) {
            throw new org.pairforge.core.UsageException("input " + arg + " does not exist");
        }
        List<Found> found = new ArrayList<>();
        if (top.isFile()) {
            found.add(new Found(top.getPath().toString(), top.getLen(), top.getModificationTime()));
            return found;
        }
        walk(fs, top.getPath(), kind, found);
        found.sort(java.util.Comparator.comparing(Found::uri));
        return found;
    }

    private static void walk(FileSystem fs, Path dir, InputKind kind, List<Found> found) throws IOException {
        for (FileStatus s : fs.listStatus(dir)) {
            String name = s.getPath().getName();
            if (name.startsWith(".")) {
                continue; // .ipynb_checkpoints, .git: copies, not inputs
            }
            if (s.isDirectory()) {
                walk(fs, s.getPath(), kind, found);
            } else if (kind.isInputFile(java.nio.file.Path.of(s.getPath().toUri().getPath()))) {
                found.add(new Found(s.getPath().toString(), s.getLen(), s.getModificationTime()));
            }
        }
    }

    /** Whether a found file holds JSON Lines rows (each an input) rather than being one. */
    public static boolean isJsonLines(String uri) {
        String n = uri.toLowerCase(Locale.ROOT);
        return n.endsWith(".jsonl") || n.endsWith(".jsonl.gz");
    }

    /** A file on the file system as one input, read when it is made. */
    public static Input file(HadoopStore store, Found f) {
        return new Input() {
            @Override
            public String id() {
                return f.uri();
            }

            @Override
            public long size() {
                return f.size();
            }

            @Override
            public String fingerprint() {
                return "file " + f.size() + " bytes, modified " + f.modified();
            }

            @Override
            public SourceData load(long maxBytes) throws UnreadableInputException {
                boolean gzip = f.uri().toLowerCase(Locale.ROOT).endsWith(".gz");
                if (!gzip && f.size() > maxBytes) {
                    throw UnreadableInputException.tooLarge(f.uri(), f.size(), maxBytes);
                }
                try (InputStream raw = store.fileSystem(f.uri()).open(new Path(f.uri()));
                     InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
                    byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                    if (bytes.length > maxBytes) {
                        throw new UnreadableInputException("too_large", f.uri() + " holds more than " + maxBytes
                                + " bytes (--max-input-mb)");
                    }
                    // the bytes go to the pipeline, which places them on disk when its engine reads files
                    return new SourceData(SourceRef.of(f.uri()), bytes, null);
                } catch (ZipException | EOFException e) {
                    throw new UnreadableInputException("bad_gzip", f.uri() + " is not valid gzip: " + e.getMessage());
                } catch (IOException e) {
                    throw new UnreadableInputException("unreadable", f.uri() + ": " + e);
                }
            }
        };
    }
}
