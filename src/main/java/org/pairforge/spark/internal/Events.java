package org.pairforge.spark.internal;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;
import org.pairforge.core.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * What the shard engine made of a partition, as rows of one schema: a {@code sample} row per sample and a
 * {@code rejection} row per rejection, each placed by its partition and its position there (so order follows input
 * order whatever the partitioning), and one {@code made} row holding the made shard itself (what de-duplication and
 * the funnel need).
 */
public final class Events {
    public static final String SAMPLE = "sample", REJECTION = "rejection", MADE = "made";

    /** {@code struct<bytes: binary, path: string>}, nullable: what Hugging Face {@code datasets} reads as an Image. */
    public static final StructType IMAGE = new StructType(new StructField[]{
            DataTypes.createStructField("bytes", DataTypes.BinaryType, true),
            DataTypes.createStructField("path", DataTypes.StringType, true)});

    public static final StructType SCHEMA = new StructType(new StructField[]{
            DataTypes.createStructField("type", DataTypes.StringType, false),
            DataTypes.createStructField("input_index", DataTypes.LongType, false),
            DataTypes.createStructField("seq", DataTypes.IntegerType, false),
            DataTypes.createStructField("key", DataTypes.StringType, true),
            DataTypes.createStructField("kind", DataTypes.StringType, true),
            DataTypes.createStructField("image", IMAGE, true),
            DataTypes.createStructField("text", DataTypes.StringType, true),
            DataTypes.createStructField("meta", DataTypes.StringType, true),
            DataTypes.createStructField("dedup_key", DataTypes.StringType, true),
            DataTypes.createStructField("extras", DataTypes.StringType, true),
            DataTypes.createStructField("source", DataTypes.StringType, true),
            DataTypes.createStructField("stage", DataTypes.StringType, true),
            DataTypes.createStructField("reason", DataTypes.StringType, true),
            DataTypes.createStructField("message", DataTypes.StringType, true),
            DataTypes.createStructField("details", DataTypes.StringType, true),
            DataTypes.createStructField("made", DataTypes.BinaryType, true)});

    /** The columns of a samples dataset, in order. */
    public static final String[] SAMPLE_COLUMNS = {"key", "kind", "image", "text", "meta", "dedup_key", "extras", "source"};
    /** The columns of a rejections dataset, in order. */
    public static final String[] REJECTION_COLUMNS = {"source", "key", "stage", "reason", "message", "details"};

    private Events() {
    }

    public static Row sample(long index, int seq, Sample s) {
        SampleColumns c = SampleColumns.of(s);
        return RowFactory.create(SAMPLE, index, seq, c.key(), c.kind(), c.imageRow(), c.text(), c.meta(), c.dedupKey(),
                c.extras(), c.source(), null, null, null, null, null);
    }

    public static Row rejection(long index, int seq, Rejection r) {
        return RowFactory.create(REJECTION, index, seq, r.key(), null, null, null, null, null, null, r.source(),
                r.stage().id(), r.reason(), r.message(), r.details().isEmpty() ? null : json(r.details()), null);
    }

    /** The made shard, serialized: its rows come last in its partition. */
    public static Row made(long index, int seq, byte[] made) {
        return RowFactory.create(MADE, index, seq, null, null, null, null, null, null, null, null, null, null, null, null, made);
    }

    /** JSON as the shard writer writes {@code KEY.json}: the same bytes. */
    public static String json(Map<String, ?> m) {
        try {
            return Json.MAPPER.writeValueAsString(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
