package org.pairforge.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.notebook.NotebookOptions;
import org.pairforge.pipeline.PipelineSpec;
import org.pairforge.shard.ShardReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * WebDataset shards written from a dataset by Spark tasks that fail: Spark retries the task ({@code local[2,2]}:
 * two attempts a task) and the partition's shard exists once, whole, and nothing of the failed attempt is left.
 * (A job's own resume is the shard engine's: see SparkJobIT and SparkStoresIT.)
 */
class SparkRetryIT {
    @TempDir
    Path dir;

    /** A partition's rows that stop with an error at the fourth on the task's first attempt. */
    static final class DiesOnFirstAttempt implements Iterator<Row> {
        private final Iterator<Row> rows;
        private int taken;

        DiesOnFirstAttempt(Iterator<Row> rows) {
            this.rows = rows;
        }

        @Override
        public boolean hasNext() {
            return rows.hasNext();
        }

        @Override
        public Row next() {
            if (++taken == 4 && TaskContext.get().attemptNumber() == 0) {
                throw new IllegalStateException("killed mid-partition");
            }
            return rows.next();
        }
    }

    @Test
    void aTaskKilledMidShardIsRetriedAndLeavesOneWholeShard() throws Exception {
        Path rows = SparkPairsIT.stackRows(dir.resolve("rows.jsonl"));
        Path out = dir.resolve("out");
        SparkSession spark = SparkSession.builder().master("local[2,2]").appName("pairforge-retry")
                .config("spark.ui.enabled", "false").getOrCreate();
        try (SparkPairs.Pairs pairs = SparkPairs.files(spark, List.of(rows.toString()),
                PipelineSpec.notebooks(NotebookOptions.builder().build()), 2)) {
            spark.sparkContext().setLogLevel("ERROR");
            Dataset<Row> samples = pairs.samples().repartition(2);
            long n = samples.count();
            // each partition's first attempt dies after handing the writer three samples
            Dataset<Row> flaky = samples.mapPartitions((MapPartitionsFunction<Row, Row>) DiesOnFirstAttempt::new,
                    Encoders.row(samples.schema()));
            assertEquals(2, SparkOutput.webdataset(flaky, pairs.rejections(), out));
            try (Stream<Path> files = Files.list(out.resolve("shards"))) {
                assertEquals(List.of("000000.tar", "000001.tar"), files.map(f -> f.getFileName().toString()).sorted().toList(),
                        "one tar per partition, nothing of the failed attempts");
            }
            long written = 0;
            for (String tar : List.of("000000.tar", "000001.tar")) {
                written += ShardReader.read(out.resolve("shards").resolve(tar)).size();
            }
            assertEquals(n, written, "every sample once");
        } finally {
            spark.stop();
        }
    }
}
