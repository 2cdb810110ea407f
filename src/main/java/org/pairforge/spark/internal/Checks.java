package org.pairforge.spark.internal;

import org.apache.spark.sql.Row;
import org.pairforge.core.Sample;
import org.pairforge.core.SourceData;
import org.pairforge.core.SourceRef;
import org.pairforge.shard.WebDatasetWriter;
import org.pairforge.source.Input;



/** Sample rows back into samples, and into inputs of the self-check. */
public final class Checks {
    private Checks() {
    }

    /** A sample row as an input of the self-check: a shard of that one sample, as a dataset's are. */
    public static Input input(Row r) {
        Sample s = sample(r);
        java.io.ByteArrayOutputStream tar = new java.io.ByteArrayOutputStream();
        try (WebDatasetWriter w = new WebDatasetWriter(tar)) {
            w.add(s);
            w.finish();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Input.of(new SourceData(SourceRef.of(s.source().id()), tar.toByteArray(), null));
    }

    /** A sample row back into a sample, through the shard reader's own member rules. */
    public static Sample sample(Row r) {
        return SampleColumns.of(r).toSample();
    }
}
