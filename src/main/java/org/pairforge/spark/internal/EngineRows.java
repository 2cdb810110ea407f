package org.pairforge.spark.internal;

import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.pairforge.check.CheckOptions;
import org.pairforge.core.TempFolder;
import org.pairforge.pipeline.PipelineSpec;
import org.pairforge.run.MadeShard;
import org.pairforge.run.ShardEngine;
import org.pairforge.shard.LocalStore;
import org.pairforge.shard.SampleFormat;
import org.pairforge.shard.ShardReader;
import org.pairforge.source.Input;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A partition of a Spark dataset made by the {@link ShardEngine}, as {@link Events} rows: the samples (kept on the
 * executor's disk while the engine makes them), the rejections, and the made shard last.
 */
public final class EngineRows {
    private EngineRows() {
    }

    /** Where a partition's rows are placed: partition {@code p}'s come after every earlier partition's. */
    static long index(int partition) {
        return (long) partition << 40;
    }

    public static Iterator<Row> make(int partition, Iterator<Input> inputs, PipelineSpec spec, CheckOptions check)
            throws IOException {
        List<Row> rows = new ArrayList<>();
        long at = index(partition);
        int seq = 0;
        try (TempFolder tmp = TempFolder.create("pairforge-partition")) {
            LocalStore store = new LocalStore(tmp.root());
            MadeShard made = ShardTasks.makeShard(partition, inputs, spec, check, store, SampleFormat.WEBDATASET);
            for (ShardReader.TarSample t : ShardReader.read(store.path(SampleFormat.WEBDATASET.file(partition)))) {
                rows.add(Events.sample(at, seq++, ShardReader.toSample(t)));
            }
            for (String line : made.rejectLines()) {
                rows.add(Events.rejection(at, seq++, ShardReader.rejection(line)));
            }
            rows.add(Events.made(at, seq, serialize(made)));
        }
        return rows.iterator();
    }

    /** The partition a task runs, for rows made outside a partition function. */
    static int partition() {
        return TaskContext.get() == null ? 0 : TaskContext.get().partitionId();
    }

    static byte[] serialize(MadeShard made) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(made);
        }
        return bytes.toByteArray();
    }

    public static MadeShard deserialize(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (MadeShard) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("a made shard that does not read back: " + e, e);
        }
    }
}
