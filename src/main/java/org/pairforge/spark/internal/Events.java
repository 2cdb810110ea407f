package org.pairforge.spark.internal;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.pairforge.core.Extraction;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;
import org.pairforge.core.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a partition's pipeline made of each input, as rows of one schema: an {@code input} row (its funnel
 * counts), then a {@code sample} row per sample and a {@code rejection} row per rejection, each placed by the
 * input's index and its own position, so that de-duplication and output order follow input order whatever the
 * partitioning.
 */
public final class Events {
    public static final String INPUT = "input", SAMPLE = "sample", REJECTION = "rejection";

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
            DataTypes.createStructField("unreadable", DataTypes.BooleanType, true),
            DataTypes.createStructField("candidates", DataTypes.IntegerType, true)});

    /** The columns of a samples dataset, in order. */
    public static final String[] SAMPLE_COLUMNS = {"key", "kind", "image", "text", "meta", "dedup_key", "extras", "source"};
    /** The columns of a rejections dataset, in order. */
    public static final String[] REJECTION_COLUMNS = {"source", "key", "stage", "reason", "message", "details"};

    private Events() {
    }

    /** One input's rows, in order. */
    public static java.util.Iterator<Row> of(Partitions.Outcome o) {
        java.util.List<Row> rows = new java.util.ArrayList<>();
        of(o.index(), o.source(), o.extraction(), rows::add);
        return rows.iterator();
    }

    /** One input's rows, in order. */
    public static void of(long index, String sourceId, Extraction e, Consumer<Row> out) {
        out.accept(RowFactory.create(INPUT, index, 0, null, null, null, null, null, null, null, sourceId, null, null,
                null, null, !e.readable(), e.candidates()));
        int seq = 0;
        for (Sample s : e.samples()) {
            out.accept(sample(index, seq++, s));
        }
        for (Rejection r : e.rejections()) {
            out.accept(rejection(index, seq++, r));
        }
    }

    public static Row sample(long index, int seq, Sample s) {
        SampleColumns c = SampleColumns.of(s);
        return RowFactory.create(SAMPLE, index, seq, c.key(), c.kind(), c.imageRow(), c.text(), c.meta(), c.dedupKey(),
                c.extras(), c.source(), null, null, null, null, null, null);
    }

    public static Row rejection(long index, int seq, Rejection r) {
        return RowFactory.create(REJECTION, index, seq, r.key(), null, null, null, null, null, null, r.source(),
                r.stage().id(), r.reason(), r.message(), r.details().isEmpty() ? null : json(r.details()), null, null);
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
