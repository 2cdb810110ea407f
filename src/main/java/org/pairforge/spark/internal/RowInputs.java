package org.pairforge.spark.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.pairforge.core.SourceData;
import org.pairforge.core.SourceRef;
import org.pairforge.core.Json;
import org.pairforge.source.Input;
import org.pairforge.source.InputKind;
import org.pairforge.source.JsonLines;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A row of a caller's dataset as an input. A row whose content column (by the kind: {@code content}, for web
 * also {@code html} or {@code text}) is a string is handled as the CLI handles a JSON Lines row in The Stack's
 * layout: its other small fields become provenance, a notebook may be a string of JSON. A binary content column
 * (Spark's {@code binaryFile} source: {@code path}, {@code modificationTime}, {@code length}, {@code content}) is
 * the input's bytes. The input's id, from which sample keys derive, is the {@code id} column, else a binary
 * row's {@code path}, else {@code row#N} by the row's place in the dataset (N from 1, as a line number).
 */
public final class RowInputs {
    private final InputKind kind;
    private final JsonLines lines;

    public RowInputs(InputKind kind, long maxInputBytes) {
        this.kind = kind;
        this.lines = new JsonLines(kind, maxInputBytes);
    }

    public Input of(Row row, long index) {
        return of(row, "row#" + (index + 1));
    }

    /** The row as an input; {@code fallbackId} names it when it has no {@code id} (nor, binary, a {@code path}). */
    public Input of(Row row, String fallbackId) {
        StructType schema = row.schema();
        String contentField = null;
        for (String f : kind.contentFields()) {
            if (schema.getFieldIndex(f).isDefined() && !row.isNullAt(row.fieldIndex(f))) {
                contentField = f;
                break;
            }
        }
        boolean binary = contentField != null && schema.apply(contentField).dataType() instanceof BinaryType;
        String id = string(row, "id");
        if (id == null && binary) {
            id = string(row, "path");
        }
        if (id == null) {
            id = fallbackId;
        }
        if (binary) {
            Map<String, Object> provenance = new LinkedHashMap<>();
            for (StructField f : schema.fields()) {
                Object v = row.get(row.fieldIndex(f.name()));
                if (!f.name().equals(contentField) && (v instanceof String || v instanceof Number || v instanceof Boolean)) {
                    provenance.put(f.name(), v);
                } else if (!f.name().equals(contentField) && v instanceof java.util.Date d) {
                    provenance.put(f.name(), d.toInstant().toString());
                }
            }
            return Input.of(new SourceData(new SourceRef(id, provenance), row.getAs(contentField), null));
        }
        return lines.line(id, json(row));
    }

    private static String string(Row row, String field) {
        if (row.schema().getFieldIndex(field).isEmpty()) {
            return null;
        }
        Object v = row.get(row.fieldIndex(field));
        return v == null ? null : v.toString();
    }

    private static boolean scalar(Object v) {
        return v instanceof String || v instanceof Number || v instanceof Boolean;
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v instanceof String str) {
            g.writeString(str);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof java.math.BigDecimal d) {
            g.writeNumber(d);
        } else {
            g.writeNumber(((Number) v).doubleValue());
        }
    }

    /** The row as one JSON object: scalars and lists of scalars; nested structs and maps are not provenance. */
    static byte[] json(Row row) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            for (StructField f : row.schema().fields()) {
                Object v = row.get(row.fieldIndex(f.name()));
                if (v == null) {
                    continue;
                }
                if (v instanceof scala.collection.Seq<?> seq) {
                    v = scala.jdk.javaapi.CollectionConverters.asJava(seq);
                }
                if (v instanceof List<?> list && list.stream().allMatch(RowInputs::scalar)) {
                    g.writeArrayFieldStart(f.name());
                    for (Object x : list) {
                        write(g, x);
                    }
                    g.writeEndArray();
                } else if (scalar(v)) {
                    g.writeFieldName(f.name());
                    write(g, v);
                } else if (v instanceof byte[] bytes) {
                    g.writeStringField(f.name(), new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
