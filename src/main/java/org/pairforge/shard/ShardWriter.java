package org.pairforge.shard;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.pairforge.core.EncodedImage;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one shard: the WebDataset tar (a sample's members adjacent: image, txt, extras, json), then its
 * rejects, then its stats. Each goes through a temporary file and a rename, and stats go last, so a shard
 * with a stats file is whole and anything else is redone on resume.
 *
 * <p>Entries carry fixed owner, mode and time, so the same samples always give byte-identical tars.
 */
public final class ShardWriter {
    private static final Date FIXED_MTIME = new Date(0);

    private final ShardLayout layout;

    public ShardWriter(ShardLayout layout) {
        this.layout = layout;
    }

    /** Returns the tar's size in bytes. */
    public long write(int shard, List<Sample> samples, List<Rejection> rejections, StatsSupplier stats) throws IOException {
        Files.createDirectories(layout.shardsDir());
        Path tar = layout.tar(shard);
        Path tmpTar = ShardLayout.tmpFor(tar);
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmpTar), 1 << 20);
             TarArchiveOutputStream out = new TarArchiveOutputStream(file)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Sample s : samples) {
                EncodedImage img = s.image();
                put(out, s.key() + "." + img.probed().extension, img.bytes());
                put(out, s.key() + ".txt", s.text().getBytes(StandardCharsets.UTF_8));
                for (Map.Entry<String, String> extra : new java.util.TreeMap<>(s.extras()).entrySet()) {
                    put(out, s.key() + "." + extra.getKey(), extra.getValue().getBytes(StandardCharsets.UTF_8));
                }
                put(out, s.key() + ".json", Json.MAPPER.writeValueAsBytes(s.metadata()));
            }
            out.finish();
        }
        long tarBytes = Files.size(tmpTar);

        Path rejects = layout.rejects(shard);
        Path tmpRejects = ShardLayout.tmpFor(rejects);
        try (Writer w = Files.newBufferedWriter(tmpRejects, StandardCharsets.UTF_8)) {
            for (Rejection r : rejections) {
                w.write(rejectionLine(r));
                w.write('\n');
            }
        }
        ShardLayout.moveIntoPlace(tmpTar, tar);
        ShardLayout.moveIntoPlace(tmpRejects, rejects);

        Path statsPath = layout.stats(shard);
        Path tmpStats = ShardLayout.tmpFor(statsPath);
        Json.PRETTY.writeValue(tmpStats.toFile(), stats.stats(tarBytes));
        ShardLayout.moveIntoPlace(tmpStats, statsPath);
        return tarBytes;
    }

    /** Stats are only complete once the tar's size is known. */
    @FunctionalInterface
    public interface StatsSupplier {
        ShardStats stats(long tarBytes);
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
