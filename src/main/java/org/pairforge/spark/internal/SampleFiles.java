package org.pairforge.spark.internal;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.pairforge.core.Sample;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.pairforge.markdown.Block;
import org.pairforge.markdown.PageMarkdown;
import org.pairforge.core.Json;

/**
 * Samples as a Parquet file with the columns of a samples dataset and the {@code huggingface} footer key written
 * with it. Written and read by the tasks themselves, so the samples' bytes never pass through Spark's rows.
 */
public final class SampleFiles {
    /** A Parquet row group's size in bytes: a task holds one row group of images in memory. */
    private static final int ROW_GROUP_BYTES = 32 * 1024 * 1024;

    /** The Parquet schema of a samples dataset: every column optional, the image {@code struct<bytes, path>}. */
    public static final MessageType PARQUET_SCHEMA = Types.buildMessage()
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("key")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("kind")
            .optionalGroup()
            .optional(PrimitiveTypeName.BINARY).named("bytes")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("path")
            .named("image")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("text")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("meta")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("dedup_key")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("extras")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("source")
            // a page's Markdown and layout blocks, typed (also in extras and meta, which hold every sample's all)
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("md")
            .optionalGroup().as(LogicalTypeAnnotation.listType())
                .repeatedGroup()
                    .optionalGroup()
                        .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("type")
                        .optional(PrimitiveTypeName.INT32).named("x0")
                        .optional(PrimitiveTypeName.INT32).named("y0")
                        .optional(PrimitiveTypeName.INT32).named("x1")
                        .optional(PrimitiveTypeName.INT32).named("y1")
                        .optional(PrimitiveTypeName.INT32).named("order")
                        .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("md")
                    .named("element")
                .named("list")
            .named("blocks")
            .named("spark_schema");

    /** Where samples go, one at a time, in order. */
    public interface Sink extends Closeable {
        void add(Sample s) throws IOException;
    }

    private SampleFiles() {
    }

    /** A Parquet file of samples written to {@code file}, with {@code footer} in its footer's key-value metadata. */
    public static Sink parquet(org.apache.parquet.io.OutputFile file, Map<String, String> footer) throws IOException {
        ParquetWriter<Group> w = ExampleParquetWriter.builder(file)
                .withType(PARQUET_SCHEMA)
                .withConf(conf())
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                // an image's minimum and maximum bytes say nothing and would be copied for every new extreme
                .withStatisticsEnabled("image.bytes", false)
                .withRowGroupSize((long) ROW_GROUP_BYTES)
                .withExtraMetaData(footer)
                // images and texts are unique: a dictionary would only be tried and given up
                .withDictionaryEncoding(false)
                .withDictionaryEncoding("kind", true)
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
                .build();
        SimpleGroupFactory rows = new SimpleGroupFactory(PARQUET_SCHEMA);
        return new Sink() {
            @Override
            public void add(Sample s) throws IOException {
                SampleColumns c = SampleColumns.of(s);
                Group g = rows.newGroup();
                put(g, "key", c.key());
                put(g, "kind", c.kind());
                Group image = g.addGroup("image");
                image.append("bytes", Binary.fromConstantByteArray(c.image()));
                put(image, "path", c.imagePath());
                put(g, "text", c.text());
                put(g, "meta", c.meta());
                put(g, "dedup_key", c.dedupKey());
                put(g, "extras", c.extras());
                put(g, "source", c.source());
                put(g, "md", s.extras().get(PageMarkdown.MEMBER));
                if (s.metadata().get("blocks") instanceof List<?> blocks) {
                    Group list = g.addGroup("blocks");
                    for (Object b : blocks) {
                        Map<?, ?> m = b instanceof Block block ? Json.MAPPER.convertValue(block, Map.class) : (Map<?, ?>) b;
                        Group element = list.addGroup("list").addGroup("element");
                        put(element, "type", String.valueOf(m.get("type")));
                        for (String f : List.of("x0", "y0", "x1", "y1", "order")) {
                            element.append(f, ((Number) m.get(f)).intValue());
                        }
                        put(element, "md", String.valueOf(m.get("md")));
                    }
                }
                w.write(g);
            }

            @Override
            public void close() throws IOException {
                w.close();
            }
        };
    }

    /** A local Parquet file's samples, in order. */
    public static List<Sample> read(Path file) throws IOException {
        List<Sample> out = new ArrayList<>();
        read(HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toAbsolutePath().toUri()), conf()), out::add);
        return out;
    }

    /** What takes samples one at a time. */
    public interface SampleSink {
        void accept(Sample s) throws IOException;
    }

    /** A Parquet file's samples, in order, one at a time (never all in memory). */
    public static void read(org.apache.parquet.io.InputFile file, SampleSink sink) throws IOException {
        ParquetReader.Builder<Group> builder = new ParquetReader.Builder<>(file) {
            @Override
            protected org.apache.parquet.hadoop.api.ReadSupport<Group> getReadSupport() {
                return new GroupReadSupport();
            }
        };
        try (ParquetReader<Group> r = builder.withConf(conf()).build()) {
            for (Group g = r.read(); g != null; g = r.read()) {
                Group image = g.getGroup("image", 0);
                sink.accept(new SampleColumns(get(g, "key"), get(g, "kind"), image.getBinary("bytes", 0).getBytes(),
                        get(image, "path"), get(g, "text"), get(g, "meta"), get(g, "dedup_key"), get(g, "extras"),
                        get(g, "source")).toSample());
            }
        }
    }

    private static void put(Group g, String field, String value) {
        if (value != null) {
            g.append(field, value);
        }
    }

    private static String get(Group g, String field) {
        return g.getFieldRepetitionCount(field) == 0 ? null : g.getString(field, 0);
    }

    /** Hadoop's raw local file system, for local files. */
    static Configuration conf() {
        return HadoopStore.configuration(Map.of());
    }
}
