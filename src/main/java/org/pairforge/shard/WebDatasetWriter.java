package org.pairforge.shard;

import org.pairforge.core.Json;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.pairforge.core.EncodedImage;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * pairforge's shard format as a codec over any {@link OutputStream} (a file, a Spark partition's output, a
 * socket): a WebDataset tar in which a sample's members are adjacent, image first, then {@code KEY.txt}, the
 * extra members by name, and {@code KEY.json}. Entries carry fixed owner, mode and time, so the same samples
 * always give byte-identical tars. {@link #rejectionLine} is the format of {@code rejects.jsonl}.
 * The shard engine adds the commit: rejects, the shard's listing, and its stats, written last.
 */
public final class WebDatasetWriter implements Closeable {
    private static final Date FIXED_MTIME = new Date(0);
    private static final int TAR_BLOCK_BYTES = 64 * 1024;
    static final int WRITE_BUFFER_BYTES = 256 * 1024;

    private final TarArchiveOutputStream tar;

    /** Writes to {@code out}, which {@link #close()} closes. */
    public WebDatasetWriter(OutputStream out) {
        this.tar = openTar(out);
    }

    /** The sample's members, in the order they are written. */
    public void add(Sample s) throws IOException {
        EncodedImage img = s.image();
        put(tar, s.key() + "." + img.probed().extension, img.bytes());
        put(tar, s.key() + ".txt", s.text().getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, String> extra : s.extras().entrySet()) { // sorted by name
            put(tar, s.key() + "." + extra.getKey(), extra.getValue().getBytes(StandardCharsets.UTF_8));
        }
        put(tar, s.key() + ".json", Json.MAPPER.writeValueAsBytes(s.metadata()));
    }

    /** One member as it stands (copying a shard). */
    void addMember(String name, byte[] data) throws IOException {
        put(tar, name, data);
    }

    /** Ends the archive; the stream stays open until {@link #close()}. */
    public void finish() throws IOException {
        tar.finish();
        tar.flush();
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }

    /** A rejection as one line of {@code rejects.jsonl}: source, key (for candidates), stage, reason, message, then any details. */
    public static String rejectionLine(Rejection r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", r.source());
        if (r.key() != null) {
            m.put("key", r.key());
        }
        m.put("stage", r.stage().id());
        m.put("reason", r.reason());
        m.put("message", r.message());
        r.details().forEach(m::putIfAbsent);
        try {
            return Json.MAPPER.writeValueAsString(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * commons-compress hands its stream one 512-byte tar record at a time, whatever block size it is given
     * (that only pads the archive's end): unbuffered, a write system call per record, 345,000 of them for the
     * tars of 505 MB of notebooks. The buffer costs one more copy of each byte and saves nearly all of those.
     */
    static TarArchiveOutputStream openTar(OutputStream file) {
        TarArchiveOutputStream out = new TarArchiveOutputStream(new BufferedOutputStream(file, WRITE_BUFFER_BYTES),
                TAR_BLOCK_BYTES);
        out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        return out;
    }

    private static void put(TarArchiveOutputStream out, String name, byte[] data) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(data.length);
        e.setModTime(FIXED_MTIME);
        e.setMode(0100644);
        e.setUserId(0);
        e.setGroupId(0);
        e.setUserName("");
        e.setGroupName("");
        out.putArchiveEntry(e);
        out.write(data);
        out.closeArchiveEntry();
    }
}
