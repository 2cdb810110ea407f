package org.pairforge.shard;

import org.pairforge.core.Sample;

import java.io.Closeable;
import java.io.IOException;
import java.io.Serializable;
import java.util.Map;
import java.util.Set;

/**
 * How a shard's samples are written: as a WebDataset tar ({@link #WEBDATASET}), or as a Parquet file (a Spark
 * job's, see {@code org.pairforge.spark}). A format is a value that travels to where shards are made.
 */
public interface SampleFormat extends Serializable {
    /** The run's name of a shard's samples file. */
    String file(int shard);

    /** A new samples file; it appears whole on {@link Writer#close()}. */
    Writer create(RunStore store, String name) throws IOException;

    /** Rewrites a samples file without the samples whose keys are in {@code keys} (duplicates found after it was written). */
    void rewriteWithout(RunStore store, String name, Set<String> keys) throws IOException;

    /** The dedup keys of a finished shard's samples: dedup key → sample key, in the file's order. */
    Map<String, String> dedupKeys(RunStore store, String name) throws IOException;

    /** Samples going into a file, in order. */
    interface Writer extends Closeable {
        void add(Sample sample) throws IOException;

        /** Gives the file up: nothing appears. */
        void abort() throws IOException;
    }

    /** The WebDataset tar the CLI writes: {@code shards/NNNNNN.tar}, a sample's members adjacent. */
    SampleFormat WEBDATASET = new WebDatasetFormat();
}
