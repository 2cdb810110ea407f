package org.pairforge.spark.internal;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.pairforge.core.EncodedImage;
import org.pairforge.core.Sample;
import org.pairforge.core.Json;
import org.pairforge.shard.ShardReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A sample as the columns of a samples dataset ({@link Events#SAMPLE_COLUMNS}), whether they are held in a Spark
 * row or a Parquet file: {@code meta} is the sample's {@code KEY.json} bytes as a string, {@code extras} its
 * further text members as a JSON object, the image its bytes and {@code KEY.EXT} path.
 */
public record SampleColumns(String key, String kind, byte[] image, String imagePath, String text, String meta,
                            String dedupKey, String extras, String source) {

    public static SampleColumns of(Sample s) {
        EncodedImage img = s.image();
        Object kind = s.metadata().get("kind");
        return new SampleColumns(s.key(), kind == null ? null : kind.toString(), img.bytes(),
                s.key() + "." + img.probed().extension, s.text(), Events.json(s.metadata()), s.dedupKey(),
                s.extras().isEmpty() ? null : Events.json(s.extras()), s.source().id());
    }

    public static SampleColumns of(Row r) {
        Row image = r.getAs("image");
        return new SampleColumns(r.getAs("key"), r.getAs("kind"), image == null ? null : image.getAs("bytes"),
                image == null ? null : image.getAs("path"), r.getAs("text"), r.getAs("meta"), r.getAs("dedup_key"),
                r.getAs("extras"), r.getAs("source"));
    }

    /** The image column's value: {@code struct<bytes, path>}. */
    public Row imageRow() {
        return RowFactory.create(image, imagePath);
    }

    /** The sample back, through the shard reader's own member rules (as if read from a shard). */
    public Sample toSample() {
        Map<String, byte[]> members = new LinkedHashMap<>();
        String ext = imagePath == null || imagePath.lastIndexOf('.') < 0 ? "png" : imagePath.substring(imagePath.lastIndexOf('.') + 1);
        members.put(ext, image);
        members.put("txt", text.getBytes(StandardCharsets.UTF_8));
        if (extras != null) {
            try {
                Json.MAPPER.readTree(extras).fields().forEachRemaining(e ->
                        members.put(e.getKey(), e.getValue().asText().getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new IllegalArgumentException("sample " + key + ": extras is not a JSON object", e);
            }
        }
        members.put("json", meta.getBytes(StandardCharsets.UTF_8));
        try {
            return ShardReader.toSample(new ShardReader.TarSample(key, members));
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
