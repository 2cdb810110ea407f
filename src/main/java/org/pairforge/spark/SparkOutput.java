package org.pairforge.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;
import org.pairforge.core.internal.Trees;
import org.pairforge.spark.internal.Checks;
import org.pairforge.spark.internal.ClosingIterator;
import org.pairforge.spark.internal.SampleFiles;
import org.pairforge.spark.internal.Staging;
import org.pairforge.core.Json;
import org.pairforge.shard.ShardLayout;
import org.pairforge.shard.WebDatasetWriter;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Spark run's output on a local (or mounted) file system: {@code data/*.parquet} that Hugging Face
 * {@code datasets} loads with {@code image} as an Image feature, {@code README.md} declaring the same features,
 * and {@code rejects.jsonl} as the CLI writes it.
 */
public final class SparkOutput {
    /** The footer key {@code datasets} reads its features from. */
    public static final String HUGGINGFACE_KEY = "huggingface";
    private static final List<String> STRING_COLUMNS = List.of("key", "kind", "text", "meta", "dedup_key", "extras", "source");

    private SparkOutput() {
    }

    /**
     * Writes the samples as Parquet, each part file's footer then rewritten with the {@code huggingface} key
     * (Spark cannot write footer metadata: the row groups are copied byte for byte into a new file), and the
     * rejections as {@code rejects.jsonl}. The data goes to a staging folder first and moves into {@code data/}
     * when complete.
     *
     * @return the Parquet files written
     */
    public static List<Path> parquet(SparkPairs.Pairs pairs, Path out) throws IOException {
        return parquet(pairs.samples(), pairs.rejections(), out);
    }

    /** {@link #parquet(SparkPairs.Pairs, Path)} for samples and rejections from anywhere (a check's, say). */
    public static List<Path> parquet(Dataset<Row> samples, Dataset<Row> rejections, Path out) throws IOException {
        Files.createDirectories(out);
        Staging.Where where = parquetWhere(out);
        Trees.delete(where.staging());
        List<Long> kept = samples.javaRDD().mapPartitionsWithIndex((p, rows) -> List.of(Staging.writeSamples(
                where.samples(p), where, asSamples(rows))).iterator(), true).collect();
        rejects(rejections, out.resolve("rejects.jsonl"));
        publishParquet(where, kept.stream().mapToLong(Long::longValue).toArray());
        try (Stream<Path> s = Files.list(out.resolve("data"))) {
            return s.sorted().toList();
        }
    }

    static Staging.Where parquetWhere(Path out) {
        return new Staging.Where(SampleFiles.Format.PARQUET, out.toAbsolutePath().toString(),
                Map.of(HUGGINGFACE_KEY, huggingfaceFooter()));
    }

    /**
     * The staged part files into {@code data/}, whole, and the dataset card beside it. A part file without rows
     * says nothing: it is left out, unless every one is empty (one stays, for the schema).
     */
    static void publishParquet(Staging.Where where, long[] keptByPartition) throws IOException {
        long total = java.util.Arrays.stream(keptByPartition).sum();
        for (int p = 0; p < keptByPartition.length; p++) {
            if (keptByPartition[p] == 0 && (total > 0 || p > 0)) {
                Files.deleteIfExists(where.samples(p));
            }
        }
        Path out = Path.of(where.out());
        Path data = out.resolve("data");
        Trees.delete(data);
        Files.createDirectories(where.samples(0).getParent());
        Files.move(where.samples(0).getParent(), data, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(out.resolve("README.md"), datasetCard(), StandardCharsets.UTF_8);
        Trees.delete(where.staging());
    }

    /**
     * WebDataset shards in the CLI's layout ({@code shards/NNNNNN.tar}, each sample's members as the CLI writes
     * them), one per partition of {@code samples}, named by the partition: each task writes its tar under a name
     * of its own attempt and renames it into place, then its stats, last, so a retried or speculative attempt
     * leaves one whole shard. A partition whose stats exist (an earlier run's, or another attempt's) is not
     * written again. Then {@code rejects.jsonl}.
     *
     * @return the number of shards
     */
    public static int webdataset(Dataset<Row> samples, Dataset<Row> rejections, Path out) throws IOException {
        ShardLayout layout = new ShardLayout(out);
        Files.createDirectories(layout.shardsDir());
        Staging.Where where = new Staging.Where(SampleFiles.Format.WEBDATASET, out.toAbsolutePath().toString(), Map.of());
        List<Integer> shards = samples.javaRDD().mapPartitionsWithIndex((index, rows) -> {
            writeShard(where, index, rows);
            return List.of(index).iterator();
        }, false).collect();
        Staging.removeAttempts(layout.shardsDir());
        rejects(rejections, out.resolve("rejects.jsonl"));
        return shards.size();
    }

    static void writeShard(Staging.Where where, int index, Iterator<Row> rows) throws IOException {
        Path stats = where.layout().stats(index);
        if (Files.exists(stats)) {
            return;
        }
        Path tar = where.samples(index);
        long kept = Staging.writeSamples(tar, where, asSamples(rows));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("shard", index);
        s.put("kept", kept);
        s.put("tar_bytes", Files.size(tar));
        s.put("note", "written by a Spark task; the run's funnel is in summary.json");
        Path tmpStats = Staging.attempt(stats);
        Json.PRETTY.writeValue(tmpStats.toFile(), s);
        ShardLayout.moveIntoPlace(tmpStats, stats);
    }

    private static Iterator<Sample> asSamples(Iterator<Row> rows) {
        return new ClosingIterator<Row, Sample>(rows, (r, out) -> out.accept(Checks.sample(r)), () -> {
        });
    }

    /** The {@code huggingface} footer value: the dataset's features, {@code image} an Image. */
    public static String huggingfaceFooter() {
        try {
            return Json.MAPPER.writeValueAsString(Map.of("info", Map.of("features", features())));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The features as {@code datasets} declares them: strings, and the image. */
    static Map<String, Object> features() {
        Map<String, Object> f = new LinkedHashMap<>();
        for (String c : List.of("key", "kind")) {
            f.put(c, Map.of("dtype", "string", "_type", "Value"));
        }
        f.put("image", Map.of("_type", "Image"));
        for (String c : STRING_COLUMNS.subList(2, STRING_COLUMNS.size())) {
            f.put(c, Map.of("dtype", "string", "_type", "Value"));
        }
        f.put("md", Map.of("dtype", "string", "_type", "Value"));
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("type", Map.of("dtype", "string", "_type", "Value"));
        for (String c : List.of("x0", "y0", "x1", "y1", "order")) {
            block.put(c, Map.of("dtype", "int32", "_type", "Value"));
        }
        block.put("md", Map.of("dtype", "string", "_type", "Value"));
        f.put("blocks", Map.of("_type", "List", "feature", block));
        return f;
    }

    /** A dataset card whose YAML {@code dataset_info} declares the same features, read by {@code datasets} too. */
    static String datasetCard() {
        StringBuilder b = new StringBuilder("---\ndataset_info:\n  features:\n");
        for (String c : features().keySet()) {
            if (c.equals("blocks")) {
                b.append("  - name: blocks\n    list:\n    - name: type\n      dtype: string\n");
                for (String f : List.of("x0", "y0", "x1", "y1", "order")) {
                    b.append("    - name: ").append(f).append("\n      dtype: int32\n");
                }
                b.append("    - name: md\n      dtype: string\n");
                continue;
            }
            b.append("  - name: ").append(c).append("\n    dtype: ").append(c.equals("image") ? "image" : "string").append('\n');
        }
        b.append("configs:\n- config_name: default\n  data_files:\n  - split: train\n    path: data/*.parquet\n---\n\n");
        b.append("(image, text) pairs made by pairforge on Spark. `meta` is each sample's metadata as JSON (the `KEY.json` of a\n")
                .append("WebDataset shard), `extras` its further text members as a JSON object; rejected inputs and candidates,\n")
                .append("with their reasons, are in `rejects.jsonl`. Paged samples (LaTeX pages) have `md`, the page's Markdown, and\n")
                .append("`blocks`, its layout blocks (type, box in image pixels, reading order, the Markdown each contributes).\n");
        return b.toString();
    }

    /**
     * Rejections as {@code rejects.jsonl} lines in the CLI's format: each partition's lines written by its task,
     * then joined in partition order into one file, moved into place whole.
     */
    static void rejects(Dataset<Row> rejections, Path file) throws IOException {
        Path parts = file.resolveSibling("." + file.getFileName() + ".parts");
        Trees.delete(parts);
        rejections.map((org.apache.spark.api.java.function.MapFunction<Row, String>) SparkOutput::rejectionLine,
                org.apache.spark.sql.Encoders.STRING()).write().text(parts.toUri().toString());
        try (Stream<Path> s = Files.list(parts)) {
            ShardLayout.concatenate(s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList(), file);
        }
        Trees.delete(parts);
    }

    static String rejectionLine(Row r) throws IOException {
        String details = r.getAs("details");
        @SuppressWarnings("unchecked")
        Map<String, Object> d = details == null ? Map.of() : Json.MAPPER.readValue(details, LinkedHashMap.class);
        return WebDatasetWriter.rejectionLine(new Rejection(r.getAs("source"), r.getAs("key"),
                Rejection.Stage.ofId(r.getAs("stage")), r.getAs("reason"), r.getAs("message"), d));
    }

}
