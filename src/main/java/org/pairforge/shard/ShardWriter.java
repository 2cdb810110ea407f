package org.pairforge.shard;

import org.pairforge.core.Json;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Writes one shard: the WebDataset tar (a sample's members adjacent: image, txt, extras, json), then its
 * rejects, then its stats. Samples stream into a temporary tar as they are made, so a shard's images are
 * never all in memory; each file reaches its final name by rename, and the stats file goes last, so a shard
 * with a stats file is whole and anything else is redone on resume.
 *
 * <p>The tar itself is {@link WebDatasetWriter}'s: fixed owner, mode and time, so the same samples always
 * give byte-identical tars.
 */
public final class ShardWriter {
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
        private final WebDatasetWriter out;
        private boolean finished;

        private TarBuilder(int shard, Path tmp) throws IOException {
            this.shard = shard;
            this.tmp = tmp;
            this.out = new WebDatasetWriter(Files.newOutputStream(tmp));
        }

        public void add(Sample s) throws IOException {
            out.add(s);
        }

        /**
         * Completes the shard: drops the samples whose keys are in {@code dropKeys} (duplicates found after
         * they were written: rare, so the copy is paid only then), then writes rejects, the self-check's errors
         * when the run checks ({@code checkErrors} not null, one JSON line each), and stats.
         */
        public ShardStats commit(Set<String> dropKeys, List<Rejection> rejections, List<String> checkErrors,
                                 StatsSupplier stats) throws IOException {
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
                    w.write(WebDatasetWriter.rejectionLine(r));
                    w.write('\n');
                }
            }
            ShardLayout.moveIntoPlace(body, tar);
            ShardLayout.moveIntoPlace(tmpRejects, rejects);
            if (checkErrors != null) {
                Path errors = layout.checkErrors(shard);
                Path tmpErrors = ShardLayout.tmpFor(errors);
                try (Writer w = Files.newBufferedWriter(tmpErrors, StandardCharsets.UTF_8)) {
                    for (String line : checkErrors) {
                        w.write(line);
                        w.write('\n');
                    }
                }
                ShardLayout.moveIntoPlace(tmpErrors, errors);
            } else {
                Files.deleteIfExists(layout.checkErrors(shard));
            }

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
             WebDatasetWriter out = new WebDatasetWriter(Files.newOutputStream(to))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                String name = e.getName();
                if (!dropKeys.contains(name.substring(0, name.indexOf('.')))) {
                    out.addMember(name, in.readAllBytes());
                }
            }
            out.finish();
        }
    }
}
