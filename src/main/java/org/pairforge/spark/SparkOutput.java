package org.pairforge.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;
import org.pairforge.core.internal.Trees;
import org.pairforge.spark.internal.Checks;
import org.pairforge.spark.internal.ClosingIterator;
import org.pairforge.spark.internal.HadoopStore;
import org.pairforge.spark.internal.ParquetFormat;
import org.pairforge.shard.SampleFormat;
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
 * Samples and rejections of Spark datasets (as {@link SparkPairs} gives them) written as a run's files, on any file
 * system Hadoop reaches: {@code data/NNNNNN.parquet} that Hugging Face {@code datasets} loads with {@code image} as
 * an Image feature and {@code README.md} declaring the same features, or WebDataset shards
 * ({@code shards/NNNNNN.tar}); and {@code rejects.jsonl} as the CLI writes it. A partition is a file, written whole
 * by its task (a retried or speculative attempt leaves one whole file).
 */
public final class SparkOutput {
    /** The footer key {@code datasets} reads its features from. */
    public static final String HUGGINGFACE_KEY = "huggingface";
    /** The dataset card of a Parquet run, beside {@code data/}. */
    public static final String CARD = "README.md";
    private static final List<String> STRING_COLUMNS = List.of("key", "kind", "text", "meta", "dedup_key", "extras", "source");

    private SparkOutput() {
    }

    /** {@link #parquet(Dataset, Dataset, String)} of a run's pairs into a local folder. */
    public static List<String> parquet(SparkPairs.Pairs pairs, Path out) throws IOException {
        return parquet(pairs.samples(), pairs.rejections(), out.toString());
    }

    /**
     * The samples as Parquet, one part file per partition with the {@code huggingface} key in its footer (a
     * partition without rows has none, unless none has rows), the dataset card, and the rejections.
     *
     * @param out a local path or a URI ({@code hdfs://}, {@code s3a://})
     * @return the part files' names under {@code out}
     */
    public static List<String> parquet(Dataset<Row> samples, Dataset<Row> rejections, String out) throws IOException {
        HadoopStore store = store(samples, out);
        ParquetFormat format = new ParquetFormat(Map.of(HUGGINGFACE_KEY, huggingfaceFooter()));
        store.delete(ShardLayout.DATA);
        long kept = write(samples, store, format);
        if (kept == 0) {
            format.writeEmpty(store, format.file(0));
        }
        rejects(rejections, store);
        store.write(CARD, datasetCard().getBytes(StandardCharsets.UTF_8));
        return store.list(ShardLayout.DATA);
    }

    /** {@link #webdataset(Dataset, Dataset, String)} into a local folder. */
    public static int webdataset(Dataset<Row> samples, Dataset<Row> rejections, Path out) throws IOException {
        return webdataset(samples, rejections, out.toString());
    }

    /**
     * WebDataset shards in the CLI's layout ({@code shards/NNNNNN.tar}, each sample's members as the CLI writes
     * them), one per partition of {@code samples}, named by the partition; then {@code rejects.jsonl}.
     *
     * @return the number of shards
     */
    public static int webdataset(Dataset<Row> samples, Dataset<Row> rejections, String out) throws IOException {
        HadoopStore store = store(samples, out);
        write(samples, store, SampleFormat.WEBDATASET);
        rejects(rejections, store);
        return samples.javaRDD().getNumPartitions();
    }

    private static HadoopStore store(Dataset<Row> samples, String out) {
        return HadoopStore.of(out, samples.sparkSession().sparkContext().hadoopConfiguration());
    }

    /** Each partition's samples into its file; returns how many were written. */
    private static long write(Dataset<Row> samples, HadoopStore store, SampleFormat format) {
        return samples.javaRDD().mapPartitionsWithIndex((p, rows) -> {
            SampleFormat.Writer w = format.create(store, format.file(p));
            long n = 0;
            try {
                while (rows.hasNext()) {
                    w.add(Checks.sample(rows.next()));
                    n++;
                }
            } catch (Throwable e) { // an Error too: a dying task leaves no file that looks finished
                w.abort();
                throw e;
            }
            w.close();
            return List.of(n).iterator();
        }, true).collect().stream().mapToLong(Long::longValue).sum();
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
    public static String datasetCard() {
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
     * then joined in partition order into one file.
     */
    static void rejects(Dataset<Row> rejections, HadoopStore store) throws IOException {
        String parts = ".rejects-parts";
        store.delete(parts);
        int n = rejections.javaRDD().mapPartitionsWithIndex((p, rows) -> {
            List<String> lines = new java.util.ArrayList<>();
            while (rows.hasNext()) {
                lines.add(rejectionLine(rows.next()));
            }
            store.writeLines(parts + "/" + ShardLayout.name(p), lines);
            return List.of(p).iterator();
        }, true).collect().size();
        store.concatenate(java.util.stream.IntStream.range(0, n).mapToObj(p -> parts + "/" + ShardLayout.name(p)).toList(),
                ShardLayout.REJECTS);
        store.delete(parts);
    }

    static String rejectionLine(Row r) throws IOException {
        String details = r.getAs("details");
        @SuppressWarnings("unchecked")
        Map<String, Object> d = details == null ? Map.of() : Json.MAPPER.readValue(details, LinkedHashMap.class);
        return WebDatasetWriter.rejectionLine(new Rejection(r.getAs("source"), r.getAs("key"),
                Rejection.Stage.ofId(r.getAs("stage")), r.getAs("reason"), r.getAs("message"), d));
    }

}
