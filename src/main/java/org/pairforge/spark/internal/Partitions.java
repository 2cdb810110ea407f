package org.pairforge.spark.internal;

import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;
import org.pairforge.core.Extraction;
import org.pairforge.pipeline.Pipeline;
import org.pairforge.pipeline.PipelineSpec;
import org.pairforge.source.Input;

import java.util.Iterator;

/** One partition's run: one pipeline opened when the partition starts, closed when it ends however it ends. */
public final class Partitions {
    /** An input and its place in the whole input. */
    public record Placed(long index, Input input) {
    }

    /**
     * What the pipeline made of one input, at its place. Lives only inside the task that made it (it is neither
     * cached nor shuffled), so it need not be serializable.
     */
    public record Outcome(long index, String source, Extraction extraction) {
    }

    private Partitions() {
    }

    /** The partition's outcomes, made an input at a time as Spark takes them, by one pipeline closed at the end. */
    public static Iterator<Outcome> run(PipelineSpec spec, Iterator<Placed> inputs) {
        Pipeline pipeline = spec.builder().build();
        ClosingIterator<Placed, Outcome> outcomes = new ClosingIterator<>(inputs, (p, out) ->
                out.accept(new Outcome(p.index(), p.input().id(), pipeline.process(p.input()))), pipeline);
        closeWithTask(outcomes);
        return outcomes;
    }

    /** A task that ends before its iterator is exhausted (a failure, a limit, a kill) still closes it. */
    static void closeWithTask(ClosingIterator<?, ?> rows) {
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) ctx -> rows.close());
        }
    }
}
