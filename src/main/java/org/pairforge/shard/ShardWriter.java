package org.pairforge.shard;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.pairforge.core.EncodedImage;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes one shard: the WebDataset tar (a sample's members adjacent: image, txt, extras, json), then its
 * rejects, then its stats. Samples stream into a temporary tar as they are made, so a shard's images are
 * never all in memory; each file reaches its final name by rename, and the stats file goes last, so a shard
 * with a stats file is whole and anything else is redone on resume.
 *
 * <p>Entries carry fixed owner, mode and time, so the same samples always give byte-identical tars.
 */
public final class ShardWriter {
    private static final Date FIXED_MTIME = new Date(0);
    private static final int TAR_BLOCK_BYTES = 64 * 1024;
    static final int WRITE_BUFFER_BYTES = 256 * 1024;

    private final ShardLayout layout;

    public ShardWriter(ShardLayout layout) {
        this.layout = layout;
    }

    /** Starts the shard's temporary tar. */
    public TarBuilder begin(int shard) throws IOException {
        Files.createDirectories(layout.shardsDir());
        return new TarBuilder(shard, ShardLayout.tmpFor(layout.tar(shard)));
    }

    /** Stats are only complete once the tar's size is known. */
    @FunctionalInterface
    public interface StatsSupplier {
        ShardStats stats(long tarBytes);
    }

    public final class TarBuilder implements Closeable {
        private final int shard;
        private final Path tmp;
        private final TarArchiveOutputStream out;
        private boolean finished;

        private TarBuilder(int shard, Path tmp) throws IOException {
            this.shard = shard;
            this.tmp = tmp;
            this.out = openTar(Files.newOutputStream(tmp));
        }

        public void add(Sample s) throws IOException {
            EncodedImage img = s.image();
            put(out, s.key() + "." + img.probed().extension, img.bytes());
            put(out, s.key() + ".txt", s.text().getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, String> extra : new TreeMap<>(s.extras()).entrySet()) {
                put(out, s.key() + "." + extra.getKey(), extra.getValue().getBytes(StandardCharsets.UTF_8));
            }
            put(out, s.key() + ".json", Json.MAPPER.writeValueAsBytes(s.metadata()));
        }

        /**
         * Completes the shard: drops the samples whose keys are in {@code dropKeys} (duplicates found after
         * they were written: rare, so the copy is paid only then), then writes rejects and stats.
         */
        public ShardStats commit(Set<String> dropKeys, List<Rejection> rejections, StatsSupplier stats) throws IOException {
            out.finish();
            out.close();
            finished = true;
            Path tar = layout.tar(shard);
            Path body = tmp;
            if (!dropKeys.isEmpty()) {
                body = ShardLayout.tmpFor(tmp.resolveSibling(layout.tar(shard).getFileName() + ".filtered"));
                copyWithout(tmp, body, dropKeys);
                Files.delete(tmp);
            }
            long tarBytes = Files.size(body);

            Path rejects = layout.rejects(shard);
            Path tmpRejects = ShardLayout.tmpFor(rejects);
            try (Writer w = Files.newBufferedWriter(tmpRejects, StandardCharsets.UTF_8)) {
                for (Rejection r : rejections) {
                    w.write(rejectionLine(r));
                    w.write('\n');
                }
            }
            ShardLayout.moveIntoPlace(body, tar);
            ShardLayout.moveIntoPlace(tmpRejects, rejects);

            ShardStats result = stats.stats(tarBytes);
            Path statsPath = layout.stats(shard);
            Path tmpStats = ShardLayout.tmpFor(statsPath);
            Json.PRETTY.writeValue(tmpStats.toFile(), result);
            ShardLayout.moveIntoPlace(tmpStats, statsPath);
            return result;
        }

        /** Abandons an unfinished shard: its temporary tar is removed; resume will redo the shard. */
        @Override
        public void close() throws IOException {
            if (!finished) {
                out.close();
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static void copyWithout(Path from, Path to, Set<String> dropKeys) throws IOException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(from), 1 << 20);
             TarArchiveInputStream in = new TarArchiveInputStream(file);
             TarArchiveOutputStream out = openTar(Files.newOutputStream(to))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                String name = e.getName();
                if (!dropKeys.contains(name.substring(0, name.indexOf('.')))) {
                    put(out, name, in.readAllBytes());
                }
            }
            out.finish();
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

    static String rejectionLine(Rejection r) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", r.source());
        if (r.key() != null) {
            m.put("key", r.key());
        }
        m.put("stage", r.stage().id());
        m.put("reason", r.reason());
        m.put("message", r.message());
        return Json.MAPPER.writeValueAsString(m);
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
