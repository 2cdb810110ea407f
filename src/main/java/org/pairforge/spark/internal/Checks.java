package org.pairforge.spark.internal;

import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.pairforge.check.CheckOptions;
import org.pairforge.check.SelfCheck;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;
import org.pairforge.pipeline.Verdict;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The self-check over a partition of sample rows: one {@link SelfCheck} per partition, a batch of samples a call. */
public final class Checks {
    private Checks() {
    }

    public static Iterator<Row> run(CheckOptions options, Iterator<Row> rows) {
        SelfCheck check = SelfCheck.open(options);
        long base = (long) (TaskContext.get() == null ? 0 : TaskContext.get().partitionId()) << 40;
        int batch = Math.max(1, check.batchSize());
        long[] next = {0};
        Iterator<List<Row>> batches = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public List<Row> next() {
                List<Row> b = new ArrayList<>(batch);
                while (rows.hasNext() && b.size() < batch) {
                    b.add(rows.next());
                }
                return b;
            }
        };
        ClosingIterator<List<Row>, Row> out = new ClosingIterator<>(batches, (b, sink) -> {
            List<Sample> samples = new ArrayList<>(b.size());
            for (Row r : b) {
                samples.add(sample(r));
            }
            List<Verdict> verdicts = apply(check, samples);
            for (int i = 0; i < samples.size(); i++) {
                long index = base + next[0]++;
                Verdict v = verdicts.get(i);
                sink.accept(v.kept() ? Events.sample(index, 0, v.sample()) : Events.rejection(index, 0, rejection(samples.get(i), v)));
            }
        }, check);
        Partitions.closeWithTask(out);
        return out;
    }

    /** The check's verdicts on one batch; a check that fails as a whole (not per sample) fails the task. */
    static List<Verdict> apply(SelfCheck check, List<Sample> batch) {
        try {
            return check.apply(batch);
        } catch (Exception e) {
            throw new IllegalStateException("the self-check failed on a batch: " + e, e);
        }
    }

    /** What a dropping verdict makes of its sample. */
    static Rejection rejection(Sample s, Verdict v) {
        return new Rejection(s.source().id(), s.key(), v.stage(), v.reason(), v.message(), v.details());
    }

    /** A sample row back into a sample, through the shard reader's own member rules. */
    public static Sample sample(Row r) {
        return SampleColumns.of(r).toSample();
    }
}
