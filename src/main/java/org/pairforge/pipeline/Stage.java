package org.pairforge.pipeline;

import org.pairforge.core.Filter;
import org.pairforge.core.Sample;

/**
 * One step after extraction, seeing each sample in turn, in the spirit of OkHttp's {@code Interceptor}: it
 * keeps the sample ({@link Verdict#keep}), annotates it (keeps {@link Sample#withMetadata} or
 * {@link Sample#withMember} of it), or drops it with a reason ({@link Verdict#drop}). Stages talk to each
 * other only through the sample. A stage is called from several threads at once; it must be thread-safe.
 *
 * <p>An exception thrown here is not the end of the run: the sample becomes a {@code stage_fault} rejection
 * naming the stage, and the other samples go on.
 */
@FunctionalInterface
public interface Stage {
    Verdict apply(Sample sample) throws Exception;

    /** What rejections and the funnel call this stage. */
    default String name() {
        String n = getClass().getSimpleName();
        return n.isEmpty() || n.contains("$$") ? "stage" : n;
    }

    /** {@code stage} under a name of its own (for lambdas). */
    static Stage named(String name, Stage stage) {
        return new Stage() {
            @Override
            public Verdict apply(Sample sample) throws Exception {
                return stage.apply(sample);
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    /** A quality rule as a stage: its drop is the sample's rejection. */
    static Stage of(Filter filter) {
        return named(filter.getClass().getSimpleName(), sample -> filter.check(sample)
                .map(d -> Verdict.drop(d.reason(), d.message()))
                .orElseGet(() -> Verdict.keep(sample)));
    }
}
