package org.pairforge.source;

import org.pairforge.core.UnreadableInputException;
import org.pairforge.core.SourceData;
import org.pairforge.core.SourceRef;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A whole file is one input: a notebook, optionally gzip-compressed, or an archive an extractor unpacks
 * itself from the location ({@code readBytes} false: it bounds what it unpacks, so nothing is read here).
 * {@code tree} is the folder the user named that the file was found in, or the file's own folder.
 */
record FileInput(Path path, String id, long size, boolean readBytes, Path tree, long modifiedMillis) implements Input {

    /** A file whose modification time is not known yet (asked when its fingerprint is). */
    FileInput(Path path, String id, long size, boolean readBytes, Path tree) {
        this(path, id, size, readBytes, tree, -1);
    }

    /**
     * Its size and modification time: as the folder walk saw them when it did, else as the file is now. A run
     * lists every input before it makes a shard, and again as each shard is written; the walk's answer spares
     * the file system a question per input each time, one of them on the worker's thread.
     */
    @Override
    public String fingerprint() {
        if (modifiedMillis >= 0) {
            return "file " + size + " bytes, modified " + modifiedMillis;
        }
        try {
            java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class);
            return "file " + a.size() + " bytes, modified " + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return "unreadable";
        }
    }

    @Override
    public SourceData load(long maxBytes) throws UnreadableInputException {
        return new SourceData(SourceRef.of(id), readBytes ? readBounded(path, maxBytes) : new byte[0], path, tree);
    }

    @Override
    public SourceRef loadInto(ReadBuffer buffer, long maxBytes) throws UnreadableInputException {
        if (!readBytes || isGzip(path)) {
            return Input.super.loadInto(buffer, maxBytes);
        }
        try (FileChannel channel = FileChannel.open(path)) {
            long size = channel.size();
            checkSize(path, size, maxBytes);
            if (size >= Integer.MAX_VALUE - 8) {
                return Input.super.loadInto(buffer, maxBytes); // beyond any array: that path says so
            }
            // One byte more than the stated size: reaching it means there is more than the size said (a file
            // growing while it is read, a pipe such as bash's <(...), a /proc file), read on up to the limit.
            // Reading stops one byte past the limit: enough to tell an input over it.
            int stop = (int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1);
            byte[] room = buffer.room((int) size + 1);
            int filled = 0;
            while (filled < stop) {
                if (filled == room.length) {
                    room = buffer.grow(filled, (int) Math.min(stop, Math.max(2L * filled, 1 << 16)));
                }
                int n = channel.read(ByteBuffer.wrap(room, filled, Math.min(room.length, stop) - filled));
                if (n < 0) {
                    break;
                }
                filled += n;
            }
            if (filled > maxBytes) {
                throw overLimit(path, maxBytes);
            }
            buffer.filled(filled);
            return SourceRef.of(id);
        } catch (IOException e) {
            throw new UnreadableInputException("unreadable", path + ": " + e);
        }
    }

    /** An input whose bytes, read or unpacked, went past the limit (its stated size did not say so). */
    private static UnreadableInputException overLimit(Path path, long maxBytes) {
        return new UnreadableInputException("too_large", path + " holds more than " + maxBytes + " bytes (--max-input-mb)");
    }

    private static void checkSize(Path path, long size, long maxBytes) throws UnreadableInputException {
        if (size > maxBytes) {
            throw UnreadableInputException.tooLarge(path.toString(), size, maxBytes);
        }
    }

    /** Reads a file, decompressing .gz, refusing more than maxBytes (after decompression: gzip bombs). */
    static byte[] readBounded(Path path, long maxBytes) throws UnreadableInputException {
        if (!isGzip(path)) {
            try {
                long size = Files.size(path);
                checkSize(path, size, maxBytes);
                if (size > 0 && Files.isRegularFile(path)) {
                    // One allocation of the known size: most inputs are plain files, and copies cost bandwidth.
                    byte[] bytes = Files.readAllBytes(path);
                    if (bytes.length > maxBytes) { // it grew while it was read
                        throw overLimit(path, maxBytes);
                    }
                    return bytes;
                }
                // A pipe (bash's <(...)), a /proc file or an empty file states no size it keeps to: read up to
                // one byte past the limit, which is enough to tell an input over it.
                try (InputStream in = Files.newInputStream(path)) {
                    byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                    if (bytes.length > maxBytes) {
                        throw overLimit(path, maxBytes);
                    }
                    return bytes;
                }
            } catch (IOException e) {
                throw new UnreadableInputException("unreadable", path + ": " + e);
            }
        }
        try (InputStream in = open(path)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw overLimit(path, maxBytes);
            }
            return bytes;
        } catch (ZipException | EOFException e) {
            throw new UnreadableInputException("bad_gzip", path + " is not valid gzip: " + e.getMessage());
        } catch (IOException e) {
            throw new UnreadableInputException("unreadable", path + ": " + e);
        }
    }

    static InputStream open(Path path) throws IOException {
        InputStream raw = Files.newInputStream(path);
        try {
            return isGzip(path) ? new GZIPInputStream(raw, 1 << 16) : raw;
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    static boolean isGzip(Path path) {
        return path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz");
    }
}
