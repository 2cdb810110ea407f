package org.pairforge.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.pairforge.check.CheckOptions;
import org.pairforge.core.Rejection;
import org.pairforge.document.DocumentOptions;
import org.pairforge.latex.LatexOptions;
import org.pairforge.notebook.NotebookOptions;
import org.pairforge.pipeline.PipelineSpec;
import org.pairforge.run.Deduplicator;
import org.pairforge.run.MadeShard;
import org.pairforge.run.OrderedDeduplicator;
import org.pairforge.run.RunSummary;
import org.pairforge.run.ShardEngine;
import org.pairforge.shard.ShardStats;
import org.pairforge.source.Input;
import org.pairforge.spark.internal.Checks;
import org.pairforge.spark.internal.ClosingIterator;
import org.pairforge.spark.internal.EngineRows;
import org.pairforge.spark.internal.Events;
import org.pairforge.spark.internal.Partitions;
import org.pairforge.spark.internal.RowInputs;
import org.pairforge.spark.internal.Scans;
import org.pairforge.web.WebOptions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

/**
 * Every capability as a Spark transformation, made by the same {@link org.pairforge.run.ShardEngine} the CLI runs:
 * each partition is a shard, made by one pipeline (one browser, one TeX folder) opened when it starts and closed
 * when it ends.
 *
 * <p>Inputs are a dataset of rows (see {@link RowInputs}: The Stack's rows with {@code content} as a string,
 * {@code binaryFile} rows, or rows with an {@code id}), or paths as the CLI takes them ({@link #files}). The
 * result's samples have the columns {@code key, kind, image struct<bytes, path>, text, meta} (the sample's
 * {@code KEY.json}), {@code dedup_key, extras} (a JSON object of further text members, such as
 * {@code caption.txt}) and {@code source}; its rejections {@code source, key, stage, reason, message, details}.
 * De-duplication is the run's: of samples with the same dedup key, the first in input order is kept, whatever the
 * partitioning. A row that fails is a rejection, never a failed job.
 */
public final class SparkPairs {
    private SparkPairs() {
    }

    /**
     * A run's samples and rejections, both in input order. They share one computation, kept
     * ({@code MEMORY_AND_DISK}) so that reading both does not make them twice; {@link #close()} lets it go.
     * {@code events} are the partitions' rows (see {@link Events}), {@code duplicates} the samples de-duplication
     * dropped, as rejections.
     */
    public record Pairs(Dataset<Row> samples, Dataset<Row> rejections, Dataset<Row> events, Dataset<Row> duplicates,
                        List<ShardStats> shards) implements AutoCloseable {
        /** The CLI's funnel: inputs read and unreadable, candidates, kept, dropped by reason (candidates only). */
        public Map<String, Object> funnel() {
            return RunSummary.funnel(shards);
        }

        @Override
        public void close() {
            events.unpersist();
        }
    }

    public static Pairs notebooks(Dataset<Row> rows, NotebookOptions options) {
        return run(rows, PipelineSpec.notebooks(options));
    }

    public static Pairs documents(Dataset<Row> rows, DocumentOptions options) {
        return run(rows, PipelineSpec.documents(options));
    }

    public static Pairs latex(Dataset<Row> rows, LatexOptions options) {
        return run(rows, PipelineSpec.latex(options));
    }

    public static Pairs web(Dataset<Row> rows, WebOptions options) {
        return run(rows, PipelineSpec.web(options));
    }

    /** Any kind's pipeline over rows; a row's place in {@code rows} is its place in input order. */
    public static Pairs run(Dataset<Row> rows, PipelineSpec spec) {
        JavaRDD<Row> events = rows.javaRDD().zipWithIndex().mapPartitionsWithIndex((p, it) -> {
            var kind = spec.builder();
            RowInputs inputs = new RowInputs(kind.inputKind(), kind.maxInputBytes());
            return EngineRows.make(p, new ClosingIterator<scala.Tuple2<Row, Long>, Input>(it,
                    (t, out) -> out.accept(inputs.of(t._1(), t._2())), () -> {
            }), spec, null);
        }, true);
        return finish(rows.sparkSession().createDataFrame(events, Events.SCHEMA));
    }

    /**
     * Inputs named as the CLI names them (files, folders, JSON Lines files, on any file system Hadoop reaches), with
     * the CLI's ids and so its keys. A JSON Lines file is read by Spark, its lines spread over the cluster; files and
     * folders are listed on the driver and split into {@code partitions} ranges.
     */
    public static Pairs files(SparkSession spark, List<String> paths, PipelineSpec spec, int partitions) {
        JavaRDD<Row> events = Scans.placed(JavaSparkContext.fromSparkContext(spark.sparkContext()), paths, spec, partitions)
                .mapPartitionsWithIndex((p, it) -> EngineRows.make(p, new ClosingIterator<Partitions.Placed, Input>(it,
                        (x, out) -> out.accept(x.input()), () -> {
                }), spec, null), true);
        return finish(spark.createDataFrame(events, Events.SCHEMA));
    }

    /**
     * The self-check over a samples dataset (as {@link Pairs#samples()} gives), each partition a shard with its own
     * bounded client (or embedded reader), sending {@code options.concurrency()} samples at a time. Samples under
     * {@code --min-score} move to the rejections; the rest gain their {@code check} object and caption.
     */
    public static Pairs check(Dataset<Row> samples, CheckOptions options) {
        JavaRDD<Row> events = samples.select(Arrays.stream(Events.SAMPLE_COLUMNS).map(Column::new).toArray(Column[]::new))
                .javaRDD().mapPartitionsWithIndex((p, rows) -> EngineRows.make(p, new ClosingIterator<Row, Input>(rows,
                        (r, out) -> out.accept(Checks.input(r)), () -> {
                }), () -> org.pairforge.check.Datasets.bytesPipeline(Integer.MAX_VALUE), options), true);
        return finish(samples.sparkSession().createDataFrame(events, Events.SCHEMA));
    }

    /**
     * Samples and rejections from the event rows, in input order without a sort: the events' partitions are in
     * input order already, and nothing below shuffles the samples. The made shards (small: keys, counts) come to the
     * driver, which de-duplicates them in order as the CLI's workers do; the duplicates (few, and narrow) are
     * broadcast and anti-joined away, which keeps every partition where and as it is.
     */
    private static Pairs finish(Dataset<Row> events) {
        Dataset<Row> all = events.persist(StorageLevel.MEMORY_AND_DISK());
        List<MadeShard> made = new ArrayList<>();
        for (Row r : all.filter(col("type").equalTo(Events.MADE)).select("made").collectAsList()) {
            made.add(EngineRows.deserialize(r.getAs("made")));
        }
        made.sort(java.util.Comparator.comparingInt(MadeShard::shard));
        Deduplicator dedup = new OrderedDeduplicator();
        List<ShardStats> shards = new ArrayList<>();
        List<Row> duplicateRows = new ArrayList<>();
        for (MadeShard m : made) {
            List<Deduplicator.Duplicate> duplicates;
            try {
                duplicates = dedup.admit(m.shard(), m.entries());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while de-duplicating", e);
            }
            shards.add(ShardEngine.settle(m, duplicates).stats(0));
            for (Deduplicator.Duplicate d : duplicates) {
                duplicateRows.add(RowFactory.create(d.source(), d.key(), Rejection.Stage.DEDUP.id(), Deduplicator.REASON,
                        d.message(), null));
            }
        }
        SparkSession spark = all.sparkSession();
        Dataset<Row> duplicates = spark.createDataFrame(duplicateRows, rejectionSchema());
        Dataset<Row> dropped = broadcast(duplicates.select(col("key").as("_k")));
        Dataset<Row> samples = all.filter(col("type").equalTo(Events.SAMPLE));
        Dataset<Row> kept = samples.join(dropped, col("key").equalTo(col("_k")), "left_anti").select(columns(Events.SAMPLE_COLUMNS));
        // in input order, then the duplicates
        Dataset<Row> rejections = all.filter(col("type").equalTo(Events.REJECTION)).select(columns(Events.REJECTION_COLUMNS))
                .unionByName(duplicates);
        return new Pairs(kept, rejections, all, duplicates, List.copyOf(shards));
    }

    private static org.apache.spark.sql.types.StructType rejectionSchema() {
        org.apache.spark.sql.types.StructType t = new org.apache.spark.sql.types.StructType();
        for (String c : Events.REJECTION_COLUMNS) {
            t = t.add(c, org.apache.spark.sql.types.DataTypes.StringType, true);
        }
        return t;
    }

    private static Column[] columns(String... names) {
        return Arrays.stream(names).map(Column::new).toArray(Column[]::new);
    }
}
