package org.pairforge.spark;

import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.pairforge.core.Rejection;
import org.pairforge.shard.Json;
import org.pairforge.shard.ShardLayout;
import org.pairforge.shard.WebDatasetWriter;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
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
        Path staging = out.resolve(".data-staging");
        deleteTree(staging);
        samples.write().parquet(staging.toUri().toString());
        Path data = out.resolve("data");
        deleteTree(data);
        Path tmp = out.resolve(".data-footers");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        String features = Json.MAPPER.writeValueAsString(Map.of("info", Map.of("features", features())));
        List<Path> parts;
        try (Stream<Path> s = Files.list(staging)) {
            parts = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
        }
        for (Path part : parts) {
            withFooterKey(part, tmp.resolve(part.getFileName()), HUGGINGFACE_KEY, features);
        }
        Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(staging);
        rejects(rejections, out.resolve("rejects.jsonl"));
        Files.writeString(out.resolve("README.md"), datasetCard(), StandardCharsets.UTF_8);
        try (Stream<Path> s = Files.list(data)) {
            return s.sorted().toList();
        }
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
        String dir = out.toAbsolutePath().toString();
        List<Integer> shards = samples.javaRDD().mapPartitionsWithIndex((index, rows) -> {
            writeShard(new ShardLayout(Path.of(dir)), index, rows);
            return List.of(index).iterator();
        }, false).collect();
        // an attempt killed with its JVM (an executor lost) leaves its temporary tar; its partition was redone
        try (Stream<Path> left = Files.list(layout.shardsDir())) {
            for (Path p : left.filter(p -> p.getFileName().toString().contains(".attempt-")).toList()) {
                Files.deleteIfExists(p);
            }
        }
        rejects(rejections, out.resolve("rejects.jsonl"));
        return shards.size();
    }

    static void writeShard(ShardLayout layout, int index, Iterator<Row> rows) throws IOException {
        Path stats = layout.stats(index);
        if (Files.exists(stats)) {
            return;
        }
        org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
        String attempt = task == null ? "local" : Long.toString(task.taskAttemptId());
        Path tar = layout.tar(index);
        Path tmp = tar.resolveSibling(tar.getFileName() + ".attempt-" + attempt);
        int kept = 0;
        try (WebDatasetWriter w = new WebDatasetWriter(Files.newOutputStream(tmp))) {
            while (rows.hasNext()) {
                w.add(org.pairforge.spark.internal.Checks.sample(rows.next()));
                kept++;
            }
            w.finish();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        long bytes = Files.size(tmp);
        Files.move(tmp, tar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("shard", index);
        s.put("kept", kept);
        s.put("tar_bytes", bytes);
        s.put("note", "written by a Spark task; the run's funnel is in summary.json");
        Path tmpStats = stats.resolveSibling(stats.getFileName() + ".attempt-" + attempt);
        Json.PRETTY.writeValue(tmpStats.toFile(), s);
        Files.move(tmpStats, stats, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** {@code from}'s row groups, unchanged, in a new file {@code to} whose footer also holds {@code key}. */
    public static void withFooterKey(Path from, Path to, String key, String value) throws IOException {
        // Through Hadoop's raw local file system: buffered (parquet's LocalInputFile reads a byte per system
        // call, 15 s for 18 MB) and without the .crc files its checksummed one would add.
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
        conf.set("fs.file.impl", org.apache.hadoop.fs.RawLocalFileSystem.class.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
        org.apache.parquet.io.InputFile in = org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(from.toUri()), conf);
        FileMetaData meta;
        try (ParquetFileReader reader = ParquetFileReader.open(in)) {
            meta = reader.getFooter().getFileMetaData();
        }
        Map<String, String> kv = new HashMap<>(meta.getKeyValueMetaData());
        kv.put(key, value);
        ParquetFileWriter w = new ParquetFileWriter(org.apache.parquet.hadoop.util.HadoopOutputFile.fromPath(
                new org.apache.hadoop.fs.Path(to.toUri()), conf), meta.getSchema(), ParquetFileWriter.Mode.CREATE,
                org.apache.parquet.hadoop.ParquetWriter.DEFAULT_BLOCK_SIZE, org.apache.parquet.hadoop.ParquetWriter.MAX_PADDING_SIZE_DEFAULT);
        w.start();
        w.appendFile(in);
        w.end(kv);
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
        return f;
    }

    /** A dataset card whose YAML {@code dataset_info} declares the same features, read by {@code datasets} too. */
    static String datasetCard() {
        StringBuilder b = new StringBuilder("---\ndataset_info:\n  features:\n");
        for (String c : features().keySet()) {
            b.append("  - name: ").append(c).append("\n    dtype: ").append(c.equals("image") ? "image" : "string").append('\n');
        }
        b.append("configs:\n- config_name: default\n  data_files:\n  - split: train\n    path: data/*.parquet\n---\n\n");
        b.append("(image, text) pairs made by pairforge on Spark. `meta` is each sample's metadata as JSON (the `KEY.json` of a\n")
                .append("WebDataset shard), `extras` its further text members as a JSON object; rejected inputs and candidates,\n")
                .append("with their reasons, are in `rejects.jsonl`.\n");
        return b.toString();
    }

    /**
     * Rejections as {@code rejects.jsonl} lines in the CLI's format: each partition's lines written by its task,
     * then joined in partition order into one file, moved into place whole.
     */
    static void rejects(Dataset<Row> rejections, Path file) throws IOException {
        Path parts = file.resolveSibling("." + file.getFileName() + ".parts");
        deleteTree(parts);
        rejections.map((org.apache.spark.api.java.function.MapFunction<Row, String>) SparkOutput::rejectionLine,
                org.apache.spark.sql.Encoders.STRING()).write().text(parts.toUri().toString());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (java.io.OutputStream w = Files.newOutputStream(tmp); Stream<Path> s = Files.list(parts)) {
            for (Path part : s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                Files.copy(part, w);
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(parts);
    }

    static String rejectionLine(Row r) throws IOException {
        String details = r.getAs("details");
        @SuppressWarnings("unchecked")
        Map<String, Object> d = details == null ? Map.of() : Json.MAPPER.readValue(details, LinkedHashMap.class);
        return WebDatasetWriter.rejectionLine(new Rejection(r.getAs("source"), r.getAs("key"),
                Rejection.Stage.ofId(r.getAs("stage")), r.getAs("reason"), r.getAs("message"), d));
    }

    static void deleteTree(Path dir) throws IOException {
        org.pairforge.core.internal.Trees.delete(dir);
    }

}
