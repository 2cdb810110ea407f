package org.pairforge.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.pairforge.check.CheckOptions;
import org.pairforge.check.SelfCheck;
import org.pairforge.core.UsageException;
import org.pairforge.pipeline.PipelineSpec;
import org.pairforge.run.Deduplicator;
import org.pairforge.run.OrderedDeduplicator;
import org.pairforge.run.RunEnd;
import org.pairforge.run.RunManifest;
import org.pairforge.run.RunSummary;
import org.pairforge.shard.SampleFormat;
import org.pairforge.shard.ShardLayout;
import org.pairforge.shard.ShardStats;
import org.pairforge.spark.internal.HadoopStore;
import org.pairforge.spark.internal.ParquetDatasets;
import org.pairforge.spark.internal.ParquetFormat;
import org.pairforge.spark.internal.Scans;
import org.pairforge.spark.internal.ShardTasks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A whole run on Spark, as {@code bin/pairforge spark KIND} and {@code spark-submit} start it: the inputs as the
 * CLI takes them (local paths, or {@code hdfs://}, {@code s3a://} and any file system Hadoop reaches), made by the
 * {@link org.pairforge.run.ShardEngine} the CLI runs, one shard per partition, into Parquet for Hugging Face or
 * WebDataset shards, through Hadoop's file systems (the output too may be on HDFS or S3).
 *
 * <p>Each partition's first task makes its shard (samples file written whole, nothing committed); the driver
 * de-duplicates the partitions in order, as the CLI's workers do, and commits each shard (rejects, listing, stats
 * last), leaving a shard that lost duplicates to a task that rewrites its samples file first. The run ends as the CLI's does ({@link RunEnd}). {@code resume} keeps the
 * shards an earlier run finished, provided it was asked the same and its inputs are the same.
 *
 * @param master     Spark's master URL; null: the one spark-submit set, else {@code local[*]}
 * @param partitions how many ranges the listed inputs are split into; null: four per core of the cluster
 * @param check      the self-check's options, or null for none
 * @param conf       Spark settings ({@code --conf KEY=VALUE}), the file systems' among them ({@code spark.hadoop.*})
 */
public record SparkJob(String kind, PipelineSpec spec, List<String> inputs, String out, String master, String format,
                       Integer partitions, CheckOptions check, Map<String, Object> settings, boolean resume,
                       boolean overwrite, Map<String, String> conf) {
    public static final List<String> FORMATS = List.of("parquet", "webdataset");

    public SparkJob {
        inputs = List.copyOf(inputs);
        settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        conf = conf == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(conf));
        if (!FORMATS.contains(format)) {
            throw new UsageException("--format must be parquet or webdataset, got " + format);
        }
        if (partitions != null && partitions < 1) {
            throw new UsageException("--partitions must be at least 1, got " + partitions);
        }
        if (resume && overwrite) {
            throw new UsageException("--resume and --overwrite contradict each other; pass one");
        }
    }

    /** Runs the job; returns the summary also written to {@code OUT/summary.json}. */
    public Map<String, Object> run() throws IOException {
        for (String in : inputs) { // misuse stops the run before Spark starts; a remote one is asked once it is up
            if (kind.equals("check") && Scans.isRemote(in)) {
                // a dataset's shards and the rejections they carry are read from a disk the executors share
                throw new UsageException("DATASET " + in + ": spark check reads datasets on a local or shared disk; "
                        + "copy it there first (hadoop fs -get " + in + " DIR)");
            }
            if (!Scans.isRemote(in) && !java.nio.file.Files.exists(java.nio.file.Path.of(in))) {
                throw new UsageException("input " + in + " does not exist");
            }
        }
        SparkSession.Builder b = SparkSession.builder().appName("pairforge " + kind);
        String m = master != null ? master : System.getProperty("spark.master", "local[*]");
        b.master(m);
        if (m.startsWith("local")) {
            b.config("spark.ui.enabled", "false");
        }
        conf.forEach(b::config);
        long started = System.nanoTime();
        // a check lists its datasets with a spec of its own, chosen once Spark is up
        Scans.Ahead ahead = kind.equals("check") ? Scans.Ahead.none() : Scans.Ahead.start(inputs, spec);
        SelfCheck selfCheck = null;
        try (SparkSession spark = b.getOrCreate()) {
            double startSeconds = Math.round((System.nanoTime() - started) / 1e6) / 1e3;
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            int n = partitions != null ? partitions : Math.max(1, spark.sparkContext().defaultParallelism() * 4);
            HadoopStore store = HadoopStore.of(out, jsc.hadoopConfiguration());
            SampleFormat samples = format.equals("parquet")
                    ? new ParquetFormat(Map.of(SparkOutput.HUGGINGFACE_KEY, SparkOutput.huggingfaceFooter()))
                    : SampleFormat.WEBDATASET;
            PipelineSpec spec = inputSpec(store);
            // a wrong model URL or model stops the run before anything is read, as in the CLI
            selfCheck = check == null ? null : SelfCheck.open(check);
            List<Object> stages = spec.builder().stages();
            if (selfCheck != null) {
                stages.add(selfCheck);
            }

            Map<String, Object> cut = new LinkedHashMap<>();
            cut.put("format", format);
            cut.put("partitions", n);
            RunManifest manifest = new RunManifest("spark " + kind, inputs, cut, spec.builder().maxInputBytes(), settingsWithCheck());
            boolean resuming = manifest.prepare(store, resume, overwrite);
            if (resuming) {
                store.removeTemporaries();
            }
            manifest.write(store);
            Set<Integer> finished = resuming ? new HashSet<>(ShardLayout.finishedShards(store)) : Set.of();

            PipelineSpec partSpec = spec;
            CheckOptions partCheck = check;
            List<ShardTasks.Made> made = new ArrayList<>(Scans.placed(jsc, inputs, partSpec, n, ahead)
                    .mapPartitionsWithIndex((p, it) -> List.of(ShardTasks.make(p, it, partSpec, partCheck, store, samples,
                            finished.contains(p))).iterator(), true)
                    .collect());
            made.sort(Comparator.comparingInt(ShardTasks.Made::partition));
            for (ShardTasks.Made part : made) {
                if (part.changed() != null) {
                    throw new UsageException("--resume needs the inputs the run began with, but " + part.changed()
                            + " (shard " + ShardLayout.name(part.partition()) + "); pass --overwrite to start afresh");
                }
            }
            // de-duplication in input order, over every partition, as the CLI's
            Deduplicator dedup = new OrderedDeduplicator();
            List<ShardTasks.Commit> commits = new ArrayList<>();
            int resumed = 0;
            for (ShardTasks.Made part : made) {
                if (part.shard() == null) {
                    dedup.settle(part.partition(), part.finishedKeys());
                    resumed++;
                } else {
                    try {
                        commits.add(new ShardTasks.Commit(part.shard(), dedup.admit(part.partition(), part.shard().entries())));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("interrupted while de-duplicating");
                    }
                }
            }
            List<ShardStats> committed = commit(jsc, commits, store, samples);
            long processedBytes = committed.stream().mapToLong(ShardStats::inputBytes).sum();
            int processedKept = committed.stream().mapToInt(ShardStats::kept).sum();
            List<String> extraFiles = new ArrayList<>();
            if (samples instanceof ParquetFormat parquet) {
                if (store.list(ShardLayout.DATA).isEmpty()) {
                    parquet.writeEmpty(store, samples.file(0)); // no shard kept a sample: the columns are still said
                }
                store.write(SparkOutput.CARD, SparkOutput.datasetCard().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                extraFiles.add(SparkOutput.CARD);
            }
            int resumedShards = resumed;
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, Object> runCut = new LinkedHashMap<>();
            runCut.put("master", m);
            runCut.putAll(cut);
            return RunEnd.finish(store, made.size(), stages, true, extraFiles, all -> {
                Map<String, Object> summary = RunSummary.of("spark " + kind, all, resumedShards, seconds, processedBytes,
                        processedKept, runCut, settingsWithCheck());
                summary.put("master", m);
                summary.put("format", format);
                summary.put("partitions", n);
                summary.put("spark_start_seconds", startSeconds);
                return summary;
            }).summary();
        } finally {
            if (selfCheck != null) {
                selfCheck.close();
            }
        }
    }

    /**
     * Commits the made shards. Only a shard whose samples file loses duplicates needs a task (its samples are read
     * and written again, and no image goes through the driver); the others need only their small files (rejects,
     * listing, stats), which the driver writes from what the first tasks handed back, a few at a time, sparing a
     * Spark job.
     */
    private static List<ShardStats> commit(JavaSparkContext jsc, List<ShardTasks.Commit> commits, HadoopStore store,
                                           SampleFormat samples) throws IOException {
        List<ShardTasks.Commit> rewrite = new ArrayList<>();
        List<ShardTasks.Commit> plain = new ArrayList<>();
        for (ShardTasks.Commit c : commits) {
            (c.duplicates().isEmpty() ? plain : rewrite).add(c);
        }
        List<ShardStats> stats = new ArrayList<>();
        if (!rewrite.isEmpty()) {
            stats.addAll(jsc.parallelize(rewrite, rewrite.size()).map(c -> ShardTasks.commit(c, store, samples)).collect());
        }
        if (plain.isEmpty()) {
            return stats;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(Math.min(8, plain.size()));
        try {
            List<java.util.concurrent.Future<ShardStats>> done = new ArrayList<>();
            for (ShardTasks.Commit c : plain) {
                done.add(pool.submit(() -> ShardTasks.commit(c, store, samples)));
            }
            for (java.util.concurrent.Future<ShardStats> f : done) {
                stats.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while committing shards");
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("committing a shard failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return stats;
    }

    /** The kind's spec; a check over Parquet datasets reads their part files instead of shard tars. */
    private PipelineSpec inputSpec(HadoopStore store) throws IOException {
        if (!kind.equals("check")) {
            return spec;
        }
        long parquet = 0;
        for (String in : inputs) {
            parquet += ParquetDatasets.isDataset(store.at(in)) ? 1 : 0;
        }
        if (parquet > 0 && parquet < inputs.size()) {
            throw new UsageException("DATASET: Parquet datasets and WebDataset ones cannot be checked in one run: "
                    + "check each kind apart");
        }
        return parquet > 0 ? ParquetDatasets.spec(spec.builder().maxInputBytes()) : spec;
    }

    private Map<String, Object> settingsWithCheck() {
        Map<String, Object> s = new LinkedHashMap<>(settings);
        if (check != null) {
            s.put("check", check.settings());
        }
        return s;
    }
}
