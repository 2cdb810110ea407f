package org.pairforge.spark.internal;

import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.pairforge.core.Sample;
import org.pairforge.shard.RunStore;
import org.pairforge.shard.SampleFormat;
import org.pairforge.shard.ShardLayout;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Shards as Parquet files Hugging Face {@code datasets} loads ({@code data/NNNNNN.parquet}, the {@code huggingface}
 * key in each footer). A shard that kept no sample has no file: a part file without rows says nothing.
 */
public final class ParquetFormat implements SampleFormat {
    private final TreeMap<String, String> footer;

    public ParquetFormat(Map<String, String> footer) {
        this.footer = new TreeMap<>(footer);
    }

    @Override
    public String file(int shard) {
        return ShardLayout.DATA + "/" + ShardLayout.name(shard) + ".parquet";
    }

    @Override
    public Writer create(RunStore store, String name) throws IOException {
        return new Writer() {
            private RunStore.Output out;
            private SampleFiles.Sink sink;

            @Override
            public void add(Sample sample) throws IOException {
                if (sink == null) { // opened by the first sample
                    out = store.create(name);
                    sink = SampleFiles.parquet(outputFile(out), footer);
                }
                sink.add(sample);
            }

            @Override
            public void abort() throws IOException {
                if (out != null) {
                    out.abort();
                }
            }

            @Override
            public void close() throws IOException {
                if (sink == null) {
                    store.delete(name); // an earlier attempt's file of a shard that keeps nothing now
                    return;
                }
                sink.close(); // closes out: the file appears
            }
        };
    }

    /** A file of no samples under {@code name}: it still says what the columns are (a run that kept nothing). */
    public void writeEmpty(RunStore store, String name) throws IOException {
        RunStore.Output out = store.create(name);
        try {
            SampleFiles.parquet(outputFile(out), footer).close();
        } catch (IOException | RuntimeException e) {
            out.abort();
            throw e;
        }
    }

    @Override
    public void rewriteWithout(RunStore store, String name, Set<String> keys) throws IOException {
        // the old file is read to its end before the new one takes its name (on close)
        Writer w = create(store, name);
        try {
            SampleFiles.read(inputFile(store, name), s -> {
                if (!keys.contains(s.key())) {
                    w.add(s);
                }
            });
        } catch (IOException | RuntimeException e) {
            w.abort();
            throw e;
        }
        w.close();
    }

    @Override
    public Map<String, String> dedupKeys(RunStore store, String name) throws IOException {
        Map<String, String> keys = new LinkedHashMap<>();
        if (store.exists(name)) {
            SampleFiles.read(inputFile(store, name), s -> {
                if (s.dedupKey() != null) {
                    keys.put(s.dedupKey(), s.key());
                }
            });
        }
        return keys;
    }

    /** A samples file to read, through Hadoop's file systems (Parquet runs are Spark's, on a {@link HadoopStore}). */
    static InputFile inputFile(RunStore store, String name) throws IOException {
        if (store instanceof HadoopStore h) {
            return HadoopInputFile.fromPath(h.path(name), h.conf());
        }
        throw new IllegalArgumentException("cannot read Parquet from " + store.describe(name));
    }

    /** Parquet's writer on a store's output, counting its position as Parquet needs. */
    private static OutputFile outputFile(RunStore.Output out) {
        return new OutputFile() {
            @Override
            public PositionOutputStream create(long blockSizeHint) {
                return stream();
            }

            @Override
            public PositionOutputStream createOrOverwrite(long blockSizeHint) {
                return stream();
            }

            private PositionOutputStream stream() {
                return new PositionOutputStream() {
                    private long pos;

                    @Override
                    public long getPos() {
                        return pos;
                    }

                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                        pos++;
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                        pos += len;
                    }

                    @Override
                    public void flush() throws IOException {
                        out.flush();
                    }

                    @Override
                    public void close() throws IOException {
                        out.close();
                    }
                };
            }

            @Override
            public boolean supportsBlockSize() {
                return false;
            }

            @Override
            public long defaultBlockSize() {
                return 0;
            }
        };
    }
}
