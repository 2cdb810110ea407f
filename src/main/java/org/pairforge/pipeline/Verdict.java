package org.pairforge.pipeline;

import org.pairforge.core.Sample;

/**
 * What a stage made of a sample: kept (as it was, or annotated), or dropped with a reason code counted in the
 * funnel and a message for people that names the value, the limit and the flag that sets it.
 */
public record Verdict(Sample sample, String reason, String message) {
    public Verdict {
        if ((sample == null) == (reason == null)) {
            throw new IllegalArgumentException("a verdict keeps a sample or drops it with a reason, not both or neither");
        }
    }

    public static Verdict keep(Sample sample) {
        return new Verdict(java.util.Objects.requireNonNull(sample, "sample"), null, null);
    }

    public static Verdict drop(String reason, String message) {
        return new Verdict(null, java.util.Objects.requireNonNull(reason, "reason"), message);
    }

    public boolean kept() {
        return sample != null;
    }
}
