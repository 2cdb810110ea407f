package org.pairforge.spark.internal;

import org.pairforge.core.Extraction;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;
import org.pairforge.core.SourceData;
import org.pairforge.pipeline.Pipeline;
import org.pairforge.pipeline.PipelineSpec;
import org.pairforge.source.InputKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Parquet dataset of a Spark run ({@code OUT/data/*.parquet}) as the self-check's input, as
 * {@link org.pairforge.check.Datasets} takes WebDataset ones: each part file is one input whose samples go through
 * the check again, and whose rejections ({@code shards/NNNNNN.rejects.jsonl} of the same shard) are carried into
 * the new dataset, as a WebDataset shard's are.
 */
public final class ParquetDatasets {
    /** Part files in a dataset's {@code data/} folder. */
    public static final InputKind PARTS = new InputKind() {
        @Override
        public boolean isInputFile(Path file) {
            Path parent = file.getParent();
            return file.getFileName().toString().endsWith(".parquet") && parent != null && parent.getFileName() != null
                    && parent.getFileName().toString().equals("data");
        }

        @Override
        public boolean readsFromLocation() {
            return true;
        }
    };

    private ParquetDatasets() {
    }

    /** Whether {@code dir} is a Parquet dataset: a {@code data/} folder of part files. */
    public static boolean isDataset(org.pairforge.shard.RunStore dir) throws IOException {
        return dir.list(org.pairforge.shard.ShardLayout.DATA).stream().anyMatch(n -> n.endsWith(".parquet"));
    }

    public static PipelineSpec spec(long maxPartBytes) {
        return () -> Pipeline.of("check", ParquetDatasets::extract, PARTS, maxPartBytes);
    }

    static Extraction extract(SourceData input) {
        List<Sample> samples;
        try {
            samples = SampleFiles.read(input.location());
        } catch (IOException | RuntimeException e) {
            return Extraction.unreadable(Rejection.ofInput(input.ref(), Rejection.Stage.READ, "bad_shard",
                    input.ref().id() + " is not a readable pairforge Parquet file: " + e.getMessage()));
        }
        String shard = input.location().getFileName().toString().replaceFirst("\\.parquet$", "");
        Path rejects = input.location().toAbsolutePath().getParent().resolveSibling(org.pairforge.shard.ShardLayout.SHARDS)
                .resolve(shard + ".rejects.jsonl");
        List<Rejection> carried = new java.util.ArrayList<>();
        int earlier = org.pairforge.check.Datasets.carry(input.ref().id(), rejects, carried);
        return new Extraction(true, samples.size() + earlier, samples, carried);
    }
}
