package org.pairforge.pipeline;

import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;

import java.util.Map;

/**
 * What a stage made of a sample: kept (as it was, or annotated), or dropped with a reason code counted in the
 * funnel and a message for people that names the value, the limit and the flag that sets it.
 *
 * @param stage   the stage the rejection is recorded under ({@code filter} unless a stage says otherwise)
 * @param details further fields for the rejection's line in {@code rejects.jsonl}
 */
public record Verdict(Sample sample, String reason, String message, Rejection.Stage stage, Map<String, Object> details) {
    public Verdict {
        if ((sample == null) == (reason == null)) {
            throw new IllegalArgumentException("a verdict keeps a sample or drops it with a reason, not both or neither");
        }
        stage = stage == null ? Rejection.Stage.FILTER : stage;
        details = details == null ? Map.of() : details;
    }

    public Verdict(Sample sample, String reason, String message) {
        this(sample, reason, message, null, null);
    }

    public static Verdict keep(Sample sample) {
        return new Verdict(java.util.Objects.requireNonNull(sample, "sample"), null, null);
    }

    public static Verdict drop(String reason, String message) {
        return new Verdict(null, java.util.Objects.requireNonNull(reason, "reason"), message);
    }

    /** A drop recorded under {@code stage}, with extra fields for its {@code rejects.jsonl} line. */
    public static Verdict drop(String reason, String message, Rejection.Stage stage, Map<String, Object> details) {
        return new Verdict(null, java.util.Objects.requireNonNull(reason, "reason"), message, stage, details);
    }

    public boolean kept() {
        return sample != null;
    }
}
