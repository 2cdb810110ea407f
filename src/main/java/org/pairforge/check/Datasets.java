package org.pairforge.check;

import org.pairforge.core.Extraction;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;
import org.pairforge.core.SourceData;
import org.pairforge.pipeline.Pipeline;
import org.pairforge.shard.ShardReader;
import org.pairforge.source.InputKind;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A finished pairforge dataset as input: each shard ({@code shards/NNNNNN.tar}) is one input, whose samples go
 * through the stages again (the self-check), and whose rejections ({@code NNNNNN.rejects.jsonl} beside it) are
 * carried into the new dataset, so its funnel still adds up: {@code candidates = kept + Σ dropped}.
 */
public final class Datasets {
    private static final Pattern SHARD = Pattern.compile("\\d{6}\\.tar");

    private Datasets() {
    }

    /** Shard tars under a dataset folder (in {@code shards/}), or a shard tar named directly. */
    public static final InputKind SHARDS = new InputKind() {
        @Override
        public boolean isInputFile(Path file) {
            Path parent = file.getParent();
            return SHARD.matcher(file.getFileName().toString()).matches() && parent != null
                    && parent.getFileName() != null && parent.getFileName().toString().equals("shards");
        }

        @Override
        public boolean readsFromLocation() {
            return true;
        }
    };

    /** One shard held in memory (a Spark dataset's row made into a shard): its bytes are the input, nothing beside it. */
    public static final InputKind SHARD_BYTES = file -> false;

    /** The pipeline that re-reads shards given as bytes through {@code stages}: no earlier rejections to carry. */
    public static Pipeline.Builder bytesPipeline(long maxShardBytes) {
        return Pipeline.of("check", Datasets::extract, SHARD_BYTES, maxShardBytes);
    }

    /** The pipeline that re-reads datasets through {@code stages} (a {@link SelfCheck}). */
    public static Pipeline.Builder pipeline(long maxShardBytes) {
        return Pipeline.of("check", Datasets::extract, SHARDS, maxShardBytes);
    }

    static Extraction extract(SourceData input) {
        List<ShardReader.TarSample> tars;
        try (InputStream in = input.location() != null && Files.isRegularFile(input.location())
                ? new BufferedInputStream(Files.newInputStream(input.location()), 1 << 16)
                : new ByteArrayInputStream(input.content())) {
            tars = ShardReader.read(in, input.ref().id());
        } catch (IOException e) {
            return Extraction.unreadable(Rejection.ofInput(input.ref(), Rejection.Stage.READ, "bad_shard",
                    input.ref().id() + " is not a readable shard: " + e.getMessage()));
        }
        List<Sample> samples = new ArrayList<>(tars.size());
        List<Rejection> rejections = new ArrayList<>();
        for (ShardReader.TarSample t : tars) {
            try {
                samples.add(ShardReader.toSample(t));
            } catch (IOException | RuntimeException e) {
                rejections.add(new Rejection(input.ref().id(), t.key(), Rejection.Stage.READ, "bad_shard",
                        "sample " + t.key() + " of " + input.ref().id() + " is not a pairforge sample: " + e.getMessage()));
            }
        }
        int earlier = 0;
        if (input.location() != null) {
            earlier = carry(input.ref().id(), input.location().resolveSibling(input.location().getFileName().toString()
                    .replaceFirst("\\.tar$", ".rejects.jsonl")), rejections);
        }
        return new Extraction(true, tars.size() + earlier, samples, rejections);
    }

    /**
     * A dataset shard's earlier rejections, carried into {@code into}; returns how many were candidates (they count
     * in the new funnel). A shard whose rejects are gone still has its samples: they are checked, the loss is noted.
     */
    public static int carry(String shard, Path rejects, List<Rejection> into) {
        int earlier = 0;
        try {
            for (Rejection r : ShardReader.readRejects(rejects)) {
                into.add(r);
                if (r.key() != null) {
                    earlier++;
                }
            }
        } catch (IOException e) {
            into.add(new Rejection(shard, null, Rejection.Stage.READ, "unreadable",
                    rejects + " cannot be read, so this shard's earlier rejections are not carried over: " + e));
        }
        return earlier;
    }


}
