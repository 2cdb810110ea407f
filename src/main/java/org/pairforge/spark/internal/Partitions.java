package org.pairforge.spark.internal;

import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.util.TaskCompletionListener;
import org.pairforge.core.Extraction;
import org.pairforge.pipeline.Pipeline;
import org.pairforge.pipeline.PipelineSpec;
import org.pairforge.source.Input;

import java.util.Iterator;
import java.util.function.BiFunction;

/** One partition's run: one pipeline opened when the partition starts, closed when it ends however it ends. */
public final class Partitions {
    /** An input and its place in the whole input. */
    public record Placed(long index, Input input) {
    }

    private Partitions() {
    }

    /**
     * The partition's event rows (see {@link Events}), made an input at a time as Spark takes them.
     * {@code place} turns each item into its input, given the partition's pipeline (for its input kind and limit).
     */
    public static <T> Iterator<Row> run(PipelineSpec spec, Iterator<T> items, BiFunction<T, Pipeline, Placed> place) {
        Pipeline pipeline = spec.builder().build();
        ClosingIterator<T, Row> rows = new ClosingIterator<>(items, (item, out) -> {
            Placed p = place.apply(item, pipeline);
            if (p == null) {
                return;
            }
            Extraction e = pipeline.process(p.input());
            Events.of(p.index(), p.input().id(), e, out);
        }, pipeline);
        closeWithTask(rows);
        return rows;
    }

    /** A task that ends before its iterator is exhausted (a failure, a limit, a kill) still closes it. */
    static void closeWithTask(ClosingIterator<?, ?> rows) {
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) ctx -> rows.close());
        }
    }
}
