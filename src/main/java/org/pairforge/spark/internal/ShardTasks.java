package org.pairforge.spark.internal;

import org.pairforge.check.CheckOptions;
import org.pairforge.check.SelfCheck;
import org.pairforge.pipeline.Pipeline;
import org.pairforge.pipeline.PipelineSpec;
import org.pairforge.run.Deduplicator;
import org.pairforge.run.MadeShard;
import org.pairforge.run.RunManifest;
import org.pairforge.run.ShardEngine;
import org.pairforge.run.ShardListing;
import org.pairforge.shard.RunStore;
import org.pairforge.shard.SampleFormat;
import org.pairforge.shard.ShardLayout;
import org.pairforge.shard.ShardStats;
import org.pairforge.source.Input;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What a Spark job's tasks do with the {@link ShardEngine}: a partition is a shard. The first task of a partition
 * makes it (or, for a shard an earlier run finished, only compares its inputs with the shard's listing); the
 * driver then de-duplicates the partitions in order, as the CLI's workers do, and commits each shard (a task does
 * it when the shard's samples file must lose duplicates).
 */
public final class ShardTasks {
    private ShardTasks() {
    }

    /**
     * What the first task left of a partition: the shard made now, or an earlier run's finished shard (its
     * samples' dedup keys), or a finished shard whose inputs changed (why, for the refusal).
     */
    public record Made(int partition, MadeShard shard, Map<String, String> finishedKeys, String changed)
            implements Serializable {
    }

    /** A shard to commit, with the duplicates the driver found in it. */
    public record Commit(MadeShard shard, List<Deduplicator.Duplicate> duplicates) implements Serializable {
    }

    /** The first task of partition {@code p}. */
    public static Made make(int p, Iterator<Partitions.Placed> placed, PipelineSpec spec, CheckOptions check,
                            HadoopStore store, SampleFormat format, boolean finished) throws IOException {
        Iterator<Input> inputs = new ClosingIterator<Partitions.Placed, Input>(placed, (x, out) -> out.accept(x.input()), () -> {
        });
        if (finished) {
            List<String> now = new ArrayList<>();
            inputs.forEachRemaining(i -> now.add(ShardListing.line(i)));
            List<String> before = RunManifest.listing(store, p);
            String difference = before == null ? "shard " + ShardLayout.name(p) + " has no listing of its inputs"
                    : ShardListing.difference(before, now);
            if (difference != null) {
                return new Made(p, null, null, difference);
            }
            return new Made(p, null, format.dedupKeys(store, format.file(p)), null);
        }
        MadeShard made = makeShard(p, inputs, spec, check, store, format);
        // The listing and the rejections wait in the shard's files, not in the driver's memory; a shard is
        // unfinished until its stats are written, whatever else of it exists.
        store.writeLines(ShardLayout.inputsName(p), made.listing());
        store.writeLines(ShardLayout.rejectsName(p), made.rejectLines());
        return new Made(p, made.with(List.of(), List.of()), null, null);
    }

    /** Shard {@code p} of {@code inputs}, made by the kind's pipeline with the self-check last when asked for. */
    static MadeShard makeShard(int p, Iterator<Input> inputs, PipelineSpec spec, CheckOptions check, RunStore store,
                               SampleFormat format) throws IOException {
        Pipeline.Builder builder = spec.builder();
        try (SelfCheck selfCheck = check == null ? null : SelfCheck.open(check)) {
            if (selfCheck != null) {
                builder.stage(selfCheck);
            }
            try (Pipeline pipeline = builder.build()) {
                return new ShardEngine(pipeline, store, format).make(p, inputs, size -> {
                });
            }
        }
    }

    /** A made shard committed (by the driver, or by a task when its samples file loses duplicates); its stats. */
    public static ShardStats commit(Commit c, HadoopStore store, SampleFormat format) throws IOException {
        int p = c.shard().shard();
        MadeShard made = c.shard().with(store.readLines(ShardLayout.inputsName(p)), store.readLines(ShardLayout.rejectsName(p)));
        return ShardEngine.commit(store, format, made, c.duplicates());
    }
}
