package org.pairforge.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.pairforge.check.CheckOptions;
import org.pairforge.pipeline.PipelineSpec;
import org.pairforge.shard.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A whole run on Spark, as {@code bin/pairforge spark KIND} and {@code spark-submit} start it: the inputs as the
 * CLI takes them, the samples (self-checked when asked) written as Parquet for Hugging Face or as WebDataset
 * shards, {@code rejects.jsonl} and {@code summary.json}.
 *
 * @param master     Spark's master URL; null: the one spark-submit set, else {@code local[*]}
 * @param partitions how many ranges the listed inputs are split into; null: four per core of the cluster
 * @param check      the self-check's options, or null for none
 * @param overwrite  remove an earlier run's output first; else WebDataset shards whose stats exist are kept
 */
public record SparkJob(String kind, PipelineSpec spec, List<String> inputs, Path out, String master, String format,
                       Integer partitions, CheckOptions check, Map<String, Object> settings, boolean overwrite) {
    public static final List<String> FORMATS = List.of("parquet", "webdataset");

    public SparkJob {
        inputs = List.copyOf(inputs);
        settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
        if (!FORMATS.contains(format)) {
            throw new IllegalArgumentException("--format must be parquet or webdataset, got " + format);
        }
        if (partitions != null && partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, got " + partitions);
        }
    }

    /** Runs the job; returns the summary also written to {@code OUT/summary.json}. */
    public Map<String, Object> run() throws IOException {
        SparkSession.Builder b = SparkSession.builder().appName("pairforge " + kind);
        String m = master != null ? master : System.getProperty("spark.master", "local[*]");
        b.master(m);
        if (m.startsWith("local")) {
            b.config("spark.ui.enabled", "false");
        }
        long started = System.nanoTime();
        if (overwrite) {
            for (String name : List.of("data", "shards", "rejects.jsonl", "summary.json", "README.md")) {
                SparkOutput.deleteTree(out.resolve(name));
            }
        }
        try (SparkSession spark = b.getOrCreate()) {
            double startSeconds = Math.round((System.nanoTime() - started) / 1e6) / 1e3;
            int n = partitions != null ? partitions : Math.max(1, spark.sparkContext().defaultParallelism() * 4);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("command", "spark " + kind);
            summary.put("master", m);
            summary.put("format", format);
            summary.put("partitions", n);
            try (SparkPairs.Pairs made = SparkPairs.files(spark, inputs, spec, n)) {
                Dataset<Row> samples = made.samples();
                Dataset<Row> rejections = made.rejections();
                Map<String, Object> funnel = made.funnel();
                SparkPairs.Pairs checked = null;
                try {
                    if (check != null) {
                        checked = SparkPairs.check(samples, check);
                        samples = checked.samples();
                        rejections = rejections.unionByName(checked.rejections());
                    }
                    Files.createDirectories(out);
                    if (format.equals("parquet")) {
                        SparkOutput.parquet(samples, rejections, out);
                    } else {
                        summary.put("shards", SparkOutput.webdataset(samples, rejections, out));
                    }
                    if (checked != null) {
                        Map<String, Long> dropped = new TreeMap<>(castDropped(funnel.get("dropped")));
                        long below = checked.rejections().count();
                        if (below > 0) {
                            dropped.merge(org.pairforge.check.SelfCheck.BELOW_MIN_SCORE, below, Long::sum);
                        }
                        funnel.put("kept", ((Number) funnel.get("kept")).longValue() - below);
                        funnel.put("dropped", dropped);
                    }
                } finally {
                    if (checked != null) {
                        checked.close();
                    }
                }
                summary.putAll(funnel);
            }
            summary.put("seconds", Math.round((System.nanoTime() - started) / 1e6) / 1e3);
            summary.put("spark_start_seconds", startSeconds);
            Map<String, Object> s = new LinkedHashMap<>(settings);
            if (check != null) {
                s.put("check", check.settings());
            }
            summary.put("settings", s);
            Json.PRETTY.writeValue(out.resolve("summary.json").toFile(), summary);
            return summary;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> castDropped(Object o) {
        return (Map<String, Long>) o;
    }
}
