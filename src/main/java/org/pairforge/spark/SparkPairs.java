package org.pairforge.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;
import org.pairforge.check.CheckOptions;
import org.pairforge.document.DocumentOptions;
import org.pairforge.latex.LatexOptions;
import org.pairforge.notebook.NotebookOptions;
import org.pairforge.pipeline.PipelineSpec;
import org.pairforge.spark.internal.Checks;
import org.pairforge.spark.internal.ClosingIterator;
import org.pairforge.spark.internal.Events;
import org.pairforge.spark.internal.Partitions;
import org.pairforge.spark.internal.RowInputs;
import org.pairforge.spark.internal.Scans;
import org.pairforge.web.WebOptions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

/**
 * Every capability as a Spark transformation over the same {@link org.pairforge.pipeline.Pipeline} the CLI runs:
 * each partition opens one pipeline (one browser, one TeX folder) when it starts and closes it when it ends.
 *
 * <p>Inputs are a dataset of rows (see {@link RowInputs}: The Stack's rows with {@code content} as a string,
 * {@code binaryFile} rows, or rows with an {@code id}), or paths as the CLI takes them ({@link #files}). The
 * result's samples have the columns {@code key, kind, image struct<bytes, path>, text, meta} (the sample's
 * {@code KEY.json}), {@code dedup_key, extras} (a JSON object of further text members, such as
 * {@code caption.txt}) and {@code source}; its rejections {@code source, key, stage, reason, message, details}.
 * De-duplication is global and deterministic: of samples with the same dedup key, the first in input order is
 * kept, as in the CLI, whatever the partitioning. A row that fails is a rejection, never a failed job.
 */
public final class SparkPairs {
    private SparkPairs() {
    }

    /**
     * A run's samples and rejections, both in input order. They share one computation, kept
     * ({@code MEMORY_AND_DISK}) so that reading both does not render twice; {@link #close()} lets it go.
     * {@code events} are the partitions' rows (see {@link Events}), {@code duplicates} the samples de-duplication
     * dropped (null after a check).
     */
    public record Pairs(Dataset<Row> samples, Dataset<Row> rejections, Dataset<Row> events, Dataset<Row> duplicates)
            implements AutoCloseable {
        /** The CLI's funnel: inputs read and unreadable, candidates, kept, dropped by reason (candidates only). */
        public Map<String, Object> funnel() {
            Row in = events.filter(col("type").equalTo(Events.INPUT))
                    .agg(org.apache.spark.sql.functions.count(lit(1)),
                            org.apache.spark.sql.functions.sum(when(col("unreadable"), 1).otherwise(0)),
                            org.apache.spark.sql.functions.sum(col("candidates")))
                    .first();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("inputs_read", in.getLong(0));
            m.put("inputs_unreadable", in.isNullAt(1) ? 0L : in.getLong(1));
            m.put("candidates", in.isNullAt(2) ? 0L : in.getLong(2));
            m.put("kept", samples.count());
            Map<String, Long> dropped = new TreeMap<>();
            for (Row r : rejections.filter(col("key").isNotNull()).groupBy("reason").count().collectAsList()) {
                dropped.put(r.getString(0), r.getLong(1));
            }
            m.put("dropped", dropped);
            return m;
        }

        @Override
        public void close() {
            events.unpersist();
            if (duplicates != null) {
                duplicates.unpersist();
            }
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
        JavaRDD<Row> events = rows.javaRDD().zipWithIndex().mapPartitions(it -> {
            var kind = spec.builder();
            RowInputs inputs = new RowInputs(kind.inputKind(), kind.maxInputBytes());
            return Partitions.run(spec, new ClosingIterator<scala.Tuple2<Row, Long>, Partitions.Placed>(it,
                    (t, out) -> out.accept(new Partitions.Placed(t._2(), inputs.of(t._1(), t._2()))), () -> {
            }));
        }).flatMap(Events::of);
        return finish(rows.sparkSession().createDataFrame(events, Events.SCHEMA));
    }

    /**
     * Inputs named as the CLI names them (files, folders, JSON Lines files), with the CLI's ids and so its keys.
     * A JSON Lines file is read by Spark, its lines spread over the cluster; files and folders are listed on each
     * executor (paths must be visible there, as on a shared file system) and split into {@code partitions}
     * ranges.
     */
    public static Pairs files(SparkSession spark, List<String> paths, PipelineSpec spec, int partitions) {
        JavaRDD<Row> events = Scans.outcomes(JavaSparkContext.fromSparkContext(spark.sparkContext()), paths, spec, partitions)
                .flatMap(Events::of);
        return finish(spark.createDataFrame(events, Events.SCHEMA));
    }

    /**
     * The self-check over a samples dataset (as {@link Pairs#samples()} gives), each partition with its own
     * bounded client (or embedded reader), sending {@code options.concurrency()} samples at a time. Samples under
     * {@code --min-score} move to the rejections; the rest gain their {@code check} object and caption.
     */
    public static Pairs check(Dataset<Row> samples, CheckOptions options) {
        JavaRDD<Row> events = samples.select(Arrays.stream(Events.SAMPLE_COLUMNS).map(Column::new).toArray(Column[]::new))
                .javaRDD().mapPartitions(it -> Checks.run(options, it));
        Dataset<Row> all = samples.sparkSession().createDataFrame(events, Events.SCHEMA).persist(StorageLevel.MEMORY_AND_DISK());
        // each partition's rows come out in the order they went in: no sort needed
        Dataset<Row> kept = all.filter(col("type").equalTo(Events.SAMPLE)).select(columns(Events.SAMPLE_COLUMNS));
        Dataset<Row> rejected = all.filter(col("type").equalTo(Events.REJECTION)).select(columns(Events.REJECTION_COLUMNS));
        return new Pairs(kept, rejected, all, null);
    }

    /**
     * Samples and rejections from the event rows, in input order without a sort: the events' partitions are in
     * input order already, and nothing below shuffles the samples. Only the narrow columns of keyed samples go
     * through the window that finds duplicates; the duplicates (few, and narrow) are broadcast and anti-joined
     * away, which keeps every partition where and as it is.
     */
    private static Pairs finish(Dataset<Row> events) {
        Dataset<Row> all = events.persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> samples = all.filter(col("type").equalTo(Events.SAMPLE));
        WindowSpec sameKey = Window.partitionBy("dedup_key").orderBy("input_index", "seq");
        // as many groups as input partitions: the session's shuffle width (200 by default) is far more tasks than
        // these few narrow rows need
        int groups = Math.max(1, all.javaRDD().getNumPartitions());
        Dataset<Row> duplicates = samples.filter(col("dedup_key").isNotNull())
                .select("input_index", "seq", "key", "source", "dedup_key")
                .repartition(groups, col("dedup_key"))
                .withColumn("_rank", row_number().over(sameKey))
                .withColumn("_first", first(col("key")).over(sameKey))
                .filter(col("_rank").gt(1))
                .select(col("input_index"), col("seq"), col("source"), col("key"), lit("dedup").as("stage"),
                        lit("duplicate").as("reason"),
                        concat(lit("same image bytes and normalized text as "), col("_first")).as("message"),
                        lit(null).cast("string").as("details"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> dropped = broadcast(duplicates.select(col("input_index").as("_i"), col("seq").as("_s")));
        Dataset<Row> kept = samples.join(dropped, col("input_index").equalTo(col("_i")).and(col("seq").equalTo(col("_s"))),
                "left_anti").select(columns(Events.SAMPLE_COLUMNS));
        // in input order, then the duplicates
        Dataset<Row> rejections = all.filter(col("type").equalTo(Events.REJECTION)).select(columns(Events.REJECTION_COLUMNS))
                .unionByName(duplicates.select(columns(Events.REJECTION_COLUMNS)));
        return new Pairs(kept, rejections, all, duplicates);
    }

    private static Column[] columns(String... names) {
        return Arrays.stream(names).map(Column::new).toArray(Column[]::new);
    }
}
