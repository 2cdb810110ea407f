package org.pairforge.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.pairforge.check.CheckOptions;
import org.pairforge.check.CheckTally;
import org.pairforge.core.Rejection;
import org.pairforge.core.internal.Trees;
import org.pairforge.pipeline.PipelineSpec;
import org.pairforge.run.Deduplicator;
import org.pairforge.run.OrderedDeduplicator;
import org.pairforge.core.Json;
import org.pairforge.shard.ShardLayout;
import org.pairforge.shard.ShardReader;
import org.pairforge.shard.ShardStats;
import org.pairforge.shard.WebDatasetWriter;
import org.pairforge.spark.internal.ParquetDatasets;
import org.pairforge.spark.internal.SampleFiles;
import org.pairforge.spark.internal.Scans;
import org.pairforge.spark.internal.Staging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /** A run the user asked for that cannot go on as asked (exit 2). */
    public static final class MisuseException extends RuntimeException {
        public MisuseException(String message) {
            super(message);
        }
    }

    /**
     * Runs the job; returns the summary also written to {@code OUT/summary.json}. The work is done by the tasks
     * (see {@link Staging}): a pass that makes and writes every partition, then one that rewrites only the
     * partitions holding a duplicate (all of them when the run self-checks); the driver only de-duplicates keys
     * and counts.
     */
    public Map<String, Object> run() throws IOException {
        SparkSession.Builder b = SparkSession.builder().appName("pairforge " + kind);
        String m = master != null ? master : System.getProperty("spark.master", "local[*]");
        b.master(m);
        if (m.startsWith("local")) {
            b.config("spark.ui.enabled", "false");
        }
        long started = System.nanoTime();
        if (overwrite) {
            for (String name : List.of("data", "shards", "rejects.jsonl", "check_errors.jsonl", "summary.json", "README.md")) {
                Trees.delete(out.resolve(name));
            }
        }
        Staging.Where where = format.equals("parquet") ? SparkOutput.parquetWhere(out)
                : new Staging.Where(SampleFiles.Format.WEBDATASET, out.toAbsolutePath().toString(), Map.of());
        Trees.delete(where.staging());
        Files.createDirectories(out);
        try (SparkSession spark = b.getOrCreate()) {
            double startSeconds = Math.round((System.nanoTime() - started) / 1e6) / 1e3;
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            int n = partitions != null ? partitions : Math.max(1, spark.sparkContext().defaultParallelism() * 4);
            Set<Integer> finished = where.format() == SampleFiles.Format.WEBDATASET
                    ? new HashSet<>(where.layout().finishedShards()) : Set.of();
            PipelineSpec spec = this.spec;
            List<Path> carried = new ArrayList<>();
            if (kind.equals("check")) {
                long parquet = inputs.stream().filter(i -> ParquetDatasets.isDataset(Path.of(i))).count();
                if (parquet > 0 && parquet < inputs.size()) {
                    throw new MisuseException("DATASET: Parquet datasets and WebDataset ones cannot be checked in one run: "
                            + "check each kind apart");
                }
                if (parquet > 0) {
                    // a Parquet dataset's part files are the inputs; its rejections, in one file, are carried whole
                    spec = ParquetDatasets.spec(this.spec.builder().maxInputBytes());
                    inputs.forEach(i -> carried.add(Path.of(i).resolve("rejects.jsonl")));
                }
            }
            PipelineSpec partSpec = spec;
            String runSettings = Json.MAPPER.writeValueAsString(settingsWithCheck());
            List<Staging.Part> parts = new ArrayList<>(Scans.placed(jsc, inputs, partSpec, n)
                    .mapPartitionsWithIndex((p, it) -> List.of(Staging.write(p, it, partSpec, where, finished.contains(p), runSettings)).iterator(), true)
                    .collect());
            parts.sort(Comparator.comparingInt(Staging.Part::partition));
            for (Staging.Part part : parts) {
                if (part.changed()) {
                    throw new MisuseException("-o " + out + " holds shards of other inputs (shard "
                            + ShardLayout.name(part.partition()) + "'s inputs changed, or --partitions or a setting did): pass "
                            + "--overwrite to start again, or write to another -o");
                }
            }
            List<Staging.Redo> redo = deduplicate(parts);
            Map<Integer, Staging.Finished> done = new HashMap<>();
            if (!redo.isEmpty()) {
                CheckOptions check = this.check;
                for (Staging.Finished f : jsc.parallelize(redo, redo.size()).map(r -> Staging.finish(r, where, check)).collect()) {
                    done.put(f.partition(), f);
                }
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("command", "spark " + kind);
            summary.put("master", m);
            summary.put("format", format);
            summary.put("partitions", parts.size());
            summary.putAll(commit(where, parts, redo, done, carried));
            summary.put("seconds", Math.round((System.nanoTime() - started) / 1e6) / 1e3);
            summary.put("spark_start_seconds", startSeconds);
            summary.put("settings", settingsWithCheck());
            Path tmp = ShardLayout.tmpFor(out.resolve("summary.json"));
            Json.PRETTY.writeValue(tmp.toFile(), summary);
            ShardLayout.moveIntoPlace(tmp, out.resolve("summary.json"));
            return summary;
        }
    }

    private Map<String, Object> settingsWithCheck() {
        Map<String, Object> s = new LinkedHashMap<>(settings);
        if (check != null) {
            s.put("check", check.settings());
        }
        return s;
    }

    /**
     * Run-wide de-duplication in input order, as the CLI's: the first sample with a dedup key is kept wherever it
     * is. Returns the second pass's work: the partitions holding a duplicate, or every partition made now when
     * the run self-checks.
     */
    private List<Staging.Redo> deduplicate(List<Staging.Part> parts) {
        OrderedDeduplicator dedup = new OrderedDeduplicator();
        List<Staging.Redo> redo = new ArrayList<>();
        for (Staging.Part part : parts) {
            int p = part.partition();
            if (part.reused()) {
                Map<String, String> kept = new LinkedHashMap<>();
                for (int i = 0; i < part.keys().length; i++) {
                    if (part.dedupKeys()[i] != null) {
                        kept.putIfAbsent(part.dedupKeys()[i], part.keys()[i]);
                    }
                }
                dedup.settle(p, kept);
                continue;
            }
            List<Deduplicator.Entry> entries = new ArrayList<>(part.keys().length);
            for (int i = 0; i < part.keys().length; i++) {
                entries.add(new Deduplicator.Entry(part.keys()[i], part.dedupKeys()[i], part.sources()[i]));
            }
            List<Rejection> rejections = new ArrayList<>();
            Set<String> duplicates;
            try {
                duplicates = dedup.admit(p, entries, rejections);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (!duplicates.isEmpty() || check != null) {
                redo.add(new Staging.Redo(p, new HashSet<>(duplicates),
                        new ArrayList<>(rejections.stream().map(WebDatasetWriter::rejectionLine).toList())));
            }
        }
        return redo;
    }

    /** The partitions' files into place, the run's rejects and check errors joined in order; returns the funnel. */
    private Map<String, Object> commit(Staging.Where where, List<Staging.Part> parts, List<Staging.Redo> redo,
                                       Map<Integer, Staging.Finished> done, List<Path> carried) throws IOException {
        Map<Integer, Staging.Redo> redone = new HashMap<>();
        redo.forEach(r -> redone.put(r.partition(), r));
        long inputsRead = 0, unreadable = 0, candidates = 0, kept = 0;
        Map<String, Long> dropped = new TreeMap<>();
        CheckTally tally = check != null ? new CheckTally() : null;
        List<Path> rejects = new ArrayList<>(), errors = new ArrayList<>();
        ShardLayout layout = where.layout();
        // a checked dataset's earlier rejections stay in its funnel, as the CLI's check carries each shard's
        for (Path file : carried) {
            if (Files.exists(file)) {
                for (Rejection r : ShardReader.readRejects(file)) {
                    if (r.key() != null) {
                        candidates++;
                        dropped.merge(r.reason(), 1L, Long::sum);
                    }
                }
                rejects.add(file);
            }
        }
        for (Staging.Part part : parts) {
            int p = part.partition();
            inputsRead += part.inputs();
            unreadable += part.unreadable();
            candidates += part.candidates();
            Map<String, Long> partDropped = new TreeMap<>(part.dropped());
            long partKept = part.kept();
            if (part.reused() && tally != null && part.check() != null) {
                tally.merge(part.check());
            }
            Staging.Redo r = redone.get(p);
            Staging.Finished f = done.get(p);
            if (r != null) {
                if (!r.duplicates().isEmpty()) {
                    partDropped.merge(Deduplicator.REASON, (long) r.duplicates().size(), Long::sum);
                }
                f.dropped().forEach((k, v) -> partDropped.merge(k, v, Long::sum));
                partKept = f.kept();
                if (tally != null && f.tally() != null) {
                    tally.merge(f.tally());
                }
            }
            kept += partKept;
            partDropped.forEach((k, v) -> dropped.merge(k, v, Long::sum));
            rejects.add(where.rejects(p));
            rejects.add(where.laterRejects(p));
            errors.add(where.checkErrors(p));
            if (where.format() == SampleFiles.Format.WEBDATASET && !part.reused()) {
                // the shard's own rejects in one file, as the CLI has them, then its stats, last
                Path later = where.laterRejects(p);
                if (Files.exists(later)) {
                    ShardLayout.concatenate(List.of(where.rejects(p), later), where.rejects(p));
                    Files.delete(later);
                }
                Map<String, Integer> counts = new TreeMap<>();
                partDropped.forEach((k, v) -> counts.put(k, v.intValue()));
                Staging.writeInputs(where, part);
                ShardStats stats = new ShardStats(p, (int) part.inputs(), (int) part.unreadable(), (int) part.candidates(),
                        (int) partKept, counts, part.inputBytes(), Files.size(where.samples(p)), part.seconds(), Map.of(),
                        f != null ? f.tally() : null);
                Path tmp = ShardLayout.tmpFor(layout.stats(p));
                Json.PRETTY.writeValue(tmp.toFile(), stats);
                ShardLayout.moveIntoPlace(tmp, layout.stats(p));
            }
        }
        if (where.format() == SampleFiles.Format.WEBDATASET) {
            Staging.removeAttempts(layout.shardsDir());
        }
        ShardLayout.concatenate(rejects, out.resolve("rejects.jsonl"));
        if (check != null) {
            ShardLayout.concatenate(errors, out.resolve("check_errors.jsonl"));
        }
        if (where.format() == SampleFiles.Format.PARQUET) {
            long[] keptBy = new long[parts.size()];
            for (Staging.Part part : parts) {
                Staging.Finished f = done.get(part.partition());
                keptBy[part.partition()] = f != null ? f.kept() : part.kept();
            }
            SparkOutput.publishParquet(where, keptBy);
        }
        Map<String, Object> funnel = new LinkedHashMap<>();
        if (where.format() == SampleFiles.Format.WEBDATASET) {
            funnel.put("shards", parts.size());
            funnel.put("resumed_shards", parts.stream().filter(Staging.Part::reused).count());
        }
        funnel.put("inputs_read", inputsRead);
        funnel.put("inputs_unreadable", unreadable);
        funnel.put("candidates", candidates);
        funnel.put("kept", kept);
        funnel.put("dropped", dropped);
        if (tally != null) {
            funnel.put("check", Map.of("by_kind", tally.summary()));
        }
        return funnel;
    }
}
